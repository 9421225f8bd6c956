// Issue 17: random runs on workers take runs from a shared counter (src/engine/run-claims.ts),
// so which worker walks which run depends on timing. Whatever the split, the result must be one
// thread's: here three in-process "workers" (serveShard behind a fake port, interleaving at the
// search's own yields), with this thread walking a shard too or not, walk a model slow enough to interleave, and the report equals simulate()
// on one thread, on a pass, a failing run and a run stopped midway (cut back to a prefix).
import { describe, expect, it } from 'vitest';
import { closeJoin, JOIN_CLOSED, JOINED, RunClaims } from '../../src/engine/run-claims.ts';
import { simulate } from '../../src/engine/random.ts';
import { serveShard, simulateOnWorkers, type ShardOptions, type ShardWorker } from '../../src/engine/parallel-random.ts';
import type { Model } from '../../src/engine/model.ts';
import type { CheckTarget } from '../../src/engine/plugin.ts';
import type { RunResult } from '../../src/engine/result.ts';
import { counterModel, counterProperties, type CounterAction, type CounterParams, type CounterState } from '../fixtures/counter.ts';

const shared = () => new Int32Array(new SharedArrayBuffer(4));

describe('RunClaims', () => {
  it('without a counter: the runs r mod count == index', () => {
    const c = new RunClaims({ index: 1, count: 3 });
    expect([0, 1, 2, 3, 4, 5, 6, 7].filter((r) => c.mine(r))).toEqual([1, 4, 7]);
    expect(c.unfinished()).toBeUndefined();
  });

  it('with a counter: every run is taken by exactly one claimer, each in increasing order', () => {
    const claims = shared();
    const a = new RunClaims({ index: 0, count: 2, claims });
    const b = new RunClaims({ index: 1, count: 2, claims });
    const mine: number[][] = [[], []];
    // a asks about runs 0..; b starts later and asks from 0 too (it generates every run).
    for (let r = 0; r < 12; r++) {
      for (const [k, c] of [a, b].entries()) {
        if ((k === 1 && r < 3) || !c.mine(r)) continue;
        mine[k].push(r);
        c.finished();
      }
    }
    expect([...mine[0], ...mine[1]].sort((x, y) => x - y)).toEqual([...Array(12).keys()]);
    expect(mine[1].length).toBeGreaterThan(0);
  });

  it('unfinished: the run held when stopped, else a fresh one nobody will walk', () => {
    const claims = shared();
    const a = new RunClaims({ index: 0, count: 2, claims });
    expect(a.mine(0)).toBe(true);
    expect(a.unfinished()).toBe(0); // stopped inside run 0
    const b = new RunClaims({ index: 1, count: 2, claims });
    expect(b.mine(0)).toBe(false); // took run 1
    expect(b.mine(1)).toBe(true);
    b.finished();
    expect(b.unfinished()).toBe(2);
  });
});

describe('RunClaims with a join cell (stop 36: a worker that starts late)', () => {
  it('a worker asking after its cell was closed takes no run and reports none unfinished', () => {
    const claims = new Int32Array(new SharedArrayBuffer(12));
    const here = new RunClaims({ index: 1, count: 2, claims });
    expect(here.mine(0)).toBe(true);
    expect(closeJoin(claims, 2)).toBe(true);
    const late = new RunClaims({ index: 0, count: 2, claims, join: 2 });
    expect([0, 1, 2, 3].some((r) => late.mine(r))).toBe(false);
    expect(late.unfinished()).toBeUndefined();
    expect(Atomics.load(claims, 0)).toBe(1); // it took nothing from the counter
    expect(Atomics.load(claims, 2)).toBe(JOIN_CLOSED);
  });

  it('a worker that joined first cannot be closed out, and takes runs as any other', () => {
    const claims = new Int32Array(new SharedArrayBuffer(12));
    const w = new RunClaims({ index: 0, count: 2, claims, join: 2 });
    expect(w.mine(0)).toBe(true);
    expect(Atomics.load(claims, 2)).toBe(JOINED);
    expect(closeJoin(claims, 2)).toBe(false);
    w.finished();
    expect(w.mine(1)).toBe(true);
  });

  it('a worker stopped by a limit before its first run joins to say which run it took unwalked', () => {
    const claims = new Int32Array(new SharedArrayBuffer(12));
    const w = new RunClaims({ index: 0, count: 2, claims, join: 2 });
    expect(w.unfinished()).toBe(0);
    expect(closeJoin(claims, 2)).toBe(false);
  });
});

/** The counter model with steps slow enough (wall clock) that in-process shards interleave. */
function slowCounter(p: CounterParams): Model<CounterState, CounterAction> {
  const m = counterModel(p);
  return {
    ...m,
    next(s, a) {
      const until = performance.now() + 0.05;
      while (performance.now() < until);
      return m.next(s, a);
    },
  };
}

/** Shards served in this thread behind a fake port; records each shard's walked run count. */
function inProcess(model: Model<CounterState, CounterAction>, p: CounterParams, walked: number[]) {
  return (options: ShardOptions): ShardWorker => {
    const toMain: ((m: any) => void)[] = [];
    const toShard: ((m: any) => void)[] = [];
    setImmediate(() => {
      void serveShard({
        postMessage: (m) => {
          if (m.t === 'tally') walked[options.shard.index] = m.tally.runs;
          setImmediate(() => toMain.forEach((f) => f(m)));
        },
        on: (_e, fn) => toShard.push(fn),
      }, { model } as unknown as CheckTarget<CounterState, CounterAction>, counterProperties(p), options);
    });
    return {
      postMessage: (m) => toShard.forEach((f) => f(m)),
      on: (e: string, fn: (m: any) => void) => (e === 'message' ? toMain.push(fn) : undefined),
      terminate: () => undefined,
    } as ShardWorker;
  };
}

