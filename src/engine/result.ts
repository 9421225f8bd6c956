/**
 * Results of a check or a simulation, as values. Their JSON form is the CLI's `--json` contract
 * (issue 2): `result`, `properties[{name, kind, status}]`, `stats`, and `violation` when one was
 * found. Extend these types; never rename a field.
 */
import type { Explanation, PropertyKind } from './property.ts';
import type { MetricsReport } from './metrics.ts';
import type { Model } from './model.ts';

/** Overall outcome. `incomplete` is never a pass: a limit was hit before the space was covered. */
export type Outcome = 'pass' | 'violation' | 'incomplete';

/** Per-property status. */
export type PropertyStatus = 'holds' | 'violated' | 'incomplete';

/** One step of a counterexample or witness: the action taken (none for the initial state) and the state reached. */
export interface PathStep<S, A> {
  action: A | null;
  state: S;
}

/** A property's verdict. `path` is the counterexample (shortest in exhaustive mode, shrunk in random mode) or witness. */
export interface PropertyResult<S, A> {
  name: string;
  kind: PropertyKind;
  status: PropertyStatus;
  /** For `always`: the violating state's explanation. For the others: why the path matters. */
  explanation?: Explanation;
  path?: PathStep<S, A>[];
  /** Why a property is `incomplete` (which limit), when it is. */
  reason?: string;
  /** (Addition, issue 11) States or steps that exercised the property (see src/engine/witnesses.ts). */
  witnesses?: number;
  /** (Addition, issue 11) The property's antecedent, as described by it. */
  antecedent?: string;
  /** (Addition, issue 11) True when it holds without a single witness. */
  vacuous?: boolean;
  /** (Addition, issue 11) A witness phrase for a vacuous result: what never happened. */
  never?: string;
  /** (Addition, issue 11) Lasso counterexamples (`eventually`): the index in `path` where the loop starts; the last state equals that one. */
  loop?: number;
  /**
   * (Addition, issue 10) `alwaysReachable` violations: the index in `path` of the doomed state
   * (no goal is reachable from it by completing actions); the steps after it are the drain
   * continuation to a quiescent (or repeating) state where the goal still fails.
   */
  doomedAt?: number;
  /** (Addition, issue 10) Facts on why no completing action makes progress at the end of `path` ({@link Model.explainStuck}). */
  stuck?: string[];
  /** (Addition, issue 11) False when the target does not promise it: reported, never failing the run (src/engine/promises.ts). */
  promised?: boolean;
}

/** Statistics of an exhaustive run. */
export interface ExhaustiveStats {
  distinctStates: number;
  transitions: number;
  maxDepth: number;
  seconds: number;
  statesPerSecond: number;
  /** Bytes held per stored state by the visited set and parent links (not the BFS frontier). */
  bytesPerState: number;
  /** Estimated probability that two distinct states shared a fingerprint: the birthday bound n(n-1)/2^65 (TLC reports a similar estimate). */
  collisionProbability: number;
  /** Set when a limit ended the run: 'max-states' | 'max-depth' | 'time-limit' | 'interrupted' | 'memory'. */
  limit?: string;
  /** (Addition, issue 11) Transitions explored per action kind (including those into visited states). */
  actionCounts?: Record<string, number>;
  /** (Addition, issue 11) Kinds the model declares (`Model.actionKinds`) that no explored transition took. */
  neverEnabled?: string[];
  /** Highest resident set size of the whole process during the run, in bytes. */
  peakMemoryBytes?: number;
  /** {@link peakMemoryBytes} per distinct state: what a state really cost (frontier, model, runtime), beside {@link bytesPerState}. */
  peakBytesPerState?: number;
  /**
   * (Addition, issue 17) Present when the run spilled to disk (`--memory`): times the visited
   * set's memory part was merged into the sorted run on disk, fingerprints on disk at the end,
   * frontier chunks written, bytes written in all, and the most bytes held on disk at once.
   */
  spill?: { flushes: number; diskFingerprints: number; frontierChunksSpilled: number; bytesWritten: number; peakDiskBytes: number };
}

/** Statistics of a random run. */
export interface RandomStats {
  runs: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  seed: number;
  /** Distinct states seen over all runs (fingerprints), a measure of coverage. */
  distinctStates: number;
  /** How many times each action kind was taken. */
  actionCounts: Record<string, number>;
  /** (Addition, issue 11) Kinds the model declares (`Model.actionKinds`) that no walk took. */
  neverEnabled?: string[];
  /** fast-check's replay path for the failing run, if any (pass with the seed to reproduce). */
  path?: string;
  /** How many shrink steps fast-check took on the failing run. */
  shrinks?: number;
}

/** The outcome of a run of either explorer. */
export interface RunResult<S, A> {
  mode: 'exhaustive' | 'random';
  outcome: Outcome;
  properties: PropertyResult<S, A>[];
  stats: ExhaustiveStats | RandomStats;
  /** Random runs with a metrics observer: its table (see src/engine/metrics.ts). */
  metrics?: MetricsReport;
  /** (Addition, issue 10) Warnings about the run itself, e.g. a symmetry reduction turned off because it was unsound. */
  warnings?: string[];
  /**
   * (Addition, issue 11) Set when the run found its symmetry reduction unsound and restarted
   * without it: why, in a few words (the warning's first clause). Reports show the target's
   * reduction parameter (`CheckTarget.meta.reductionParam`) as `off (restarted: <this>)`.
   */
  reductionOff?: string;
  /**
   * (Addition, issue 17) Set when the run was asked to use worker threads: how many it used, or
   * `1 (restarted: <why>)` when it fell back to one thread (reported as `params.workers`).
   */
  workers?: string;
}

/** Combines property statuses into an outcome: any violation wins, then any incomplete. */
export function outcomeOf(statuses: PropertyStatus[], requireWitnesses = false): Outcome {
  if (statuses.includes('violated')) return 'violation';
  if (statuses.includes('incomplete')) return 'incomplete';
  // (Stop 28) No property at all is the most vacuous pass there is: not a pass when witnesses are required.
  if (statuses.length === 0 && requireWitnesses) return 'incomplete';
  return 'pass';
}
