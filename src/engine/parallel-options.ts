/**
 * (Issue 17) What a caller gives the parallel exhaustive search (parallel-search.ts) and what it
 * may get back: the worker threads it starts and how ({@link ParallelOptions}, {@link WorkerLike}),
 * the default thresholds for handing a run to them, and {@link ParallelFallback}, thrown when a
 * parallel run cannot give one thread's result.
 */
import type { FromWorker, ToWorker } from './parallel-protocol.ts';
import type { Oracle } from './parallel-oracle.ts';
import type { Property } from './property.ts';
import type { BreadthFirstSearch } from './search.ts';
import type { PropertyTracker } from './tracker.ts';

/** A worker thread as the driver uses it (node:worker_threads' Worker). */
export interface WorkerLike {
  postMessage(m: ToWorker, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', fn: (m: FromWorker) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  terminate(): unknown;
}

/** How to run the search on workers. */
export interface ParallelOptions {
  /** Worker threads (2 or more). */
  workers: number;
  /**
   * Starts worker `index`, which serves the same model and properties (parallel-worker.ts);
   * `plain`: the model without its symmetry reduction (the run restarted without it).
   */
  spawn(index: number, plain: boolean): WorkerLike;
  /** Set by the explorer when it restarts without the symmetry reduction. */
  plain?: boolean;
  /** The smallest level handed to the workers (default {@link PARALLEL_FROM}); smaller runs stay on one thread. */
  from?: number;
  /**
   * Seconds of search on one thread before the workers are started (default {@link PARALLEL_AFTER}):
   * shorter runs never pay for starting them; meanwhile the search goes on, and the workers take
   * over at the first level end after they are ready.
   */
  after?: number;
  /** Hand over at the first level of `from` states even if the workers are still starting (for tests). */
  wait?: boolean;
}

/** Default smallest level run on workers. */
export const PARALLEL_FROM = 2048;
/** Default seconds on one thread before workers start. */
export const PARALLEL_AFTER = 0.5;

/** The parallel run cannot give one thread's result: rerun on one thread. */
export class ParallelFallback extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

/** What the driver (parallel-search.ts) works on: the paused search, its tracker (on {@link Oracle} properties) and limits. */
export interface DriverContext<S, A> {
  options: ParallelOptions;
  search: BreadthFirstSearch<S, A>;
  tracker: PropertyTracker<S, A>;
  oracle: Oracle;
  properties: readonly Property<S, A>[];
  maxStates: number;
  maxDepth: number;
}
