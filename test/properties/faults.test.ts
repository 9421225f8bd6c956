/**
 * The fault model's properties where they must hold (issue 12): every property holds,
 * exhaustively, on the crash presets with the checkpoint policy model/README.md names (on-ack at
 * cells and zones), and the fault properties are exercised there (their antecedents occur).
 * Where each is violated: the BROKEN table of both-ways.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { buildVariant, type VariantSpec } from './variants.ts';

const HOLDS: [string, VariantSpec][] = [
  ['crash-cell, cells checkpoint on-ack', { preset: 'crash-cell', override: { faults: { crashes: 1, nodes: ['c1'], checkpoint: 'on-ack' } } }],
  ['crash-cell, cells write ahead', { preset: 'crash-cell', override: { faults: { crashes: 1, nodes: ['c1'], checkpoint: 'always' } } }],
  ['crash-zone, zones checkpoint on-ack', { preset: 'crash-zone', override: { faults: { crashes: 1, nodes: ['z1'], checkpoint: 'on-ack' } } }],
  ['crash-master', { preset: 'crash-master' }],
  ['crash-host (the host never checkpoints)', { preset: 'crash-host' }],
  ['crash-partition', { preset: 'crash-partition' }],
];

describe.each(HOLDS)('every property holds on %s (exhaustive)', (_what, spec) => {
  it('explores the whole space and every property holds', async () => {
    const { model, properties } = buildVariant(spec);
    const result = await exhaustive(model, properties);
    expect(result.stats).not.toHaveProperty('limit');
    const bad = result.properties.filter((p) => p.status !== 'holds').map((p) => `${p.name}: ${p.status} ${p.explanation?.facts.join(' / ') ?? ''}`);
    expect(bad).toEqual([]);
    const durability = properties.find((p) => p.name === 'durability')!;
    const init = model.init()[0]!;
    // The antecedent is reachable: some state after a fault holds an acknowledged update.
    const seen: unknown[] = [init];
    let exercised = false;
    for (let k = 0; k < seen.length && k < 5000 && !exercised; k++) {
      const s = seen[k] as typeof init;
      for (const a of model.actions(s)) {
        const t = model.next(s, a);
        if (!t) continue;
        if (durability.antecedent!.state!(t)) { exercised = true; break; }
        if (seen.length < 5000) seen.push(t);
      }
    }
    expect(exercised).toBe(true);
  }, 120_000);
});

describe('a permanently lost host is its own outcome, not a violation', () => {
  it('crash-permanent: every property holds although mh2 is lost with its update', async () => {
    const { model, properties } = buildVariant({ preset: 'crash-permanent' }, ['durability', 'exactly-once', 'ca-state', 'eventual-consistency']);
    const result = await exhaustive(model, properties);
    expect(result.properties.map((p) => [p.name, p.status])).toEqual(properties.map((p) => [p.name, 'holds']));
  }, 120_000);
});
