/**
 * `step` (the in-place variant random walks use on large configurations) must produce exactly
 * the states `next` produces, and never alter a state the walk did not make itself (the
 * shared initial state above all). Compared on random walks of the `small` and `large` presets.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import replication from '../../model/index.ts';
import type { Model } from '../../src/engine/model.ts';
import type { ReplicationState } from '../../traces/replication.ts';

async function modelFor(config: string): Promise<Model<ReplicationState, unknown>> {
  const t = await replication.create({ params: {}, config, cwd: process.cwd() });
  return t.model as Model<ReplicationState, unknown>;
}

/** Walks `choices` twice, with `next` and with `step`, comparing the states after every step. */
function compareWalk(model: Model<ReplicationState, unknown>, choices: number[]): void {
  const init = model.init()[0]!;
  const initJson = JSON.stringify(init);
  let viaNext = init;
  let viaStep = init;
  for (const c of choices) {
    const acts = model.actions(viaNext);
    if (acts.length === 0) break;
    const a = acts[c % acts.length];
    viaNext = model.next(viaNext, a)!;
    viaStep = model.step!(viaStep, a)!;
    expect(viaStep).toEqual(viaNext);
  }
  expect(JSON.stringify(model.init()[0])).toBe(initJson);
}

describe('Model.step', () => {
  it.each(['small', 'large'])('equals next on random walks of %s and leaves the initial state alone', async (config) => {
    const model = await modelFor(config);
    expect(model.step).toBeTypeOf('function');
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: config === 'large' ? 60 : 120 }), (choices) => {
      compareWalk(model, choices);
    }), { seed: 42, numRuns: config === 'large' ? 15 : 60 });
  });

  it('does not change a state that next produced', async () => {
    const model = await modelFor('small');
    let s = model.init()[0]!;
    for (let i = 0; i < 20; i++) {
      const acts = model.actions(s);
      if (!acts.length) break;
      s = model.next(s, acts[i % acts.length])!;
    }
    const frozen = JSON.stringify(s);
    const acts = model.actions(s);
    for (const a of acts) model.step!(s, a);
    expect(JSON.stringify(s)).toBe(frozen);
  });
});
