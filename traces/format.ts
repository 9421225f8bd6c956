/**
 * The replcheck trace file, version 1: one JSON document per counterexample or witness.
 *
 * It is the only thing the model and the reference engine share. Steps carry semantic actions
 * (what happened, to whom, with which update or instance; never an index into a list of enabled
 * actions) and the state reached, in the model's JSON view. `traces/trace.schema.json` is the
 * JSON Schema of this type; writers and readers validate against it.
 */

/** The format tag and version written in every trace file. */
export const TRACE_FORMAT = 'replcheck-trace';
export const TRACE_VERSION = 1;

/** One step: the initial state (action null) or an action and the state it leads to. */
export interface TraceStep {
  /** Position in the trace, 0 for the initial state. */
  index: number;
  /** The semantic action (model-specific JSON, with a `type` field for the replication model). */
  action: unknown | null;
  /** The action as one line of text. */
  label: string | null;
  /** The state reached, in the model's JSON view. */
  state: unknown;
}

/** A trace file. */
export interface TraceFile {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  /** The model's name (`replication` for the default model). */
  model: string;
  /** The model module's file, when it was not the default model. */
  modelFile?: string;
  /** Resolved `--param` values. */
  params?: Record<string, string>;
  /** The configuration name (preset) if one was used. */
  configName?: string;
  /** The full resolved configuration (so a trace replays without the preset table). */
  config?: unknown;
  /** The ordering mechanism's name or module file. */
  mechanism?: string;
  /** How the trace was found. */
  mode: 'exhaustive' | 'random';
  /** Random runs: the seed and fast-check path that reproduce it. */
  seed?: number;
  path?: string;
  /** The property and what the run concluded about it. */
  property: { name: string; kind: 'always' | 'sometimes' | 'alwaysReachable' | 'transition' | 'eventually' };
  /**
   * (Addition, issue 10) Liveness counterexamples: the index of the doomed state (from which no
   * goal state is reachable by completing steps); the steps after it are the drain continuation
   * to a quiescent state where the goal still fails. Absent: the last step is the doomed state.
   */
  doomedAt?: number;
  /** (Addition, issue 11) Lasso counterexamples (`eventually`): the step index where the loop starts; the last state loops back to it (ITF's `loop`). */
  loop?: number;
  /** (Addition, issue 10) A plugin mechanism: its file (as given, resolved against the trace's directory or cwd) and the SHA-256 of its contents. */
  mechanismPlugin?: { file: string; sha256: string };
  /** (Addition, issue 10) Facts on why nothing can progress at the end of a liveness counterexample. */
  stuck?: string[];
  verdict: 'violated' | 'holds';
  /** Facts that make it a violation (from the property's explanation). */
  explanation?: { facts: string[]; replica?: string; updates?: string[] };
  /** The command that reproduces this trace. */
  reproduce?: string;
  steps: TraceStep[];
}
