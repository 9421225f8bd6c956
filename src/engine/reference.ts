/**
 * The reference-engine contract the CLI's `replay` uses: an independent implementation of a
 * model's system that can be driven by a trace's semantic actions and shows its state in the
 * model's JSON view, plus (optionally) the model's properties to re-evaluate the verdict on it.
 * Generic: nothing here knows about replication; a composition root supplies the factory.
 */
import type { Property } from './property.ts';

/** The outcome of applying one action: done, or refused with a precise reason. */
export type ApplyOutcome = { ok: true } | { ok: false; message: string };

/** A running engine instance, driven one action at a time. */
export interface ReferenceDriver {
  /** Applies a semantic action (the JSON a trace step carries). Never throws for an impossible action: refuses. */
  apply(action: unknown): ApplyOutcome;
  /** The engine's current state, abstracted to the model's JSON view (the trace's `state`). */
  view(): unknown;
  /** A one-line rendering of an action for messages (default: the trace's label or JSON). */
  describe?(action: unknown): string;
  /**
   * (Addition, issue 10) The engine's own judge: its verdict on a safety property over the
   * states the driver has been through (the initial state and one per applied action), computed
   * on its own state with code independent of the property library; undefined when the judge
   * does not decide that property. (Addition, issue 12) `loop`: for an `eventually` (lasso)
   * counterexample, the step where the trace's loop starts (absent: the run ends in a state
   * where a fair run may stop).
   */
  judge?(property: { name: string; kind: string }, loop?: number): JudgeOutcome | undefined;
  /**
   * (Addition, issue 10) Checks a liveness claim: from the state after step `from` (0 the initial
   * state), explores the engine's completing steps breadth-first up to `maxStates` distinct
   * states and reports, per goal, the shortest way to a state satisfying it. `goals` are
   * predicates on the view (the property library's); the driver adds its judge's goal for the
   * property as `reference` when it has one.
   */
  explore?(from: number, property: { name: string; kind: string }, goals: Record<string, (view: unknown) => boolean>, maxStates: number): LivenessOutcome;
  /**
   * (Addition, issue 11) The engine's own judge on a lasso: the steps applied so far end with a
   * loop back to the state after step `loop`; the judge decides the leads-to property on that
   * loop (violated: its goal fails at every state of the loop and the loop is weakly fair in the
   * engine's terms), or returns undefined when it does not decide that property. `loop` equal to
   * the last step is a dead end: the run stops there (violated only when no fair step is enabled).
   */
  judgeLoop?(property: { name: string; kind: string }, loop: number): JudgeOutcome | undefined;
}

/** (Addition, issue 10) A judge's verdict: holds, or violated at a step with its facts. */
export interface JudgeOutcome {
  verdict: 'holds' | 'violated';
  /** The first step (0 the initial state) whose state violates the property. */
  step?: number;
  facts?: string[];
}

/** (Addition, issue 10) The outcome of a liveness exploration in the engine. */
export interface LivenessOutcome {
  /** Distinct states reached by completing steps (the start included). */
  states: number;
  /** True when every state reachable by completing steps was explored without reaching every goal. */
  exhausted: boolean;
  /** Per goal: the completing steps of a shortest path to a goal state, or null when none was found. */
  reached: Record<string, string[] | null>;
  /** The completing-step kinds the engine explored (one phrase, for messages). */
  steps: string;
}

/** What a trace says about the run it came from: enough to start an engine for it. */
export interface TraceSetup {
  model: string;
  config?: unknown;
  mechanism?: string;
  params?: Record<string, string>;
  /**
   * (Addition, issue 10) A plugin mechanism the trace was found with (`mechanismPlugin`), loaded
   * by `replay` after checking its hash: the file and the imported module.
   */
  plugin?: { file: string; module: Record<string, unknown> };
  /**
   * (Addition, issue 13) The state the trace starts from, as recorded: lets an engine tell which
   * version of its model's view wrote the trace (e.g. a field a newer model records).
   */
  initial?: unknown;
}

/** Creates engines for one model's traces. */
export interface ReferenceEngineFactory {
  /** The model whose traces it replays (the trace's `model` field). */
  readonly model: string;
  /** A sentence for messages: what the engine is. */
  readonly description?: string;
  /** Why this setup cannot be replayed (e.g. `mechanism 'lamport' is not supported by the reference engine`), or undefined. */
  unsupported(setup: TraceSetup): string | undefined;
  /** Starts an engine in the initial state of the setup's configuration. Throws UsageError for a bad configuration. */
  start(setup: TraceSetup): ReferenceDriver;
  /**
   * The model's properties for this setup, used to re-evaluate a trace's verdict on the
   * engine's view. Supplied by the composition root (src/ never imports the property library).
   */
  properties?(setup: TraceSetup): Property<unknown>[];
  /**
   * (Addition, issue 16) Every property name the model defines for this setup, including those
   * `properties` cannot evaluate on a replayed path (their traces replay with the verdict
   * unchecked); a trace naming any other property is refused. Default: the names of `properties`.
   */
  propertyNames?(setup: TraceSetup): string[];
}

const registry = new Map<string, ReferenceEngineFactory>();

/**
 * Makes a factory available to `replay` (called by the composition root, `bin/main.ts`, which
 * may attach the model's `properties`). A later registration for the same model replaces it.
 */
export function registerReferenceEngine(factory: ReferenceEngineFactory): void {
  registry.set(factory.model, factory);
}

/** The factory registered for a model, if any. */
export function referenceEngineFor(model: string): ReferenceEngineFactory | undefined {
  return registry.get(model);
}

/** The models that have a registered reference engine. */
export function referenceModels(): string[] {
  return [...registry.keys()];
}
