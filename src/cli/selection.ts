/**
 * The flags every checking command shares (model selection, properties, output) and the step
 * that turns them into a ready {@link Prepared} run: module loaded, selection validated, target
 * created, properties chosen, output directory usable. Nothing is written before this succeeds.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import type { CheckTarget, ModelModule, Selection } from '../engine/plugin.ts';
import type { Property } from '../engine/property.ts';
import { knobFlags, paramFlags, propertyFlags, secondsFlag, str, type Flags, type OptionSpec } from './args.ts';
import type { CliContext } from './context.ts';
import { createTarget, loadModelModule, moduleSource, selectProperties, validateSelection, type ModuleSource } from './target.ts';

/**
 * (Stop 28; sweep 31c for measure) `e` worded for the `--mechanisms` entry `mechanism`: the model
 * names the flag it knows (--mechanism), but compare's and measure's users wrote --mechanisms.
 */
export function asMechanismsEntry(e: unknown, mechanism: string): unknown {
  if (!(e instanceof UsageError) || !e.message.startsWith('--mechanism ')) return e;
  const rest = e.message.slice('--mechanism '.length);
  return new UsageError(rest.startsWith(`${mechanism}:`) ? `--mechanisms ${rest}` : `--mechanisms (${mechanism}): ${rest}`);
}

/** Default output directory for trace files. */
export const DEFAULT_OUT = 'replcheck-out';

/** Flags shared by `check` and `simulate`. */
export const SELECTION_OPTIONS: OptionSpec = {
  model: { type: 'string' },
  config: { type: 'string' },
  mechanism: { type: 'string' },
  knob: { type: 'string', multiple: true },
  property: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  'time-limit': { type: 'string' },
  'plugin-timeout': { type: 'string' },
  'stop-at-first': { type: 'boolean' },
  out: { type: 'string' },
  'trace-name': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Help lines for {@link SELECTION_OPTIONS}. */
export const SELECTION_HELP = `Model selection:
  --model FILE          model module to load (default export or 'replcheck' export is a
                        ModelModule); default: the replication model (model/index.ts)
  --config NAME|FILE    configuration preset or file (models that accept it)
  --mechanism NAME|FILE ordering mechanism (models that accept it)
  --knob NAME=VALUE     design knob overriding the configuration's, repeatable
                        (e.g. --knob causalHoldBack=false; models that accept it)
  --param KEY=VALUE     model parameter, repeatable (unknown keys are rejected)
  --property A,B        check only these properties (repeatable; default: all); a family
                        name (eventual-consistency) selects its members (eventual-consistency:reachable)
  --stop-at-first       end the run at the first violation (the other properties are
                        reported incomplete, with the reason)
  --plugin-timeout S    with a --model or --mechanism file: end the run (exit 2) when one of
                        its methods runs longer than S seconds (default 30; an infinite loop)
Output:
  --out DIR             where trace files go (default: ./${DEFAULT_OUT}); a trace is named
                        <model>-<property>-<command>-<hash>.trace.json, the hash taken from
                        its reproduce line, so other runs never overwrite it
  --trace-name NAME     write the trace as NAME.trace.json instead (NAME-<property>.trace.json
                        when several properties are violated); a later run may overwrite it
  --json                print exactly one JSON object on stdout (JSON Schema:
                        replcheck/schemas/<command>.schema.json)
  -h, --help            this help`;

/** A validated run, ready to start. */
export interface Prepared<S = unknown, A = unknown> {
  source: ModuleSource;
  module: ModelModule<S, A>;
  selection: Selection;
  target: CheckTarget<S, A>;
  /** The properties to check. */
  properties: Property<S, A>[];
  /** `--property` as given (undefined: all). */
  propertyNames?: string[];
  /** Absolute output directory. */
  out: string;
  /** `--trace-name`: a fixed trace file name chosen by the user. */
  traceName?: string;
  json: boolean;
  /** (Issue 17) `params.workers` as the command planned it (the run may restart on one thread and say why). */
  workers?: string;
}

/**
 * Loads and validates everything the shared flags name. Throws UsageError on any problem.
 * (Stop 36) `beforeBuild` is called with what names the target once the selection is valid and
 * before the model is built (simulate starts its walk workers there, so that they build the
 * model while this thread does).
 */
export async function prepare(flags: Flags, ctx: CliContext, beforeBuild?: (named: Pick<Prepared, 'source' | 'selection' | 'propertyNames'>) => void): Promise<Prepared> {
  secondsFlag(flags, 'plugin-timeout'); // validated here; the watchdog (supervisor.ts) applies it
  const params = paramFlags(flags);
  const propertyNames = propertyFlags(flags);
  const out = resolve(ctx.cwd, str(flags, 'out') ?? DEFAULT_OUT);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out must be a directory (${out} is a file)`);
  const traceName = traceNameFlag(flags);
  const source = moduleSource(str(flags, 'model'), ctx.cwd, ctx.defaultModel);
  const module = await loadModelModule(source);
  const selection: Selection = { params, cwd: ctx.cwd };
  const config = str(flags, 'config');
  const mechanism = str(flags, 'mechanism');
  if (config !== undefined) selection.config = config;
  if (mechanism !== undefined) selection.mechanism = mechanism;
  const knobs = knobFlags(flags);
  if (knobs !== undefined) selection.knobs = knobs;
  validateSelection(module, selection);
  beforeBuild?.({ source, selection, propertyNames });
  const target = await createTarget(module, selection, source.given);
  const properties = selectProperties(target.properties, propertyNames);
  return { source, module, selection, target, properties, propertyNames, out, json: flags.json === true, ...(traceName !== undefined ? { traceName } : {}) };
}

/** `--trace-name NAME`: a plain file name (no directory, not hidden). */
export function traceNameFlag(flags: Flags): string | undefined {
  const raw = str(flags, 'trace-name');
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/.test(raw)) {
    throw new UsageError(`--trace-name must be a file name of letters, digits, '.', '_' and '-' (no directory; got '${raw}'); use --out for the directory`);
  }
  return raw;
}

/** The selection flags as the user gave them, for paste-back commands (in a fixed order). */
export function selectionArgs(p: Pick<Prepared, 'source' | 'selection'>): string[] {
  const args: string[] = [];
  if (p.source.given !== undefined) args.push('--model', p.source.given);
  if (p.selection.config !== undefined) args.push('--config', p.selection.config);
  if (p.selection.mechanism !== undefined) args.push('--mechanism', p.selection.mechanism);
  for (const [k, v] of Object.entries(p.selection.knobs ?? {})) args.push('--knob', `${k}=${v}`);
  for (const [k, v] of Object.entries(p.selection.params)) args.push('--param', `${k}=${v}`);
  return args;
}
