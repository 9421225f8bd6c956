/**
 * The module contract behind `--model FILE`: what a model module exports so the CLI can check it.
 *
 * A module's default export (or its export named `replcheck`) is a {@link ModelModule}. The CLI
 * passes the user's selection (`--config`, `--mechanism`, `--param key=value`) to `create`, which
 * returns the model and its properties; `--property` then selects among them by name.
 * `create` throws a `UsageError` for a bad selection (the CLI prints it as one line, exit 2).
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import type { WalkMetrics } from './metrics.ts';

/** What the user selected on the command line. */
export interface Selection {
  /** `--param key=value`, repeatable. */
  params: Record<string, string>;
  /** `--config NAME|FILE`, if given. */
  config?: string;
  /** `--mechanism NAME|FILE`, if given. */
  mechanism?: string;
  /** (Addition, issue 6) `--knob name=value`, repeatable: design knobs overriding the configuration's. */
  knobs?: Record<string, string>;
  /** Directory against which relative paths in the selection are resolved. */
  cwd: string;
}

/** A model ready to check, with what a trace file needs to say about it. */
export interface CheckTarget<S, A> {
  model: Model<S, A>;
  properties: Property<S, A>[];
  /** Recorded in trace files so a run can be reproduced: resolved parameters, configuration, mechanism. */
  meta: {
    params?: Record<string, string>;
    config?: unknown;
    configName?: string;
    mechanism?: string;
    /** (Addition, issue 10) A plugin mechanism's file (as given) and the SHA-256 of its contents, so `replay` loads the same plugin. */
    mechanismPlugin?: { file: string; sha256: string };
    /**
     * (Addition, issue 11) The entry of `params` that reports the symmetry reduction (e.g.
     * `symmetry`): when a run turns an unsound reduction off and restarts, reports give it as
     * `off (restarted: <why>)` instead of the value the run started with.
     */
    reductionParam?: string;
  };
  /**
   * Random-search defaults suited to this target, applied when the user did not set the flag
   * (a 10,000-host configuration needs a longer drain and sparser invariant checks than a
   * 10-host one). The report says which values were used. (Addition, issue 17) `drainStepsFor`
   * gives the drain limit for a walk length (`--steps`), and takes precedence over `drainSteps`
   * (the limit for the default walk length).
   */
  simulate?: { checkEvery?: number; drainSteps?: number; drainStepsFor?: (steps: number) => number };
  /** Statistics to gather over random walks (a fresh observer per run), reported with the result. */
  metrics?: () => WalkMetrics<S>;
  /** (Addition, issue 6) How `replcheck compare` measures this target's cost; absent: no costs. */
  costs?: CostHooks<S, A>;
  /**
   * (Addition, issue 11) The names of the properties this target promises (e.g. what its ordering
   * mechanism guarantees); absent: every property. The others are still checked and reported as
   * `not promised`, and their violations never fail the run (see src/engine/promises.ts).
   */
  promised?: string[];
}

/**
 * (Addition, issue 6) What `replcheck compare` needs to measure a target's cost on its state
 * graph: which states are complete runs, which steps create work and which are messages.
 */
export interface CostHooks<S, A> {
  /** True when all the work a run may create has been created and fully processed (for the replication model: every writer has used its budget and the state is settled). */
  complete(s: S): boolean;
  /** True for a step that creates work (for the replication model: an update). */
  isWork(a: A): boolean;
  /** True for a step that is one message between nodes (for the replication model: an instance delivered, a duplicated delivery, a peer exchange). */
  isMessage(a: A): boolean;
}

/** A parameter a module understands, for `--help` and error messages. */
export interface ParamSpec {
  description: string;
  default: string;
}

/** What a model module exports. */
export interface ModelModule<S = unknown, A = unknown> {
  /** The model's name. */
  name: string;
  /** One paragraph: what the model is. */
  description?: string;
  /** The `--param` keys it accepts. Unknown keys are rejected by the CLI. */
  params?: Record<string, ParamSpec>;
  /** Whether `--config` / `--mechanism` / `--knob` mean anything to it (else they are rejected). */
  accepts?: { config?: boolean; mechanism?: boolean; knobs?: boolean };
  /**
   * (Addition, issue 6) The built-in `--mechanism` names, in the order `replcheck compare`
   * checks them by default.
   */
  mechanisms?: string[];
  /**
   * (Addition, issue 11) The default suite: configuration names `check` runs, each exhaustively,
   * when no `--config` is given (chosen so that every property is exercised by one of them).
   * Absent: `check` without `--config` checks the module's default configuration.
   */
  suite?: string[];
  /** Builds the model for a selection. Async so a module may load configuration or plugins. */
  create(selection: Selection): CheckTarget<S, A> | Promise<CheckTarget<S, A>>;
}

/** Type guard used when loading a module from a file. */
export function isModelModule(x: unknown): x is ModelModule {
  return typeof x === 'object' && x !== null && typeof (x as ModelModule).name === 'string' &&
    typeof (x as ModelModule).create === 'function';
}

/** (Stop 29) Every member a {@link CheckTarget} may have (a misspelling of one, e.g. `promissed`, is refused). */
export const TARGET_MEMBERS: readonly string[] = ['model', 'properties', 'meta', 'simulate', 'metrics', 'costs', 'promised'];
