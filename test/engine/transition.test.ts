// Transition properties (kind `transition`, decided on every explored step) in both explorers:
// the shortest counterexample ends with the violating step; steps into visited states count;
// a symmetry reduction does not hide or garble a violation.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import { transition } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';
import type { PathStep } from '../../src/engine/result.ts';
import { ledgerModel, ledgerProperties, type LedgerAction, type LedgerState } from '../fixtures/ledger.ts';
import { tokensModel } from './toy-models.ts';

function expectRun<S, A>(model: Model<S, A>, path: PathStep<S, A>[]) {
  expect(model.init()).toContainEqual(path[0].state);
  for (let i = 1; i < path.length; i++) {
    expect(model.actions(path[i - 1].state)).toContainEqual(path[i].action);
    expect(model.next(path[i - 1].state, path[i].action as A)).toEqual(path[i].state);
  }
}

const stable = () => ledgerProperties().filter((p) => p.name === 'commit-stable');

describe('transition properties: exhaustive', () => {
  it('holds when no step breaks it', async () => {
    const r = await exhaustive(ledgerModel({ cap: 3, rollback: false }), stable());
    expect(r.outcome).toBe('pass');
    expect(r.properties[0]).toMatchObject({ kind: 'transition', status: 'holds' });
  });

  it('reports the shortest path to the violating step, ending with that step', async () => {
    const model = ledgerModel({ cap: 3, rollback: true });
    const r = await exhaustive(model, stable());
    expect(r.outcome).toBe('violation');
    const v = r.properties[0];
    expect(v.path?.map((s) => (s.action as LedgerAction | null)?.type ?? null)).toEqual([null, 'append', 'commit', 'rollback']);
    expect(v.explanation?.facts).toEqual(['rollback moved the commit point back from 1 to 0']);
    expectRun(model, v.path!);
  });

  it('checks steps into states already visited (the rollback returns to a known state)', async () => {
    // Every rollback leads to a state the search has already stored: only a check on every
    // transition, not only on new states, can see it.
    const model = ledgerModel({ cap: 1, rollback: true });
    const r = await exhaustive(model, stable());
    expect(r.properties[0].status).toBe('violated');
    expect(r.properties[0].path?.at(-1)?.state).toEqual({ log: [1], committed: 0 });
  });

  it('evaluates the concrete step and rebuilds it under a symmetry reduction', async () => {
    // No token may go from level 1 to level 2. canonical() sorts the levels, so the stored state
    // is [0, 0, 1] and the search fails bump(2); the rebuilt concrete state is [1, 0, 0], where
    // the failing step is bump(0).
    const p = transition<number[], number>('no-second-bump', (s, i, t) => !(s[i] === 1 && t[i] === 2) || { facts: [`bump(${i}) took token ${i} to 2`] });
    for (const symmetric of [false, true]) {
      const model = tokensModel(symmetric);
      const r = await exhaustive(model, [p]);
      expect(r.properties[0].status).toBe('violated');
      const path = r.properties[0].path!;
      expect(path.map((s) => s.action)).toEqual([null, 0, 0]);
      expect(r.properties[0].explanation?.facts).toEqual(['bump(0) took token 0 to 2']);
      expectRun(model, path);
    }
  });
});

describe('transition properties: random', () => {
  it('finds and shrinks a violating step, and passes a correct model', async () => {
    const model = ledgerModel({ cap: 3, rollback: true });
    const r = await simulate(model, stable(), { seed: 1, runs: 200, steps: 20 });
    expect(r.outcome).toBe('violation');
    const path = r.properties[0].path!;
    expect((path.at(-1)?.action as LedgerAction).type).toBe('rollback');
    expect(path.length).toBeLessThanOrEqual(8);
    expectRun(model, path as PathStep<LedgerState, LedgerAction>[]);
    const ok = await simulate(ledgerModel({ cap: 3, rollback: false }), stable(), { seed: 1, runs: 50, steps: 20 });
    expect(ok.outcome).toBe('pass');
  });
});
