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
  // (Seed 002 13.2.2) recovery on a replacement that takes over the role, for each server kind
  ['crash-replace (c1 on a replacement, on-ack)', { preset: 'crash-replace' }],
  ['crash-replace-zone (z1 on a replacement, on-ack)', { preset: 'crash-replace-zone' }],
  ['crash-replace-master (the MS on a replacement)', { preset: 'crash-replace-master' }],
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

describe('durability has a safety part and a liveness part', () => {
  it('crash-replace without re-registration: nothing is lost (durability holds), yet the update never reaches the MS (durability:eventually violated)', async () => {
    const spec: VariantSpec = { preset: 'crash-replace', override: { faults: { crashes: 1, nodes: ['c1'], checkpoint: { cell: 'on-ack', zone: 'on-ack' }, recovery: 'replacement', reregister: false } } };
    const { model, properties } = buildVariant(spec, ['durability']);
    expect(properties.map((p) => p.name)).toEqual(['durability', 'durability:eventually']);
    const result = await exhaustive(model, properties);
    expect(result.properties.map((p) => [p.name, p.status])).toEqual([['durability', 'holds'], ['durability:eventually', 'violated']]);
    const path = result.properties[1]!.path!.flatMap((s) => (s.action === null ? [] : [model.formatAction!(s.action)]));
    expect(path).toContain('c1 recovers on a replacement');
  }, 120_000);

  it('crash-cell (c1 never checkpoints): both parts are violated, the safety part first (4 steps), the liveness part when c1 has recovered (5 steps)', async () => {
    const { model, properties } = buildVariant({ preset: 'crash-cell' }, ['durability']);
    const result = await exhaustive(model, properties);
    expect(result.properties.map((p) => [p.name, p.status, p.path?.filter((s) => s.action !== null).length])).toEqual([['durability', 'violated', 4], ['durability:eventually', 'violated', 5]]);
  }, 120_000);
});
