/**
 * The public types of seeded random search (random.ts): the options `simulate` takes, the
 * statistics it reports, and the error it throws when the model itself throws during a walk.
 */
import type { WalkMetrics } from './metrics.ts';
import type { RandomOptions } from './options.ts';
import type { RandomStats } from './result.ts';
import type { ShardSlice } from './run-claims.ts';
import type { RandomCheckpointHooks } from './random-checkpoint.ts';

/** {@link RandomOptions} plus the coverage switch. */
export interface SimulateOptions<S = any> extends RandomOptions {
  /** The target's statistics observer for search walks (see src/engine/metrics.ts). */
  metrics?: WalkMetrics<S>;
  /**
   * Fingerprint every visited state to count distinct states (`stats.distinctStates`). `'auto'`
   * (default) turns it on when the first initial state encodes to at most 4096 words, so huge
   * models are not slowed down by hashing whole states at every step.
   */
  coverage?: boolean | 'auto';
  /** (Issue 16) Take checkpoints between walks and/or resume from one (random-checkpoint.ts). */
  checkpoint?: RandomCheckpointHooks;
  /**
   * (Issue 17) Run only the slice `index` (0-based) of `count`: the runs whose global index r
   * has r mod count == index, each generated exactly as the unsharded run generates it (the
   * others are generated and skipped), so the slices' union is the unsharded run's walks. With
   * `claims` (worker threads of one run), the runs are taken from a shared counter instead
   * (run-claims.ts).
   */
  shard?: ShardSlice;
  /**
   * (Issue 17) Shards running at once on worker threads (parallel-random.ts): `found` hears of
   * this shard's first failing walk as soon as it fails; no run past `cut()` (the first failing
   * run another shard found) is started, since one thread would never have reached it.
   */
  race?: { found(run: number): void; cut(): number };
}

/** {@link RandomStats} plus the settings a run used and why it stopped early. */
export interface SimulateStats extends RandomStats {
  /** `--steps`: the longest walk before its drain phase. */
  maxSteps: number;
  /** The drain phase's step limit. */
  drainSteps: number;
  checkEvery: number;
  /** Whether `distinctStates` was counted (see {@link SimulateOptions.coverage}). */
  coverage: boolean;
  /** True when the coverage set hit its cap (`distinctStates` is then a lower bound). */
  coverageCapped?: boolean;
  /** Set when a limit ended the search: 'time-limit' | 'interrupted'. */
  limit?: string;
  /** True when shrinking was cut short by the time limit or an interruption (the counterexample is real, maybe not minimal). */
  shrinkCut?: boolean;
}

/** The model threw while walking: a bug in the model, reported with the seed and path that reproduce it. */
export class ModelError extends Error {
  readonly seed: number;
  readonly path: string | undefined;

  constructor(message: string, seed: number, path: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.seed = seed;
    this.path = path;
    this.name = 'ModelError';
  }
}
