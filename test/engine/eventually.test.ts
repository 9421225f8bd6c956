// `eventually` (leads-to under weak fairness): iterative SCCs, fair-cycle detection on hand-made
// graphs, lasso counterexamples on the starvation fixture (unfair-only starvation holds, WF
// starvation and terminal states are violated), symmetry-closed loops, and random mode.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import { eventually } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';
import type { PathStep } from '../../src/engine/result.ts';
import { Bitset, EdgeList } from '../../src/engine/graph.ts';
import { stronglyConnected } from '../../src/engine/scc.ts';
import { findFairCounterexample } from '../../src/engine/fair-cycles.ts';
import { FAIR_BIT } from '../../src/engine/kinds.ts';
import { starvationModel, starvationProperties, type StarvationParams } from '../fixtures/starvation.ts';

function expectRun<S, A>(model: Model<S, A>, path: PathStep<S, A>[]) {
  expect(model.init()).toContainEqual(path[0].state);
  for (let i = 1; i < path.length; i++) expect(model.next(path[i - 1].state, path[i].action as A)).toEqual(path[i].state);
}

/** Edges as [target, code] per state. */
function graph(adjacency: [number, number][][]): EdgeList {
  const e = new EdgeList(true);
  for (const out of adjacency) {
    for (const [t, c] of out) e.add(t, c);
    e.close();
  }
  return e;
}
const bits = (ids: number[]) => {
  const b = new Bitset();
  ids.forEach((i) => b.set(i));
  return b;
};
const F0 = FAIR_BIT | 0;
const F1 = FAIR_BIT | 1;

describe('stronglyConnected', () => {
  it('finds the components of a subgraph without recursion, even on a long chain', () => {
    // 0 <-> 1 -> 2 -> 3 -> 2; 4 excluded
    const e = graph([[[1, 0]], [[0, 0], [2, 0]], [[3, 0]], [[2, 0], [4, 0]], [[0, 0]]]);
    const { comp, count } = stronglyConnected(5, e, Uint8Array.from([1, 1, 1, 1, 0]));
    expect(count).toBe(2);
    expect(comp[0]).toBe(comp[1]);
    expect(comp[2]).toBe(comp[3]);
    expect(comp[0]).not.toBe(comp[2]);
    expect(comp[4]).toBe(-1);
    const n = 200_000;
    const chain = graph(Array.from({ length: n }, (_, i) => [[(i + 1) % n, 0]] as [number, number][]));
    expect(stronglyConnected(n, chain, new Uint8Array(n).fill(1)).count).toBe(1);
  });
});

describe('findFairCounterexample', () => {
  it('accepts a cycle only when every fair kind is taken in it or disabled somewhere on it', () => {
    // 0 -k0-> 0 (self-loop); 0 -k1-> 1 (goal). k1 stays enabled on the loop and is never taken: unfair.
    const unfair = graph([[[0, F0], [1, F1]], []]);
    expect(findFairCounterexample(2, unfair, bits([1]), null)).toBeNull();
    // Same with k1 not fair: the self-loop is a fair counterexample.
    const notFair = graph([[[0, F0], [1, 1]], []]);
    expect(findFairCounterexample(2, notFair, bits([1]), null)).toMatchObject({ stem: [{ id: 0, code: -1 }], loop: [{ id: 0, code: F0 }] });
    // 0 -k0-> 2 -k0-> 0, and k1 (to the goal 1) is enabled only at 0: disabled at 2, so the cycle is fair.
    const phase = graph([[[2, F0], [1, F1]], [], [[0, F0]]]);
    expect(findFairCounterexample(3, phase, bits([1]), null)?.loop?.map((s) => s.id)).toEqual([2, 0]);
  });

  it('reports a non-goal terminal state reachable from a trigger, and ignores non-trigger starts', () => {
    // 0 -> 1 (terminal, not a goal); 0 -> 2 (goal)
    const e = graph([[[1, F0], [2, F0]], [], []]);
    expect(findFairCounterexample(3, e, bits([2]), bits([0]))).toMatchObject({ stem: [{ id: 0 }, { id: 1 }], loop: null });
    expect(findFairCounterexample(3, e, bits([2]), null)).toMatchObject({ stem: [{ id: 1 }], loop: null });
    expect(findFairCounterexample(3, e, bits([2]), bits([2]))).toBeNull();
  });

  it('builds a loop that takes every fair kind that is always enabled in the component', () => {
    // 0 -k0-> 1, 1 -k0-> 0 and 1 -k1-> 0: k0 is enabled everywhere, so the loop must take a k0 edge.
    const e = graph([[[1, F0]], [[0, F0], [0, F1]]]);
    const found = findFairCounterexample(2, e, bits([]), null)!;
    expect(found.loop!.at(-1)!.id).toBe(0);
    expect(found.loop!.some((s) => s.code === F0)).toBe(true);
  });
});

const star = (p: Partial<StarvationParams> = {}) => starvationModel({ serve: 'always', halt: false, fair: 'both', ...p });

