// Breadth-first exploration on tiny models: shortest paths, witnesses, liveness, limits, symmetry.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always, alwaysReachable, sometimes } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';
import type { PathStep, ExhaustiveStats } from '../../src/engine/result.ts';
import { UsageError } from '../../src/engine/errors.ts';
import { counterModel, gridModel, tokensModel, trapModel } from './toy-models.ts';

/** Checks that a path is a real run of the model: starts in an initial state and replays step by step. */
function expectRun<S, A>(model: Model<S, A>, path: PathStep<S, A>[]): void {
  expect(model.init()).toContainEqual(path[0].state);
  expect(path[0].action).toBeNull();
  for (let k = 1; k < path.length; k++) {
    expect(model.actions(path[k - 1].state)).toContainEqual(path[k].action);
    expect(model.next(path[k - 1].state, path[k].action as A)).toEqual(path[k].state);
  }
}

const stats = (r: { stats: unknown }) => r.stats as ExhaustiveStats;

describe('exhaustive: always', () => {
  it('proves an invariant on every state and reports exact counts', async () => {
    const r = await exhaustive(gridModel(4, 3), [always('in-box', ([x, y]) => x < 4 && y < 3)]);
    expect(r.outcome).toBe('pass');
    expect(r.properties[0].status).toBe('holds');
    // 12 cells; every cell has one edge per enabled move: 3*3 right + 4*2 up.
    expect(stats(r)).toMatchObject({ distinctStates: 12, transitions: 17, maxDepth: 5 });
    expect(stats(r).limit).toBeUndefined();
    expect(stats(r).collisionProbability).toBeGreaterThan(0);
    expect(stats(r).bytesPerState).toBeGreaterThan(0);
  });

  it('returns a shortest counterexample with the explanation', async () => {
    const p = always<[number, number]>('not-3-2', ([x, y]) => (x === 3 && y === 2 ? { facts: ['at (3, 2)'] } : true));
    const model = gridModel(5, 5);
    const r = await exhaustive(model, [p]);
    expect(r.outcome).toBe('violation');
    const v = r.properties[0];
    expect(v.status).toBe('violated');
    expect(v.explanation).toEqual({ facts: ['at (3, 2)'] });
    expect(v.path).toHaveLength(6);
    expect(v.path?.at(-1)?.state).toEqual([3, 2]);
    expectRun(model, v.path ?? []);
  });

  it('explains a bare false with a generic fact, and a violating initial state with a one-step path', async () => {
    const r = await exhaustive(gridModel(2, 2), [always('never', () => false)]);
    expect(r.properties[0].path).toHaveLength(1);
    expect(r.properties[0].explanation?.facts).toEqual(['never is false in the initial state']);
  });

  it('stops early once every property is decided', async () => {
    const r = await exhaustive(counterModel(), [always('small', (n) => n < 10), sometimes('five', (n) => n === 5)]);
    expect(r.outcome).toBe('violation');
    expect(r.properties.map((p) => p.status)).toEqual(['violated', 'holds']);
    expect(stats(r).limit).toBeUndefined();
    expect(stats(r).distinctStates).toBeLessThan(100);
  });
});

describe('exhaustive: sometimes', () => {
  it('reports a shortest witness', async () => {
    const model = gridModel(5, 5);
    const r = await exhaustive(model, [sometimes('diagonal-2', ([x, y]) => x === 2 && y === 2)]);
    expect(r.outcome).toBe('pass');
    expect(r.properties[0].status).toBe('holds');
    expect(r.properties[0].path).toHaveLength(5);
    expectRun(model, r.properties[0].path ?? []);
  });

  it('reports a condition never met in an exhausted space as violated, without a path', async () => {
    const r = await exhaustive(gridModel(3, 3), [sometimes('far', ([x]) => x > 5)]);
    expect(r.outcome).toBe('violation');
    expect(r.properties[0]).toMatchObject({ status: 'violated', explanation: { facts: ['no reachable state satisfies far'] } });
    expect(r.properties[0].path).toBeUndefined();
  });
});

