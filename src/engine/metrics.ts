/**
 * Statistics a target gathers over random walks, reported beside the verdicts: the replication
 * model uses it for "per host, how often and how soon after its last update it reached CA
 * state". The engine only feeds it states; what it measures is the target's business.
 */

/** A table for reports (human output prints it; `--json` includes it as is). */
export interface MetricsReport {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** One sentence on how the figures were measured. */
  note?: string;
}

/**
 * Observes the search walks of one random run (never the shrinking or replay walks, so every
 * walk is seen once). States arrive at the invariant-check cadence (`checkEvery`) and at the end
 * of each walk's drain.
 */
export interface WalkMetrics<S> {
  /** A walk starts in `s`. */
  start(s: S): void;
  /** `s` was reached `step` transitions into the walk. */
  visit(s: S, step: number): void;
  /** The walk (drain included) ended in `s` after `step` transitions. */
  end(s: S, step: number): void;
  /** The figures over every walk observed so far. */
  report(): MetricsReport;
  /** Its state as plain data (structured-cloneable), for `simulate --checkpoint`; needed to checkpoint a run that gathers metrics. */
  snapshot?(): unknown;
  /** Continues from a {@link snapshot} (on a fresh observer of the same target). */
  restore?(data: unknown): void;
  /**
   * (Issue 17, optional) The figures so far as plain JSON data, taken between walks: sharded
   * runs (`simulate --shard`) write it to their result file.
   */
  tallies?(): unknown;
  /**
   * (Issue 17, optional) Adds the figures of a {@link tallies} taken over other walks (another
   * shard's), as if this observer had seen those walks too; `replcheck merge` reports the sum.
   */
  absorb?(snapshot: unknown): void;
}
