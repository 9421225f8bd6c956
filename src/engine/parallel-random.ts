/**
 * (Issue 17) Random runs on worker threads. Worker w of W runs a shard of the same run
 * (`SimulateOptions.shard`: the runs it takes from a counter the workers share, run-claims.ts,
 * each walk exactly as one thread makes it, and shrunk there), and the main thread adds the tallies up with the shard-merge
 * logic (random-merge.ts) before concluding, so the report is the one-thread report for the
 * same seed. Where the sum would be approximate (a shard's per-run figures capped, or a model
 * crash in one shard after a failing walk in another) the run is {@link ParallelFallback}: the
 * caller reruns it on one thread. (Stop 36) When this thread walks a shard too, a worker joins
 * when it asks for its first run, and one that has not joined when this thread is done is
 * closed out and ended, not waited for (run-claims.ts `closeJoin`; see {@link RandomParallel}).
 */
import type { Model } from './model.ts';
import type { WalkMetrics } from './metrics.ts';
import type { Property } from './property.ts';
import type { RunResult } from './result.ts';
import type { CheckTarget } from './plugin.ts';
import { ModelError, search, type SimulateOptions } from './random.ts';
import { resolveRandomOptions } from './random-options.ts';
import { conclude } from './random-conclude.ts';
import { mergeTallies } from './random-merge.ts';
import { commonPrefix } from './random-prefix.ts';
import type { SearchTally } from './random-tally.ts';
import { ParallelFallback } from './parallel-options.ts';
import { closeJoin, type ShardSlice } from './run-claims.ts';
import { faultOf, type WorkerFault } from './parallel-protocol.ts';
import { rebuildFault } from './parallel-fault.ts';

/** The plain-data options of one shard (everything in SimulateOptions but the callbacks). */
export type ShardOptions = Omit<SimulateOptions, 'metrics' | 'checkpoint' | 'onProgress' | 'shouldStop' | 'shard'> & { shard: ShardSlice };

/** Messages of a shard worker. */
type FromShard = { t: 'progress'; runs: number; steps: number } | { t: 'found'; run: number } | { t: 'tally'; tally: SearchTally } | { t: 'fault'; fault: WorkerFault };
/** (Stop 29) The element of the shared claims array that says stop (element 0 is the run counter). */
const STOP_CELL = 1;
/** (Stop 36) The join cell of spawned worker i is element JOIN_CELLS + i (see run-claims.ts). */
const JOIN_CELLS = 2;
/** (Stop 36) The outcome of a worker closed out before it joined: it took no run, nothing to merge. */
const CLOSED_OUT = 'closed out';

/** Messages to a shard worker: stop (Ctrl-C), or the first failing run found so far. */
type ToShard = { t: 'stop' } | { t: 'cut'; run: number };

