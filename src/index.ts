/**
 * replcheck's library API: check a model exhaustively or test it with seeded random walks from
 * code (a test suite, a script), with the same results the CLI prints with `--json`.
 *
 * @example
 * ```ts
 * import { check, simulate, always } from 'replcheck';
 * const target = { model: myModel, properties: [always('safe', (s) => s.ok)] };
 * const exhaustiveResult = await check(target, { maxStates: 1_000_000 });
 * const randomResult = await simulate(target, { runs: 1000, seed: 7 });
 * if (randomResult.outcome === 'violation') console.log(randomResult.properties);
 * ```
 */
import { exhaustive } from './engine/exhaustive.ts';
import type { Model } from './engine/model.ts';
import type { ExhaustiveOptions } from './engine/options.ts';
import { isModelModule, type CheckTarget, type ModelModule, type Selection } from './engine/plugin.ts';
import type { Property } from './engine/property.ts';
import { simulate as simulateModel, type SimulateOptions } from './engine/random.ts';
import type { RunResult } from './engine/result.ts';
import { createTarget, selectProperties, validateSelection } from './cli/target.ts';
import { judgePromises, walkedProperties, withUnwalked } from './engine/promises.ts';
import { guardTarget } from './engine/contract.ts';
import { UsageError } from './engine/errors.ts';

export type { Model, StateCodec, WordSink } from './engine/model.ts';
export { formatAction, actionKind } from './engine/model.ts';
export { Digester } from './engine/digest.ts';
export type { Property, PropertyKind, Verdict, Explanation, Antecedent, PropertyOptions } from './engine/property.ts';
export { always, sometimes, alwaysReachable, transition, eventually, holds } from './engine/property.ts';
export type { RunResult, PropertyResult, PropertyStatus, Outcome, PathStep, ExhaustiveStats, RandomStats } from './engine/result.ts';
export type { ExhaustiveOptions, RandomOptions, ExhaustiveProgress, RandomProgress } from './engine/options.ts';
export type { ModelModule, CheckTarget, Selection, ParamSpec } from './engine/plugin.ts';
export { isModelModule } from './engine/plugin.ts';
export { UsageError } from './engine/errors.ts';
export { exhaustive } from './engine/exhaustive.ts';
export { simulate as simulateModel, ModelError, type SimulateOptions, type SimulateStats } from './engine/random.ts';
export { loadModelModule, type ModuleSource } from './cli/target.ts';
export type { TraceFile, TraceStep } from '../traces/format.ts';
export { buildTrace, writeTrace, serializeTrace, traceFileName, type TraceOrigin } from '../traces/write.ts';

/** A model to check: a model module (built with `selection`) or a model with its properties. */
export type Subject<S, A> = ModelModule<S, A> | { model: Model<S, A>; properties: Property<S, A>[]; meta?: CheckTarget<S, A>['meta'] };

/** What to check: the module's selection (for a {@link ModelModule}) and which properties. */
export interface SubjectOptions {
  /** `--config`, `--mechanism`, `--param` for a model module; `cwd` defaults to `process.cwd()`. */
  selection?: Partial<Selection>;
  /** Property names to check (default: all); an unknown name throws a UsageError listing the valid ones. */
  properties?: string[];
}

/** Options of {@link check}. */
export interface CheckOptions extends ExhaustiveOptions, SubjectOptions {}

/** Options of {@link simulate}. */
export interface SimulateApiOptions extends SimulateOptions, SubjectOptions {}

/**
 * The {@link Selection} a library call's `selection` option gives: every field the CLI's flags
 * set (params, config, mechanism, knobs), cwd defaulting to the process's. (Stop 28: knobs were
 * dropped, so a knob's known bug passed from the library and failed from the CLI.)
 */
export function selectionFrom(given: Partial<Selection> | undefined): Selection {
  const sel: Selection = { params: { ...(given?.params ?? {}) }, cwd: given?.cwd ?? process.cwd() };
  if (given?.config !== undefined) sel.config = given.config;
  if (given?.mechanism !== undefined) sel.mechanism = given.mechanism;
  if (given?.knobs !== undefined) sel.knobs = { ...given.knobs };
  return sel;
}

/**
 * Resolves a subject to its model and the selected properties, validating the selection as the
 * CLI does (unknown `--param` keys, `--config`/`--mechanism` the module does not take).
 */
export async function resolveSubject<S, A>(subject: Subject<S, A>, o: SubjectOptions = {}): Promise<{ model: Model<S, A>; properties: Property<S, A>[]; promised?: string[] }> {
  let target: { model: Model<S, A>; properties: Property<S, A>[]; promised?: string[] };
  if (isModelModule(subject)) {
    const sel = selectionFrom(o.selection);
    validateSelection(subject as ModelModule, sel);
    // (Stop 28) A caller's own module is user code: what its methods throw names them, as the
    // CLI names a --model file's (the built-in replication model's errors stay replcheck's).
    target = await createTarget(subject as ModelModule<S, A>, sel, undefined, (subject as ModelModule).name !== 'replication');
  } else {
    const own = subject as { model: Model<S, A>; properties: Property<S, A>[] };
    if (typeof own !== 'object' || own === null || typeof own.model !== 'object' || own.model === null || !Array.isArray(own.properties)) {
      throw new UsageError('the subject must be a model module (with create) or { model, properties }');
    }
    const m = own.model as unknown as Record<string, unknown>;
    if (typeof m.init !== 'function' || typeof m.actions !== 'function' || typeof m.next !== 'function' || typeof m.encode !== 'function') {
      throw new UsageError(`model ${String(m.name)}: the subject's model needs init, actions, next and encode functions`);
    }
    target = guardTarget(`model ${String(own.model.name)}`, own.model, own.properties, undefined, true);
  }
  // (Issue 11) A target that promises only some properties is judged by those (see promises.ts).
  return { model: target.model, properties: selectProperties(target.properties, o.properties), ...(target.promised ? { promised: target.promised } : {}) };
}

/**
 * Explores every reachable state breadth-first and decides the properties (`replcheck check`).
 * Resolves to a {@link RunResult}: outcome `pass`, `violation` (with shortest counterexamples in
 * `properties[i].path`) or `incomplete` (a limit was hit).
 */
export async function check<S, A>(subject: Subject<S, A>, options: CheckOptions = {}): Promise<RunResult<S, A>> {
  const { model, properties, promised } = await resolveSubject(subject, options);
  return judgePromises(await exhaustive(model, properties, options), promised);
}

/**
 * Seeded random walks with shrinking (`replcheck simulate`). Same options and seed, same result;
 * a violation's `stats.seed` and `stats.path` replay it (pass them back as `seed` and `path`).
 */
export async function simulate<S, A>(subject: Subject<S, A>, options: SimulateApiOptions = {}): Promise<RunResult<S, A>> {
  const { model, properties, promised } = await resolveSubject(subject, options);
  const walked = walkedProperties(properties, promised, options.properties !== undefined);
  return withUnwalked(await simulateModel(model, walked, options), properties, promised);
}
