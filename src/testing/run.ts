/**
 * `check` and `simulate` for test suites: the library API's runs, plus what a failure message
 * needs to say how to reproduce them (the subject's model, and the paste-back command the CLI
 * would print, built with the CLI's own `reproduceCommand`).
 */
import { resolveSubject, selectionFrom, type CheckOptions, type SimulateApiOptions, type Subject } from '../index.ts';
import { exhaustive } from '../engine/exhaustive.ts';
import { simulate as simulateModel } from '../engine/random.ts';
import type { Model } from '../engine/model.ts';
import { isModelModule, type Selection } from '../engine/plugin.ts';
import type { RandomStats, RunResult } from '../engine/result.ts';
import { reproduceCommand, seedArgs } from '../cli/reproduce.ts';
import { selectionArgs } from '../cli/selection.ts';
import { judgePromises, walkedProperties, withUnwalked } from '../engine/promises.ts';

/** Where the subject's module lives, for the `--model` flag of paste-back lines. */
export interface ReproduceOptions {
  /**
   * The model module's path as you would pass it to `--model` (e.g. `examples/two-phase.ts`).
   * Leave it out for the default replication model. Without it, a module other than the
   * default one gets a `--model FILE` placeholder.
   */
  modelFile?: string;
}

/** How a run is reproduced. */
export interface RunOrigin<S, A> {
  command: 'check' | 'simulate';
  model: Model<S, A>;
  /** The paste-back command for a property's counterexample, or undefined when the subject is not a model module. */
  reproduce(property: string): string | undefined;
  /** The library call that reproduces a random run (`simulate(..., { seed, path })`), for subjects without a CLI line. */
  apiCall?: string;
  /**
   * (Stop 29) What a placeholder in the {@link reproduce} line stands for: set when the module's
   * file is not known (no `modelFile` option), so the line has `--model FILE`.
   */
  placeholder?: string;
  /** A one-line description: command, model, selection. */
  describe: string;
}

/** A run's result together with its {@link RunOrigin}. */
export type TestedRun<S = unknown, A = unknown> = RunResult<S, A> & { origin: RunOrigin<S, A> };

/** True when `r` carries a {@link RunOrigin}. */
export function isTestedRun(r: unknown): r is TestedRun {
  return typeof r === 'object' && r !== null && 'origin' in r && 'outcome' in r;
}

function selectionOf(subject: Subject<unknown, unknown>, o: CheckOptions | SimulateApiOptions): Selection | undefined {
  if (!isModelModule(subject)) return undefined;
  return selectionFrom(o.selection);
}

function origin<S, A>(command: 'check' | 'simulate', subject: Subject<S, A>, model: Model<S, A>, o: CheckOptions | SimulateApiOptions,
  r: ReproduceOptions, modeArgs: string[], apiCall?: string): RunOrigin<S, A> {
  const sel = selectionOf(subject as Subject<unknown, unknown>, o);
  const given = r.modelFile ?? (isModelModule(subject) && subject.name !== 'replication' ? 'FILE' : undefined);
  const base = sel ? selectionArgs({ source: { file: given ?? '', given }, selection: sel }) : undefined;
  const parts = [command, `model ${model.name}`];
  if (sel?.config !== undefined) parts.push(`config ${sel.config}`);
  if (sel?.mechanism !== undefined) parts.push(`mechanism ${sel.mechanism}`);
  for (const [k, v] of Object.entries(sel?.params ?? {})) parts.push(`${k}=${v}`);
  return {
    command, model, apiCall, describe: parts.join(', '),
    ...(given === 'FILE' ? { placeholder: `FILE is the file that exports model module '${(subject as { name: string }).name}' (pass { modelFile: 'path/to/it.ts' } to ${command}() to have it filled in)` } : {}),
    reproduce: (property) => (base ? reproduceCommand(command, [...base, '--property', property, ...modeArgs]) : undefined),
  };
}

/** Exhaustive check (the library's `check`), with its paste-back line for failures. */
export async function check<S, A>(subject: Subject<S, A>, options: CheckOptions & ReproduceOptions = {}): Promise<TestedRun<S, A>> {
  const { model, properties, promised } = await resolveSubject(subject, options);
  const result = judgePromises(await exhaustive(model, properties, options), promised);
  const limits: string[] = [];
  if (options.maxStates !== undefined) limits.push('--max-states', String(options.maxStates));
  if (options.maxDepth !== undefined) limits.push('--max-depth', String(options.maxDepth));
  return { ...result, origin: origin('check', subject, model, options, options, limits) };
}

/**
 * Seeded random walks (the library's `simulate`), with the paste-back line of a violation:
 * the seed and fast-check path replay exactly the shrunk counterexample.
 */
export async function simulate<S, A>(subject: Subject<S, A>, options: SimulateApiOptions & ReproduceOptions = {}): Promise<TestedRun<S, A>> {
  const { model, properties, promised } = await resolveSubject(subject, options);
  const walked = walkedProperties(properties, promised, options.properties !== undefined);
  const result = withUnwalked(await simulateModel(model, walked, options), properties, promised);
  const stats = result.stats as RandomStats;
  const walk: string[] = [];
  // (Sweep 30e) The path names its run: past run 99 the CLI refused a line without --runs.
  if (options.runs !== undefined) walk.push('--runs', String(options.runs));
  if (options.steps !== undefined) walk.push('--steps', String(options.steps));
  if (options.checkEvery !== undefined) walk.push('--check-every', String(options.checkEvery));
  if (options.drainSteps !== undefined) walk.push('--drain-steps', String(options.drainSteps));
  const replay = [...walk, ...seedArgs(stats.seed), ...(stats.path !== undefined ? ['--path', stats.path] : [])];
  const api = `simulate(subject, { ${[
    options.steps !== undefined ? `steps: ${options.steps}` : '', options.checkEvery !== undefined ? `checkEvery: ${options.checkEvery}` : '',
    options.drainSteps !== undefined ? `drainSteps: ${options.drainSteps}` : '', `seed: ${stats.seed}`,
    stats.path !== undefined ? `path: '${stats.path}'` : '',
  ].filter(Boolean).join(', ')} })`;
  return { ...result, origin: origin('simulate', subject, model, options, options, replay, api) };
}
