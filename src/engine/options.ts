/**
 * Options of the two explorers. Limits end a run as `incomplete`, never as a pass.
 */

import type { CheckpointHooks } from './checkpoint.ts';
import type { SpillOptions } from './spill-plan.ts';
import type { ParallelOptions } from './parallel-options.ts';

/** Options for exhaustive breadth-first search. */
export interface ExhaustiveOptions {
  /** Stop after this many distinct states (incomplete). */
  maxStates?: number;
  /** Do not expand states at this depth or deeper (incomplete if any were cut off). */
  maxDepth?: number;
  /** Stop after this many seconds (incomplete). The only use of the clock: it never decides a verdict otherwise. */
  timeLimit?: number;
  /** `performance.now()` when the run's preparation began (the time limit counts from it; default: the call). */
  startedAt?: number;
  /** Periodic checkpoints and resuming from one (src/engine/checkpoint.ts). */
  checkpoint?: CheckpointHooks;
  /** Memory budget for the whole process (resident set), in bytes: over it the run stops as `incomplete` (limit 'memory'). */
  memoryBytes?: number;
  /**
   * (Addition, issue 17) Keep the visited set and the frontier within `memoryBytes` by spilling
   * them to disk (src/engine/spill-plan.ts); not for runs with checkpoints or with properties that
   * need the state graph (`alwaysReachable`, `eventually`), which keep everything in memory.
   */
  spill?: SpillOptions;
  /** Called about once a second with progress (for a terminal display). */
  onProgress?: (p: ExhaustiveProgress) => void;
  /**
   * (Stop 29) Called once, with the state's id and its number of actions, when a state with more
   * than 100,000 enabled actions is expanded (a 10,000-host configuration): its expansion alone
   * can take minutes with no progress to show, so the CLI says so at once.
   */
  onWideState?: (id: number, actions: number) => void;
  /** Polled between levels and every few thousand states; when it returns true the run stops as `interrupted`. */
  shouldStop?: () => boolean;
  /** (Addition, issue 11) A property that holds without a witness is `incomplete` instead of a vacuous pass. */
  requireWitnesses?: boolean;
  /**
   * (Addition, issue 10) End the run at the first violation found (an `always` state; an
   * `alwaysReachable` one is only known once the space is exhausted): the other undecided
   * properties are `incomplete`, with the reason. A list of property names: only a violation of
   * one of them stops the run (the properties a target promises, see promises.ts).
   */
  stopAtFirst?: boolean | readonly string[];
  /**
   * (Addition, issue 17) Expand large levels on worker threads that rebuild the same model
   * (parallel-search.ts), with the result of one thread; ignored with `checkpoint`.
   */
  parallel?: ParallelOptions;
}

/** Progress of an exhaustive run. */
export interface ExhaustiveProgress {
  distinctStates: number;
  transitions: number;
  queue: number;
  depth: number;
  seconds: number;
}

/** Options for seeded random walks. */
export interface RandomOptions {
  /** Number of walks (fast-check's numRuns). Default 100. */
  runs?: number;
  /** Maximum steps of a walk before its drain phase. Default 100. */
  steps?: number;
  /** Maximum steps of the drain phase. Default 10 * steps. */
  drainSteps?: number;
  /** The seed (default 0: runs are reproducible unless the user asks otherwise). */
  seed?: number;
  /** fast-check replay path of a failing run, printed with its seed. */
  path?: string;
  /** Check `always` properties every N steps (and always at the end of a walk). Default 1. */
  checkEvery?: number;
  /** Stop after this many seconds (remaining runs are skipped; incomplete if none failed). */
  timeLimit?: number;
  onProgress?: (p: RandomProgress) => void;
  shouldStop?: () => boolean;
  /** (Addition, issue 11) A property that holds without a witness is `incomplete` instead of a vacuous pass. */
  requireWitnesses?: boolean;
}

/** Progress of a random run. */
export interface RandomProgress {
  runs: number;
  steps: number;
  violations: number;
  seconds: number;
}