describe('exhaustive: alwaysReachable', () => {
  it('leads to the shallowest state from which no goal is reachable', async () => {
    const model = trapModel();
    const goal = alwaysReachable<number | string>('at-5', (s) => (s === 5 ? true : { facts: [`at ${s}`] }));
    const r = await exhaustive(model, [goal]);
    expect(r.outcome).toBe('violation');
    const v = r.properties[0];
    // The doomed state 'a', then the continuation (no drain actions marked: every action
    // completes), which loops back to 'a'.
    expect(v.path?.map((p) => p.state)).toEqual([0, 1, 'a', 'a']);
    expect(v.doomedAt).toBe(2);
    expect(v.explanation?.facts).toEqual([
      'no state satisfying at-5 is reachable by any actions from the state after step 2',
      'the drain continuation (1 step, first enabled completing action each time) comes back to an earlier state after step 3, the goal failing all along',
      'at a',
    ]);
    expectRun(model, v.path ?? []);
  });

  it('counts a terminal state as a state like any other', async () => {
    const model = trapModel();
    const r = await exhaustive(model, [alwaysReachable<number | string>('5-or-a', (s) => s === 5 || s === 'a')]);
    expect(r.properties[0].path?.at(-1)?.state).toBe('b');
    expect(r.properties[0].path).toHaveLength(5);
  });

  it('keeps exploring after an invariant fails, to decide liveness on the whole graph', async () => {
    const r = await exhaustive(trapModel(), [always<number | string>('not-3', (s) => s !== 3), alwaysReachable<number | string>('at-5', (s) => s === 5)]);
    expect(r.properties.map((p) => p.status)).toEqual(['violated', 'violated']);
    expect(r.properties[0].path).toHaveLength(4);
    expect(stats(r).distinctStates).toBe(8); // 0..5, a and b
  });

  it('holds when every state can reach a goal', async () => {
    const r = await exhaustive(gridModel(3, 3), [alwaysReachable('corner', ([x, y]) => x === 2 && y === 2)]);
    expect(r.outcome).toBe('pass');
    expect(r.properties[0].status).toBe('holds');
  });
});

describe('exhaustive: limits never pass', () => {
  const props = () => [always<number>('nonneg', (n) => n >= 0), sometimes<number>('never', () => false), alwaysReachable<number>('zero', (n) => n === 0)];

  it('max-states', async () => {
    const r = await exhaustive(counterModel(), props(), { maxStates: 50 });
    expect(r.outcome).toBe('incomplete');
    expect(stats(r)).toMatchObject({ limit: 'max-states', distinctStates: 50 });
    expect(r.properties.map((p) => p.status)).toEqual(['incomplete', 'incomplete', 'incomplete']);
    expect(r.properties[0].reason).toMatch(/state limit \(50 states\)/);
  });

  it('max-depth cuts a space that goes on, but not one that fits', async () => {
    const r = await exhaustive(counterModel(), props(), { maxDepth: 4 });
    expect(r.outcome).toBe('incomplete');
    expect(stats(r)).toMatchObject({ limit: 'max-depth', maxDepth: 4 });
    expect(r.properties[2].reason).toMatch(/alwaysReachable needs the whole graph/);
    const fits = await exhaustive(gridModel(3, 3), [always('ok', () => true), alwaysReachable('corner', ([x, y]) => x + y === 4)], { maxDepth: 4 });
    expect(fits.outcome).toBe('pass');
    expect(stats(fits).limit).toBeUndefined();
    const cut = await exhaustive(gridModel(3, 3), [always('ok', () => true)], { maxDepth: 3 });
    expect(cut.outcome).toBe('incomplete');
    expect(stats(cut).distinctStates).toBe(8);
  });

  it('shouldStop and timeLimit', async () => {
    const stopped = await exhaustive(counterModel(), props(), { shouldStop: () => true });
    expect(stopped.outcome).toBe('incomplete');
    expect(stats(stopped).limit).toBe('interrupted');
    const timed = await exhaustive(counterModel(), props(), { timeLimit: 0.05 });
    expect(timed.outcome).toBe('incomplete');
    expect(stats(timed).limit).toBe('time-limit');
  });

  it('keeps a violation found before the limit', async () => {
    const r = await exhaustive(counterModel(), [always('below-20', (n) => n < 20), always('nonneg', (n) => n >= 0)], { maxStates: 1000 });
    expect(r.outcome).toBe('violation');
    expect(r.properties.map((p) => p.status)).toEqual(['violated', 'incomplete']);
    // The largest value after 5 steps is 16 (0 1 2 4 8 16), so a shortest violation takes 6 steps.
    expect(r.properties[0].path?.at(-1)?.state).toBeGreaterThanOrEqual(20);
    expect(r.properties[0].path).toHaveLength(7);
  });

  it('rejects nonsense limits', async () => {
    await expect(exhaustive(counterModel(), [], { maxStates: 0 })).rejects.toThrow(UsageError);
    await expect(exhaustive(counterModel(), [], { maxDepth: -1 })).rejects.toThrow(UsageError);
  });
});