const untimed = (r: RunResult<unknown, unknown>) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'seconds' || k === 'stepsPerSecond' ? undefined : v)));

describe('three workers sharing a run counter give the one-thread result', () => {
  const p: CounterParams = { hosts: 3, max: 4, limit: 100, stuck: false, starts: 1 };
  const model = slowCounter(p);

  it.each([false, true])('on a pass, with the runs split unevenly between the threads (this thread walking too: %s)', async (walkHere) => {
    const walked = [0, 0, 0];
    const options = { seed: 5, runs: 300, steps: 12 };
    const here = walkHere ? { here: { metrics: () => undefined } } : {};
    const par = await simulateOnWorkers(model, counterProperties(p), options, { workers: 3, spawn: inProcess(model, p, walked), ...here });
    expect(untimed(par)).toEqual(untimed(await simulate(model, counterProperties(p), options)));
    if (!walkHere) expect(walked.reduce((x, y) => x + y)).toBe(300);
    expect(walked.filter((n) => n > 0).length).toBeGreaterThan(walkHere ? 0 : 1);
  }, 60_000);

  it('on a failing run: the lowest failing run, shrunk as one thread shrinks it', async () => {
    const q = { ...p, limit: 7 };
    const m = slowCounter(q);
    const options = { seed: 11, runs: 300, steps: 12 };
    const par = await simulateOnWorkers(m, counterProperties(q), options, { workers: 3, spawn: inProcess(m, q, [0, 0, 0]), here: { metrics: () => undefined } });
    const one = await simulate(m, counterProperties(q), options);
    expect(one.outcome).toBe('violation');
    expect(untimed(par)).toEqual(untimed(one));
  }, 60_000);

  it('stopped midway by the time limit (inside walks): the prefix of runs every worker finished, as one thread of that many', async () => {
    const options = { seed: 7, runs: 5000, steps: 12, timeLimit: 0.6 };
    const par = await simulateOnWorkers(model, counterProperties(p), options, { workers: 3, spawn: inProcess(model, p, [0, 0, 0]), here: { metrics: () => undefined } });
    const stats = par.stats as { runs: number; steps: number; actionCounts: unknown; limit?: string };
    expect(par.outcome).toBe('incomplete');
    expect(stats.limit).toBe('time-limit');
    expect(stats.runs).toBeGreaterThan(0);
    expect(stats.runs).toBeLessThan(5000);
    const one = await simulate(model, counterProperties(p), { seed: 7, runs: stats.runs, steps: 12 });
    const oneStats = one.stats as typeof stats;
    expect([stats.steps, stats.actionCounts]).toEqual([oneStats.steps, oneStats.actionCounts]);
    expect(par.properties.map((x) => x.witnesses)).toEqual(one.properties.map((x) => x.witnesses));
  }, 60_000);
});

describe('workers that start late (stop 36): this thread walks at once and never waits for a worker that has not joined', () => {
  const p: CounterParams = { hosts: 3, max: 4, limit: 100, stuck: false, starts: 1 };
  const model = slowCounter(p);

  it('a worker that never gets to its first run (still building its model) is closed out: the one-thread result', async () => {
    let terminated = 0;
    const never = (): ShardWorker => ({ postMessage: () => undefined, on: () => undefined, terminate: () => { terminated++; } } as unknown as ShardWorker);
    const options = { seed: 3, runs: 40, steps: 12 };
    const par = await simulateOnWorkers(model, counterProperties(p), options, { workers: 3, spawn: never, here: { metrics: () => undefined } });
    expect(untimed(par)).toEqual(untimed(await simulate(model, counterProperties(p), options)));
    expect(terminated).toBe(2);
  }, 60_000);

  it.each([20, 150])('workers that start %i ms late join midway: the one-thread result', async (delay) => {
    const walked = [0, 0, 0];
    const start = inProcess(model, p, walked);
    const late = (options: ShardOptions): ShardWorker => {
      let w: ShardWorker | undefined;
      const early: [string, (m: any) => void][] = [];
      setTimeout(() => {
        w = start(options);
        for (const [e, fn] of early) w.on(e as 'message', fn);
      }, delay);
      return {
        postMessage: (m) => w?.postMessage(m),
        on: (e: string, fn: (m: any) => void) => (w ? w.on(e as 'message', fn) : early.push([e, fn])),
        terminate: () => undefined,
      } as ShardWorker;
    };
    const options = { seed: 9, runs: 200, steps: 12 };
    const par = await simulateOnWorkers(model, counterProperties(p), options, { workers: 3, spawn: late, here: { metrics: () => undefined } });
    expect(untimed(par)).toEqual(untimed(await simulate(model, counterProperties(p), options)));
    // 200 walks take this thread about a second: workers 20 ms late walk some of them.
    if (delay === 20) expect(walked[0] + walked[1]).toBeGreaterThan(0);
  }, 60_000);
});
