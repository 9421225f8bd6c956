/**
 * Replications on several threads: runs (run k always with the seed derived from (seed, k)) go
 * to this thread and to worker threads as each becomes free; outputs are accumulated in run
 * order and the stopping rule is applied after each one, so the result is identical to the
 * single-threaded one for a seed (runs finished past the stopping point are discarded).
 */
import { Worker } from 'node:worker_threads';
import type { WorkerFault } from '../engine/parallel-protocol.ts';
import { rebuildFault } from '../engine/parallel-fault.ts';
import type { RunOutput, TimedExperiment } from './contract.ts';
import { deriveSeed } from './prng.ts';
import { Replications, type MeasureOptions, type Measurement } from './replicate.ts';

/** What a worker needs to rebuild the experiment. */
export interface WorkerSpec {
  moduleFile: string;
  selection: { config: string; mechanism: string; cwd: string; knobs?: Record<string, string> };
}

/** Starts a worker thread running worker.ts for `spec` (the CLI passes its own: src/cli/measure-threads.ts). */
export type SpawnMeasureWorker = (spec: WorkerSpec) => Worker;

/** The default spawner: worker-entry.mjs registers tsx, then loads worker.ts (runs from the sources only). */
const spawnFromSources: SpawnMeasureWorker = (spec) => new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: spec });

/** A worker's message: ready, a run's output, or a fault (while preparing, or in run k). */
type FromWorker = { ready: true } | { k: number; out: RunOutput } | { k?: number; fault: WorkerFault };

/** Starts a worker; `ready` resolves true once it has prepared its experiment (false if it was terminated first). */
function startWorker(spec: WorkerSpec, spawn: SpawnMeasureWorker): { w: Worker; ready: Promise<boolean> } {
  const w = spawn(spec);
  const ready = new Promise<boolean>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    const onExit = () => resolve(false);
    w.once('error', onError);
    w.once('exit', onExit);
    w.once('message', (m: FromWorker) => {
      w.off('error', onError);
      w.off('exit', onExit);
      if ('fault' in m) reject(rebuildFault(m.fault));
      else resolve(true);
    });
  });
  return { w, ready };
}

/** Asks `w` for run k; undefined if the worker is terminated first. */
function runOn(w: Worker, k: number, seed: number, durationMs: number): Promise<RunOutput | undefined> {
  return new Promise((resolve, reject) => {
    const off = () => { w.off('message', onMessage); w.off('error', reject); w.off('exit', onExit); };
    const onMessage = (m: FromWorker) => {
      if ('fault' in m && m.k === undefined) {
        off();
        reject(rebuildFault(m.fault));
      }
      if (!('k' in m) || m.k !== k) return;
      off();
      if ('fault' in m) reject(rebuildFault(m.fault));
      else resolve(m.out);
    };
    const onExit = () => { off(); resolve(undefined); };
    w.on('message', onMessage);
    w.once('error', reject);
    w.once('exit', onExit);
    w.postMessage({ k, seed, durationMs });
  });
}

/**
 * `measure` on `threads` threads: this thread (which has the experiment prepared already) and
 * `threads - 1` workers take the next run index whenever they are free, so a worker's start-up
 * (loading and preparing the model) overlaps with runs made here instead of delaying them all.
 * Outputs are added in run order and the stopping rule is applied after each, as in `measure`;
 * runs finished past the stopping point are discarded. Workers start only when every thread
 * can get two runs (`--runs` or `--max-runs` at least twice `threads`). A fault a worker posts
 * (a plugin breaking its contract in a run) rejects with the error rebuilt in its class.
 */
export async function measureParallel(spec: WorkerSpec, exp: TimedExperiment, opts: MeasureOptions, threads: number, spawn: SpawnMeasureWorker = spawnFromSources): Promise<Measurement> {
  const acc = new Replications(opts);
  const finished = new Map<number, RunOutput>();
  let next = 0, outstanding = 0;
  let wake = () => {};
  const settled = new Promise<void>((r) => { wake = r; });
  const take = (): number | undefined => {
    if (acc.done() || next >= acc.limit) return undefined;
    outstanding++;
    return next++;
  };
  const deliver = (k: number, out: RunOutput | undefined) => {
    outstanding--;
    if (out) finished.set(k, out);
    while (!acc.done() && finished.has(acc.runs)) {
      const k0 = acc.runs;
      acc.add(finished.get(k0)!);
      finished.delete(k0);
    }
    if (acc.done() || (next >= acc.limit && outstanding === 0)) wake();
  };
  // A worker's start-up (loading and preparing the model) costs about as much as a run on large
  // configurations: with fewer than two runs per thread, this thread makes them all.
  const workers = acc.limit >= 2 * threads ? threads - 1 : 0;
  const started = Array.from({ length: workers }, () => startWorker(spec, spawn));
  // Each worker keeps two runs queued: requests and results pass through this thread's event
  // loop, which is busy while it makes a run itself, so a worker with one run would wait idle.
  // Runs are asked for before the worker is ready (its port queues them).
  const remote = ({ w, ready }: { w: Worker; ready: Promise<boolean> }) => new Promise<void>((resolve, reject) => {
    ready.catch(() => undefined); // a start-up failure also rejects the runs asked for below
    let queued = 0;
    const feed = () => {
      for (let k = queued < 2 ? take() : undefined; k !== undefined; k = queued < 2 ? take() : undefined) {
        queued++;
        const run = k;
        runOn(w, run, deriveSeed(opts.seed, run), opts.durationMs).then((out) => { queued--; deliver(run, out); if (out) feed(); else resolve(); }, reject);
      }
      if (queued === 0) resolve();
    };
    feed();
  });
  try {
    const remotes = Promise.all(started.map(remote));
    remotes.catch(() => undefined); // a failure matters only while its runs are awaited below
    for (let k = take(); k !== undefined; k = take()) {
      deliver(k, exp.run(deriveSeed(opts.seed, k), opts.durationMs));
      // Let the workers' outputs in before taking the next run.
      await new Promise((r) => setImmediate(r));
    }
    // Wait for runs still on workers only while they are needed (a worker failure rejects at once).
    if (!acc.done() && outstanding > 0) await Promise.race([settled, remotes.then(() => settled)]);
    return acc.result(exp);
  } finally {
    await Promise.all(started.map(({ w }) => w.terminate()));
  }
}