describe('exhaustive: symmetry', () => {
  it('explores representatives only and replays concrete counterexamples', async () => {
    const plain = await exhaustive(tokensModel(false), []);
    const reduced = await exhaustive(tokensModel(true), []);
    expect(stats(plain).distinctStates).toBe(27);
    expect(stats(reduced).distinctStates).toBe(10); // multisets of 3 levels out of {0, 1, 2}
    const model = tokensModel(true);
    const mixed = always<number[]>('not-2-1-0', (s) => !(s.includes(2) && s.includes(1) && s.includes(0)));
    const r = await exhaustive(model, [mixed]);
    const path = r.properties[0].path ?? [];
    expect(path).toHaveLength(4);
    expectRun(model, path);
    expect([...path[3].state].sort()).toEqual([0, 1, 2]);
    // The replayed run is concrete: it passes through states that are not representatives.
    expect(path.some((step) => JSON.stringify(step.state) !== JSON.stringify(model.canonical?.(step.state)))).toBe(true);
  });
});

describe('exhaustive: progress', () => {
  it('yields to the event loop, so a timer can interrupt an endless run', async () => {
    let stop = false;
    setTimeout(() => { stop = true; }, 30);
    const r = await exhaustive(counterModel(), [], { shouldStop: () => stop });
    expect(stats(r).limit).toBe('interrupted');
    expect(r.outcome).toBe('incomplete');
  });

  it('reports progress about once a second', async () => {
    const seen: { distinctStates: number; queue: number; depth: number; seconds: number }[] = [];
    const r = await exhaustive(counterModel(), [], { onProgress: (p) => seen.push(p), shouldStop: () => seen.length > 0 });
    expect(seen).toHaveLength(1);
    expect(seen[0].seconds).toBeGreaterThanOrEqual(1);
    expect(seen[0].distinctStates).toBeGreaterThan(0);
    expect(seen[0].queue).toBeGreaterThan(0);
    expect(stats(r).distinctStates).toBeGreaterThanOrEqual(seen[0].distinctStates);
  });

  it('dedups initial states and never reports progress for a run shorter than a second', async () => {
    const model: Model<number, never> = { name: 'two-inits', init: () => [1, 1, 2], actions: () => [], next: () => undefined, encode: (n, o) => o.word(n) };
    const seen: number[] = [];
    const r = await exhaustive(model, [], { onProgress: (p) => seen.push(p.distinctStates) });
    expect(stats(r)).toMatchObject({ distinctStates: 2, transitions: 0, maxDepth: 0 });
    expect(r.outcome).toBe('pass');
    expect(seen).toEqual([]);
  });
});
