/**
 * (Issue 17) `--workers N`: parsing the flag, deciding whether a run can use worker threads (and
 * saying why not), and starting search workers (search-worker.ts) that rebuild the run's model
 * from its serialisable description (module file, selection, property names), never by cloning
 * functions. The threads start through threads.ts (tsx registration when the CLI runs from its
 * sources, watch cells under the plugin watchdog, user output piped to the command's sinks).
 */
import { availableParallelism } from 'node:os';
import { isMainThread, type Worker } from 'node:worker_threads';
import { UsageError } from '../engine/errors.ts';
import type { Selection } from '../engine/plugin.ts';
import type { ParallelOptions } from '../engine/parallel-options.ts';
import { str, type Flags } from './args.ts';
import type { ModuleSource } from './target.ts';
import type { Prepared } from './selection.ts';
import { entryUrl, startThread, threadsWatched, type ThreadData } from './threads.ts';

/** What a search worker needs to rebuild the run's target. */
export interface TargetDescription {
  source: ModuleSource;
  selection: Selection;
  /** `--property` as given (undefined: all). */
  propertyNames?: string[];
  /** `exhaustive`: serve expansion units; `random`: run one shard of a simulate run. */
  mode: 'exhaustive' | 'random';
  /** Exhaustive: the model without its symmetry reduction (the run restarted without it). */
  plain?: boolean;
}

/** What search-worker.ts receives (with the boot script's {@link ThreadData}). */
export interface SearchWorkerData extends ThreadData {
  target: TargetDescription;
  /** Random mode: the shard's options (see parallel-random.ts). */
  random?: unknown;
}

/** The help lines of `--workers`. */
export const WORKERS_HELP = `  --workers N           worker threads (default: the environment variable REPLCHECK_WORKERS,
                        else one fewer than the cores, at least 1); the result is the same
                        for every N; --workers 1 runs on this thread alone`;

/**
 * `--workers N` (default: the environment variable `REPLCHECK_WORKERS`, else one fewer than the
 * cores, at least 1: the main thread inserts every state and replays the property checks, and on
 * two cores two workers beside it made the default suite 1.5x slower in wall time; the test suite
 * sets it to 1 so that its many short runs do not each start threads).
 * Bad values are a usage error naming where they came from.
 */
export function workersFlag(flags: Flags): number {
  const raw = str(flags, 'workers');
  const env = process.env.REPLCHECK_WORKERS;
  if (raw === undefined && (env === undefined || env === '')) return Math.max(1, availableParallelism() - 1);
  const [value, source] = raw !== undefined ? [raw, '--workers'] : [env!, 'REPLCHECK_WORKERS'];
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) {
    throw new UsageError(`${source} must be a whole number of threads from 1 to 256 (got '${value}'); use 1 for one thread`);
  }
  return Number(value);
}

/** True when the worker count was chosen by the user (--workers or REPLCHECK_WORKERS), not defaulted from the cores. */
export function workersChosen(flags: Flags): boolean {
  const env = process.env.REPLCHECK_WORKERS;
  return str(flags, 'workers') !== undefined || (env !== undefined && env !== '');
}

/** Random runs of at most this many steps in all stay on one thread unless workers were asked for. */
export const SHORT_RANDOM_RUN = 50_000;

/**
 * (Issue 17) A defaulted worker count for a random run of at most `steps` steps (runs times walk
 * and drain lengths): a short run stays on one thread, since starting workers (each loads and
 * builds the model) would cost more than it saves; an explicit count is kept as given.
 */
export function randomWorkers(plan: { count: number; note?: string }, chosen: boolean, steps: number): { count: number; note?: string } {
  if (chosen || plan.count <= 1 || steps > SHORT_RANDOM_RUN) return plan;
  return { count: 1, note: `1 (a short run: at most ${steps} steps; --workers N uses threads anyway)` };
}

/**
 * The workers a run gets: `count` and, when it must run on one thread anyway, why (reported as
 * `params.workers` = `1 (<why>)`).
 */
export function workersPlan(count: number, reasons: { checkpoint?: boolean; path?: boolean; shard?: boolean; spill?: boolean }): { count: number; note?: string } {
  if (count <= 1) return { count: 1 };
  const why = !isMainThread && !threadsWatched() ? 'the plugin watchdog runs the search on its own thread; set REPLCHECK_WATCHDOG=0 to use workers'
    : reasons.checkpoint ? 'checkpoints are taken on one thread'
      : reasons.path ? '--path replays one walk'
        : reasons.shard ? 'a shard runs on one thread'
          : reasons.spill ? 'a run that spills to disk (--memory, --spill-dir) runs on one thread' : undefined;
  return why === undefined ? { count } : { count: 1, note: `1 (${why})` };
}

/** The description of a prepared run, for its workers. */
export function describe(p: Pick<Prepared, 'source' | 'selection' | 'propertyNames'>, mode: TargetDescription['mode']): TargetDescription {
  return { source: p.source, selection: p.selection, ...(p.propertyNames !== undefined ? { propertyNames: p.propertyNames } : {}), mode };
}

/**
 * Starts a search worker for `target` (a random-walk shard with `random`; (stop 36) in random
 * mode without it, the worker builds the model and then waits for its shard's options in a
 * `{ t: 'go', options }` message: shard-prestart.ts).
 */
export function spawnSearchWorker(target: TargetDescription, random?: unknown): Worker {
  // A larger young generation: expansion allocates many short-lived successors (fewer scavenges).
  return startThread('search', entryUrl('./search-worker', import.meta.url), { target, random }, { maxYoungGenerationSizeMb: 64 });
}

/** Exhaustive-search options for `count` workers serving `p`'s target (undefined for one). */
export function parallelFor(p: Prepared, count: number, env: Record<string, string | undefined>): ParallelOptions | undefined {
  if (count <= 1) return undefined;
  const target = describe(p, 'exhaustive');
  const from = env.REPLCHECK_WORKERS_FROM !== undefined && /^\d+$/.test(env.REPLCHECK_WORKERS_FROM) ? Number(env.REPLCHECK_WORKERS_FROM) : undefined;
  // REPLCHECK_WORKERS_FROM=N (tests, measurements): hand levels of N states over at once.
  return { workers: count, spawn: (_i, plain) => spawnSearchWorker(plain ? { ...target, plain } : target), ...(from !== undefined ? { from, after: 0, wait: true } : {}) };
}