/** A shard worker as the main thread uses it. */
export interface ShardWorker {
  postMessage(m: ToShard): void;
  on(event: 'message', fn: (m: FromShard) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  terminate(): unknown;
}

/** How to run a random search on workers. */
export interface RandomParallel {
  workers: number;
  /** Starts a worker running the shard described by `options` (see {@link serveShard}). */
  spawn(options: ShardOptions): ShardWorker;
  /**
   * Walk one shard on this thread too, so `workers - 1` are started: this thread would otherwise
   * wait idle, and every worker loads and builds the model again (100 to 200 MB more on `huge`).
   * `metrics` makes the shard's own observer (a fresh one: the caller's adds up every shard's).
   * (Stop 36) This thread starts walking at once, and each worker joins when it has built the
   * model and asks for its first run. A worker that has not joined by the time this thread
   * finished its walks is closed out (it takes no run) instead of waited for: a short run
   * never waits for its workers to load and build the model. `wait` (tests that need a worker
   * to walk) waits for every worker instead.
   */
  here?: { metrics(): WalkMetrics<any> | undefined; wait?: boolean };
}

/** Runs `options` on `par.workers` workers (see the file header); same result as `simulate`. */
export async function simulateOnWorkers<S, A>(model: Model<S, A>, properties: Property<S, A>[], options: SimulateOptions<S>, par: RandomParallel): Promise<RunResult<S, A>> {
  const o = resolveRandomOptions(options);
  const start = performance.now();
  const { metrics, checkpoint: _c, onProgress, shouldStop, shard: _s, ...plain } = options;
  const count = par.workers;
  // The workers take runs from one shared counter (run-claims.ts), not fixed slices; (stop 29)
  // element STOP_CELL says stop, read by walks that run for minutes without a turn of their event loop.
  const spawned = par.here ? count - 1 : count;
  const claims = new Int32Array(new SharedArrayBuffer(4 * (JOIN_CELLS + spawned)));
  const join = (index: number) => (par.here ? { join: JOIN_CELLS + index } : {});
  const workers = Array.from({ length: spawned }, (_, index) => par.spawn({ ...plain, shard: { index, count, claims, ...join(index) } }));
  const progress = Array.from({ length: count }, () => ({ runs: 0, steps: 0 }));
  const outcome: (SearchTally | Error | typeof CLOSED_OUT | undefined)[] = progress.map(() => undefined);
  let stopped = false;
  let cut = Number.POSITIVE_INFINITY;
  const found = (run: number) => {
    if (run >= cut) return;
    cut = run;
    for (const x of workers) x.postMessage({ t: 'cut', run: cut });
  };
  const stopNow = (): boolean => {
    if (!stopped && shouldStop?.()) {
      stopped = true;
      Atomics.store(claims, STOP_CELL, 1);
      for (const w of workers) w.postMessage({ t: 'stop' });
    }
    return stopped;
  };
  const timer = setInterval(() => {
    stopNow();
    onProgress?.({ runs: sum(progress, 'runs'), steps: sum(progress, 'steps'), violations: 0, seconds: (performance.now() - start) / 1000 });
  }, 250);
  try {
    await new Promise<void>((resolve) => {
      let left = count;
      const settle = (i: number, r: SearchTally | Error | typeof CLOSED_OUT) => {
        if (outcome[i] !== undefined) return;
        outcome[i] = r;
        if (--left === 0) resolve();
      };
      // This thread's walks are over: every worker that has not joined yet is closed out.
      const closeOut = () => {
        for (let i = 0; i < spawned; i++) if (outcome[i] === undefined && closeJoin(claims, JOIN_CELLS + i)) settle(i, CLOSED_OUT);
      };
      workers.forEach((w, i) => {
        w.on('error', (e) => settle(i, e));
        w.on('message', (m) => {
          if (m.t === 'progress') progress[i] = m;
          else if (m.t === 'found') found(m.run);
          else if (m.t === 'tally') settle(i, m.tally);
          else settle(i, rebuildFault(m.fault));
        });
      });
      if (par.here) {
        const i = count - 1;
        search(model, properties, {
          ...plain, metrics: par.here.metrics(), shard: { index: i, count, claims }, shouldStop: stopNow,
          race: { found, cut: () => cut }, onProgress: (p) => { progress[i] = p; },
        }, o).then((t) => settle(i, t), (e: unknown) => settle(i, e instanceof Error ? e : new Error(String(e)))).finally(() => par.here?.wait !== true && closeOut());
      }
    });
  } finally {
    clearInterval(timer);
    for (const w of workers) void w.terminate();
  }
  const tallies: SearchTally[] = [];
  let crash: { run: number; error: Error } | undefined;
  for (const r of outcome) {
    if (r === CLOSED_OUT) continue;
    if (r instanceof ModelError) {
      const run = Number((r.path ?? '0').split(':')[0]);
      if (crash === undefined || run < crash.run) crash = { run, error: r };
    } else if (r instanceof Error) throw r;
    else tallies.push(r!);
  }
  if (crash !== undefined) {
    // One thread stops at whichever comes first: this crash, or an earlier failing walk.
    const failures = tallies.filter((t) => t.failure).map((t) => t.failure!.run);
    if (failures.some((run) => run < crash.run)) throw new ParallelFallback('a walk crashed the model after an earlier failing walk on another worker');
    throw crash.error;
  }
  // Stopped by a limit: the runs before the first one some worker did not finish, as one thread stops.
  const failed = tallies.some((t) => t.failure !== undefined);
  const prefix = failed ? tallies : commonPrefix(tallies);
  if (prefix === undefined) throw new ParallelFallback('a worker kept too few per-run figures to cut the workers back to a common prefix of runs');
  const merged = mergeTallies(prefix);
  if (merged.warnings.length > 0) throw new ParallelFallback('a worker kept too few per-run figures to add up exactly');
  if (metrics && merged.metrics.length > 0) {
    if (!metrics.absorb) throw new ParallelFallback("the target's metrics cannot add up the workers' figures");
    for (const m of merged.metrics) metrics.absorb(m);
  }
  merged.tally.seconds = (performance.now() - start) / 1000;
  return conclude(model, properties, merged.tally, o, { metrics: merged.metrics.length > 0 ? metrics : undefined, requireWitnesses: options.requireWitnesses === true });
}

function sum(xs: { runs: number; steps: number }[], k: 'runs' | 'steps'): number {
  return xs.reduce((n, x) => n + x[k], 0);
}

/** The worker side: runs one shard of `target` and posts its tally (or the error that ended it). */
export async function serveShard<S, A>(port: { postMessage(m: FromShard): void; on(e: 'message', fn: (m: ToShard) => void): unknown },
  target: CheckTarget<S, A>, properties: Property<S, A>[], options: unknown): Promise<void> {
  const o = options as ShardOptions;
  let stop = false;
  let cut = Number.POSITIVE_INFINITY;
  port.on('message', (m) => {
    if (m.t === 'stop') stop = true;
    else if (m.t === 'cut') cut = Math.min(cut, m.run);
  });
  try {
    const tally = await search(target.model, properties, {
      ...o, metrics: target.metrics?.(), shouldStop: () => stop || (o.shard.claims !== undefined && Atomics.load(o.shard.claims, STOP_CELL) !== 0),
      race: { found: (run) => port.postMessage({ t: 'found', run }), cut: () => cut },
      onProgress: (p) => port.postMessage({ t: 'progress', runs: p.runs, steps: p.steps }),
    });
    port.postMessage({ t: 'tally', tally });
  } catch (e) {
    port.postMessage({ t: 'fault', fault: faultOf(e) });
  }
}
