/**
 * Replications on worker threads: batches of runs (run k always with the seed derived from
 * (seed, k)) go to `threads` workers; outputs are accumulated in run order and the stopping rule
 * is applied after each one, so the result is identical to the single-threaded one for a seed
 * (runs of a batch past the stopping point are discarded).
 */
import { Worker } from 'node:worker_threads';
import type { RunOutput, TimedExperiment } from './contract.ts';
import { deriveSeed } from './prng.ts';
import { Replications, type MeasureOptions, type Measurement } from './replicate.ts';

/** What a worker needs to rebuild the experiment. */
export interface WorkerSpec {
  moduleFile: string;
  selection: { config: string; mechanism: string; cwd: string; knobs?: Record<string, string> };
}

/** Starts a worker and waits until it has prepared its experiment. */
function startWorker(spec: WorkerSpec): Promise<Worker> {
  const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: spec });
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    w.once('error', onError);
    w.once('message', () => { w.off('error', onError); resolve(w); });
  });
}

/** Asks `w` for run k. */
function runOn(w: Worker, k: number, seed: number, durationMs: number): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { k: number; out: RunOutput }) => {
      if (m.k !== k) return;
      w.off('message', onMessage); w.off('error', reject);
      resolve(m.out);
    };
    w.on('message', onMessage);
    w.once('error', reject);
    w.postMessage({ k, seed, durationMs });
  });
}

/** `measure` on `threads` worker threads. */
export async function measureParallel(spec: WorkerSpec, exp: Pick<TimedExperiment, 'mechanism' | 'config'>, opts: MeasureOptions, threads: number): Promise<Measurement> {
  const workers = await Promise.all(Array.from({ length: threads }, () => startWorker(spec)));
  try {
    const acc = new Replications(opts);
    while (!acc.done()) {
      const first = acc.runs;
      const n = Math.min(threads, acc.limit - first);
      const outs = await Promise.all(Array.from({ length: n }, (_, j) => runOn(workers[j]!, first + j, deriveSeed(opts.seed, first + j), opts.durationMs)));
      for (const out of outs) {
        if (acc.done()) break;
        acc.add(out);
      }
    }
    return acc.result(exp);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
