/**
 * From a model module and the user's selection to a {@link CheckTarget} with the chosen
 * properties: loading `--model FILE`, rejecting `--config`/`--mechanism`/`--param` the module
 * does not take, and resolving `--property` names. Shared by the CLI and the library API; every
 * problem is a one-line {@link UsageError}.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../engine/errors.ts';
import { isModelModule, type CheckTarget, type ModelModule, type Selection } from '../engine/plugin.ts';
import type { Property } from '../engine/property.ts';

/** Where a model module comes from, for messages and trace files. */
export interface ModuleSource {
  /** Absolute path of the file. */
  file: string;
  /** The path as the user wrote it (`--model`), or undefined for the default model. */
  given?: string;
}

/**
 * Imports a model module file and returns its ModelModule (default export, or export named
 * `replcheck`). TypeScript files load through tsx, which bin/replcheck.js registers.
 */
export async function loadModelModule(src: ModuleSource): Promise<ModelModule> {
  const shown = src.given ?? src.file;
  if (!existsSync(src.file)) {
    if (src.given === undefined) {
      throw new UsageError(`the default replication model (${src.file}) is not available in this installation; pass --model FILE`);
    }
    throw new UsageError(`model file not found: ${src.given} (looked for ${src.file})`);
  }
  if (!statSync(src.file).isFile()) throw new UsageError(`--model must be a file (got the directory ${shown})`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(src.file).href)) as Record<string, unknown>;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(`cannot load model module ${shown}: ${msg}`);
  }
  for (const candidate of [mod.default, mod.replcheck]) {
    if (isModelModule(candidate)) return candidate;
  }
  throw new UsageError(`${shown} does not export a model module (a default or 'replcheck' export with a name and a create() function)`);
}

/** Resolves `--model FILE` against `cwd`, or the default model file. */
export function moduleSource(model: string | undefined, cwd: string, defaultModel: string): ModuleSource {
  return model === undefined ? { file: defaultModel } : { file: resolve(cwd, model), given: model };
}

/** Rejects selection flags the module does not understand. */
export function validateSelection(mod: ModelModule, sel: Selection): void {
  if (sel.config !== undefined && !mod.accepts?.config) throw new UsageError(`model ${mod.name} does not take --config`);
  if (sel.mechanism !== undefined && !mod.accepts?.mechanism) throw new UsageError(`model ${mod.name} does not take --mechanism`);
  if (sel.knobs !== undefined && !mod.accepts?.knobs) throw new UsageError(`model ${mod.name} does not take --knob`);
  const valid = Object.keys(mod.params ?? {});
  for (const key of Object.keys(sel.params)) {
    if (valid.includes(key)) continue;
    throw new UsageError(valid.length === 0
      ? `model ${mod.name} takes no --param (got '${key}')`
      : `unknown --param '${key}' for model ${mod.name} (valid: ${valid.join(', ')})`);
  }
}

/** Calls `create`, passing UsageErrors through and naming the module in other failures. */
export async function createTarget<S, A>(mod: ModelModule<S, A>, sel: Selection): Promise<CheckTarget<S, A>> {
  const target = await mod.create(sel);
  if (!target || typeof target !== 'object' || !target.model || !Array.isArray(target.properties)) {
    throw new UsageError(`model module ${mod.name}: create() did not return { model, properties, meta }`);
  }
  return target;
}

/** The properties named in `names` (in the target's order), or all of them when `names` is undefined. */
export function selectProperties<S, A = unknown>(all: Property<S, A>[], names: string[] | undefined): Property<S, A>[] {
  if (names === undefined) return all;
  const valid = all.map((p) => p.name);
  for (const n of names) {
    if (!valid.includes(n)) {
      throw new UsageError(`unknown property '${n}' (valid: ${valid.length ? valid.join(', ') : 'none: the model defines no properties'})`);
    }
  }
  return all.filter((p) => names.includes(p.name));
}
