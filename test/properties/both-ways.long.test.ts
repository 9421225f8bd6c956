/**
 * Long suite (`npm run test:long`): the properties that hold vacuously on `tiny` and `small`
 * (no reads, joins, interest changes or infrequent objects there) shown holding on
 * configurations that exercise them, with the hierarchical mechanism: exhaustively where the
 * space allows, and by seeded random walks on a configuration with every feature.
 */
import { describe, expect, it } from 'vitest';
import { createReplicationModel, resolveConfig } from '../../model/index.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { replicationProperties } from '../../properties/index.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import { buildVariant, type VariantSpec } from './variants.ts';

const EXHAUSTIVE: { what: string; spec: VariantSpec }[] = [
  { what: 'session guarantees: both hosts write and read, with peer exchange', spec: { preset: 'small', override: { bounds: { reads: 1, failedMigrations: 0 } } } },
];

describe('every property holds where it is exercised (hierarchical, exhaustive)', () => {
  it.each(EXHAUSTIVE.map((e) => [e.what, e] as const))('%s', async (_what, e) => {
    const { model, properties } = buildVariant(e.spec);
    const result = await exhaustive(model, properties);
    expect(result.stats).not.toHaveProperty('limit');
    const bad = result.properties.filter((p) => p.status !== 'holds').map((p) => `${p.name}: ${p.explanation?.facts.join('; ')}`);
    expect(bad).toEqual([]);
  });
});

describe('every property holds on random walks with every feature (hierarchical)', () => {
  it('400 seeded walks of 120 steps, with drain', async () => {
    const config = resolveConfig({
      master: { id: 'ms' }, zones: [{ id: 'z1' }, { id: 'z2' }], cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z1' }, { id: 'c3', zone: 'z2' }],
      hosts: [
        { id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] },
        { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o', 'p'] },
        { id: 'mh3', kind: 'mobile', cell: 'c2', interests: ['p'] },
        { id: 'mh4', kind: 'mobile', cell: 'c3', interests: ['o', 'p'] },
        { id: 'fh1', kind: 'fixed', cell: 'c2', interests: ['o'], joins: true },
      ],
      objects: [
        { id: 'o', kind: 'frequent', items: ['x', 'x2'], related: ['r'] },
        { id: 'p', kind: 'frequent', items: ['y'] },
        { id: 'r', kind: 'infrequent', items: ['z'] },
      ],
      writers: 'all',
      bounds: { updatesPerHost: 3, values: 2, reads: 3, disconnects: 2, moves: 2, failedMigrations: 2, duplicates: 2, interestChanges: 3 },
    }, 'every-feature');
    const model = createReplicationModel(config, builtinMechanism('hierarchical'));
    const properties = replicationProperties({
      index: model.topology.index, config,
      successors: (s) => model.actions(s).map((a) => ({ action: model.actionToJson(a), state: model.next(s, a) })),
    });
    const result = await simulate(model, properties, { runs: 400, steps: 120, drainSteps: 5000, seed: 1 });
    const bad = result.properties.filter((p) => p.status !== 'holds').map((p) => `${p.name}: ${p.explanation?.facts.join('; ') ?? p.reason}`);
    expect(bad).toEqual([]);
    expect(result.outcome).toBe('pass');
  });
});