describe('eventually: exhaustive', () => {
  it('holds when only an unfair schedule starves the waiter', async () => {
    const r = await exhaustive(star(), starvationProperties());
    expect(r.outcome).toBe('pass');
    expect(r.properties[0]).toMatchObject({ kind: 'eventually', status: 'holds', vacuous: false });
  });

  it('is violated by a fair lasso when serve is disabled every other step', async () => {
    const model = star({ serve: 'phase' });
    const r = await exhaustive(model, starvationProperties());
    expect(r.outcome).toBe('violation');
    const v = r.properties[0];
    expect(v.path?.map((s) => s.action)).toEqual([null, 'spin', 'spin', 'spin']);
    expect(v.loop).toBe(1);
    expect(v.path!.at(-1)!.state).toEqual(v.path![v.loop!].state);
    expect(v.explanation?.facts).toContain('steps 2-3 loop back to step 1 forever');
    expectRun(model, v.path!);
  });

  it('is violated when serve is not weakly fair, and by a terminal state', async () => {
    const unfair = await exhaustive(star({ fair: 'spin' }), starvationProperties());
    expect(unfair.properties[0]).toMatchObject({ status: 'violated', loop: 1 });
    const halted = await exhaustive(star({ serve: 'never', halt: true }), starvationProperties());
    expect(halted.properties[0].status).toBe('violated');
    expect(halted.properties[0].loop).toBeUndefined();
    expect(halted.properties[0].explanation?.facts).toContain('the spinner halted and serve is never enabled');
  });

  it('closes the loop on concrete states under a symmetry reduction', async () => {
    // rotate permutes the tokens; canonical() sorts them, so rotate is a self-loop on canonical
    // states but takes three concrete steps to come back.
    const model: Model<number[], string> = {
      name: 'rotor',
      init: () => [[1, 0, 0]],
      actions: (s) => (s[0] === 1 ? ['rotate', 'finish'] : ['rotate']),
      next: (s, a) => (a === 'rotate' ? [s[1], s[2], s[0]] : [2, 2, 2]),
      encode: (s, out) => s.forEach((v) => out.word(v)),
      canonical: (s) => [...s].sort(),
      formatAction: (a) => a,
      isFair: (a) => a === 'rotate',
    };
    const r = await exhaustive(model, [eventually<number[], string>('finished', (s) => s[0] === 2)]);
    const v = r.properties[0];
    expect(v.status).toBe('violated');
    expect(v.path?.map((s) => s.state)).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]);
    expect(v.loop).toBe(0);
    expectRun(model, v.path!);
  });

  it('(sweep 30c) a model that declares fairness lets a run stop where no fair action is enabled, fair edges explored or not', async () => {
    // `go` (not fair) reaches the goal; the fair `tick` is never enabled, or only past the goal.
    // Both behave alike up to the goal: the run may stop at once (simulate's rule already read the declaration).
    const f0 = (tickAfterGoal: boolean, declared: boolean): Model<number[], string> => ({
      name: 'f0',
      init: () => [[0, 0]],
      actions: (s) => [...(s[0] === 0 ? ['go'] : []), ...(tickAfterGoal && s[0] === 1 && s[1] === 0 ? ['tick'] : [])],
      next: (s, a) => (a === 'go' ? [1, s[1]!] : [s[0]!, 1]),
      encode: (s, out) => s.forEach((v) => out.word(v)),
      formatAction: (a) => a,
      ...(declared ? { isFair: (a: string) => a === 'tick' } : {}),
    });
    const g = eventually<number[], string>('g', (s) => s[0] === 1);
    for (const after of [false, true]) {
      const r = await exhaustive(f0(after, true), [g]);
      expect(r.properties[0].status, `tick after the goal: ${after}`).toBe('violated');
      expect(r.properties[0].path).toHaveLength(1);
      expect(r.properties[0].explanation?.facts.join('\n')).toMatch(/the run may stop at step 0: no weakly fair action is enabled there/);
    }
    // Without isFair or isDrain there is no fairness: runs are maximal, and `go` must happen.
    expect((await exhaustive(f0(false, false), [g])).properties[0].status).toBe('holds');
  });

  it('(sweep 30c) closes a loop whose passes come back to a later pass, not the first (a sound reduction stays on)', async () => {
    // Three symmetric states in one class; the first action goes 0 -> 1 -> 2 -> 1: the passes
    // around the one-state loop of the reduced graph never return to 0, but 1 comes back.
    const model: Model<number, string> = {
      name: 'rho',
      init: () => [0],
      actions: () => ['step'],
      next: (s) => [1, 2, 1][s]!,
      encode: (s, out) => out.word(s),
      canonical: () => 0,
      formatAction: (a) => a,
      isFair: () => true,
    };
    const r = await exhaustive(model, [eventually<number, string>('never', () => false)]);
    const v = r.properties[0];
    expect(r.warnings).toBeUndefined();
    expect(v.status).toBe('violated');
    expect(v.path?.map((s) => s.state)).toEqual([0, 1, 2, 1]);
    expect(v.loop).toBe(1);
    expectRun(model, v.path!);
  });

  it('is incomplete when a limit cut the graph', async () => {
    const r = await exhaustive(star({ serve: 'phase' }), starvationProperties(), { maxStates: 2 });
    expect(r.properties[0].status).toBe('incomplete');
  });
});

describe('eventually: random', () => {
  it('is incomplete when drains are cut with fair actions enabled, violated when a walk stops where no fair action is enabled', async () => {
    // The fair loop of serve=phase never ends a drain: random walks cannot decide it (check does).
    const open = await simulate(star({ serve: 'phase' }), starvationProperties(), { runs: 20, steps: 10 });
    expect(open.outcome).toBe('incomplete');
    // (Stop 30) The starvation model declares no isDrain: its walks never drain, and the reason says so.
    expect(open.properties[0].reason).toMatch(/walks ended with fair actions still enabled and served not yet holding; the model declares no isDrain, so random walks do not drain/);
    const halted = await simulate(star({ serve: 'never', halt: true }), starvationProperties(), { runs: 20, steps: 10 });
    expect(halted.outcome).toBe('violation');
    expect(halted.properties[0].path?.length).toBe(2);
  });
});
