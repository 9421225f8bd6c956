/**
 * (Issue 16) Checkpoints of a random run (`simulate --checkpoint DIR`): taken between two search
 * walks, they hold the index of the next run and everything the finished walks accumulated
 * (steps, action counts, coverage fingerprints, witnesses, the walker's undecided counts, the
 * target's metrics). fast-check generates run k from the seed alone (a replay path "k" starts
 * there), so a run resumed from a checkpoint walks the same walks as one never stopped and
 * reaches the same verdicts, counts and counterexample. Files are the CLI's business
 * (src/cli/checkpoint-files.ts).
 */
import type { Coverage } from './coverage.ts';
import { UsageError } from './errors.ts';
import type { WalkMetrics } from './metrics.ts';
import type { Property } from './property.ts';
import type { Walker } from './walk.ts';
import type { WalkerSnapshot } from './walk-types.ts';
import type { WitnessCounter } from './witnesses.ts';

/** The format's name and version; version 2 (issue 17): the replication model's coverage fingerprints changed. */
export const RANDOM_CHECKPOINT_FORMAT = 'replcheck-random-checkpoint';
export const RANDOM_CHECKPOINT_VERSION = 2;

/** Why a checkpoint of another simulation is refused. */
export const RANDOM_CHECKPOINT_MISMATCH =
  'the checkpoint was written by another simulation (model, selection, properties, seed, runs or walk options differ): resume with the same flags, or start without --resume';

/** A saved random run. */
export interface RandomCheckpoint {
  format: typeof RANDOM_CHECKPOINT_FORMAT;
  version: typeof RANDOM_CHECKPOINT_VERSION;
  /** What was being run (model, selection, properties, seed, runs, walk options): a resume must match it. */
  selection: string;
  /** Runs finished: the next run's index. */
  runs: number;
  steps: number;
  actionCounts: [string, number][];
  coverage: ReturnType<Coverage<unknown, unknown>['snapshot']> | null;
  /** `sometimes` witnesses by property name: the run, the walk's choices and its length. */
  sometimes: Record<string, { run: number; choices: number[]; transitions: number }>;
  witnessCounts: ReturnType<WitnessCounter<unknown, unknown>['snapshot']>;
  walker: WalkerSnapshot;
  metrics: unknown;
}

/** How a random run takes and resumes checkpoints (SimulateOptions.checkpoint). */
export interface RandomCheckpointHooks {
  /** Seconds between checkpoints. */
  everySeconds: number;
  /** Stores a checkpoint (synchronously). */
  save(c: RandomCheckpoint): void;
  /** A checkpoint to continue from. */
  resume?: RandomCheckpoint;
  /** The selection hash stored in each checkpoint. */
  selection: string;
}

/** What a random run accumulates over its search walks (the parts of simulate a checkpoint holds). */
export interface RandomProgressState<S, A> {
  properties: readonly Property<S, A>[];
  walker: Walker<S, A>;
  coverage: Coverage<S, A> | undefined;
  actionCounts: Map<string, number>;
  sometimes: Record<string, { run: number; choices: number[]; transitions: number }>;
  witnessCounter: WitnessCounter<S, A>;
  metrics: WalkMetrics<S> | undefined;
}

/** Refuses checkpoints for a run whose metrics cannot be saved. */
export function checkCheckpointable<S>(metrics: WalkMetrics<S> | undefined): void {
  if (metrics && (typeof metrics.snapshot !== 'function' || typeof metrics.restore !== 'function')) {
    throw new UsageError('--checkpoint: this target gathers walk metrics that cannot be saved (its metrics have no snapshot and restore); run without --checkpoint');
  }
}

/** The checkpoint of a run that finished `runs` walks of `steps` steps. */
export function takeRandomCheckpoint<S, A>(st: RandomProgressState<S, A>, runs: number, steps: number, selection: string): RandomCheckpoint {
  return {
    format: RANDOM_CHECKPOINT_FORMAT, version: RANDOM_CHECKPOINT_VERSION, selection, runs, steps,
    actionCounts: [...st.actionCounts], coverage: st.coverage?.snapshot() ?? null,
    sometimes: Object.fromEntries(Object.entries(st.sometimes).map(([k, w]) => [k, { run: w.run, choices: w.choices.slice(), transitions: w.transitions }])),
    witnessCounts: st.witnessCounter.snapshot(), walker: st.walker.snapshot(st.properties), metrics: st.metrics?.snapshot?.() ?? null,
  };
}

/** Restores `c` into a fresh run's state; returns the runs and steps done. */
export function restoreRandomCheckpoint<S, A>(c: RandomCheckpoint, st: RandomProgressState<S, A>, selection: string): { runs: number; steps: number } {
  if (c.selection !== selection) {
    throw new UsageError(RANDOM_CHECKPOINT_MISMATCH);
  }
  if ((c.coverage === null) !== (st.coverage === undefined)) throw new UsageError('the checkpoint does not match this simulation (coverage)');
  for (const [k, n] of c.actionCounts) st.actionCounts.set(k, n);
  if (c.coverage) st.coverage!.restore(c.coverage);
  Object.assign(st.sometimes, c.sometimes);
  st.witnessCounter.restore(c.witnessCounts);
  st.walker.restore(st.properties, c.walker);
  if (st.metrics && c.metrics !== null) st.metrics.restore!(c.metrics);
  return { runs: c.runs, steps: c.steps };
}
