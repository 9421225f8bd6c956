/**
 * From a model module and the user's selection to a {@link CheckTarget} with the chosen
 * properties: loading `--model FILE`, rejecting `--config`/`--mechanism`/`--param` the module
 * does not take, and resolving `--property` names. Shared by the CLI and the library API; every
 * problem is a one-line {@link UsageError}.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { enterMethod, leaveMethod, methodId } from '../engine/watch.ts';
import { UsageError } from '../engine/errors.ts';
import { ContractError, guardTarget, shown } from '../engine/contract.ts';
import { isOwnError, thrownText, UserCodeError } from '../engine/contract-error.ts';
import { asPlugin, importPlugin, PluginExit } from '../engine/plugin-guard.ts';
import { isModelModule, TARGET_MEMBERS, type CheckTarget, type ModelModule, type Selection } from '../engine/plugin.ts';
import { MODEL_MEMBERS } from '../engine/model.ts';
import { misspeltMember } from '../engine/near-miss.ts';

/** Where a model module comes from, for messages and trace files. */
export interface ModuleSource {
  /** Absolute path of the file. */
  file: string;
  /** The path as the user wrote it (`--model`), or undefined for the default model. */
  given?: string;
}

/**
 * Imports a model module file and returns its ModelModule (default export, or export named
 * `replcheck`). TypeScript files load through tsx, registered on first use (src/engine/load-module.ts).
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
    mod = await importPlugin(src.file, `model module ${shown}`, (why) => `cannot load model module ${shown}: ${why}`, src.given !== undefined, src.given !== undefined ? shown : undefined,
      src.given !== undefined ? `model module ${shown}` : undefined);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(`cannot load model module ${shown}: ${msg}`);
  }
  for (const candidate of [mod.default, mod.replcheck]) {
    if (isModelModule(candidate)) return candidate;
  }
  throw new UsageError(`${shown} does not export a model module (a default or 'replcheck' export with a name and a create() function)${shapeHint(mod.default ?? mod.replcheck)}`);
}

/**
 * (Stop 29) The fix for an export that is something else a user writes by mistake: a plain
 * `Model`, or a library subject `{ model, properties }`; '' otherwise.
 */
function shapeHint(x: unknown): string {
  if (typeof x !== 'object' || x === null) return '';
  const o = x as Record<string, unknown>;
  const wrap = (model: string, properties: string) => `: wrap it as export default { name: '${typeof o.name === 'string' ? o.name : 'mine'}', create: () => ({ model: ${model}, properties: ${properties}, meta: {} }) }`;
  if (typeof o.init === 'function' && typeof o.actions === 'function' && typeof o.next === 'function') {
    return `; the export is a Model (init, actions, next), not a model module${wrap('theModel', '[ ...its properties ]')}`;
  }
  if (typeof o.model === 'object' && o.model !== null && Array.isArray(o.properties)) {
    return `; the export is a { model, properties } pair, not a model module${wrap('pair.model', 'pair.properties')}`;
  }
  return '';
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

/**
 * Calls `create`, passing UsageErrors through and naming the module in other failures. The
 * target's model and properties come back guarded (issue 16, src/engine/contract.ts): the
 * property list is checked now, every value they return while running.
 */
export async function createTarget<S, A>(mod: ModelModule<S, A>, sel: Selection, file?: string, userCode = file !== undefined): Promise<CheckTarget<S, A>> {
  let target: CheckTarget<S, A>;
  try {
    // Watched under the model's file (plugin watchdog): a create() that never returns is named.
    const prev = file !== undefined ? enterMethod(methodId(file, 'create()')) : undefined;
    try {
      target = await asPlugin(() => mod.create(sel));
    } finally {
      if (prev !== undefined) leaveMethod(prev);
    }
  } catch (e) {
    const who = `model ${mod.name}${file !== undefined ? ` (${file})` : ''}`;
    if (e instanceof PluginExit) throw new ContractError(who, 'create()', e.message);
    if (e instanceof ContractError) throw e.locate('while building the model');
    // (Stop 28) A model module's own create() that throws is the module's error, not replcheck's.
    if (userCode && !isOwnError(e)) throw new UserCodeError(who, 'create()', thrownText(e), undefined, { cause: e });
    throw e;
  }
  if (!target || typeof target !== 'object' || !target.model || !Array.isArray(target.properties)) {
    const got = !target || typeof target !== 'object' ? shown(target) : !target.model ? 'an object without model' : 'properties that are not an array';
    throw new UsageError(`model module ${mod.name}${file !== undefined ? ` (${file})` : ''}: create() did not return { model, properties, meta } (it returned ${got})`);
  }
  const who = `model ${mod.name}${file !== undefined ? ` (${file})` : ''}`;
  // (Stop 29) `meta` is optional, as for the library's subjects: a target without one has no parameters to report.
  const meta = (target as { meta?: unknown }).meta ?? {};
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta) || ((meta as { params?: unknown }).params !== undefined && (typeof (meta as { params?: unknown }).params !== 'object' || (meta as { params?: unknown }).params === null))) {
    throw new ContractError(who, 'create()', `returned a meta that is not an object of the form { params?: { NAME: VALUE } } (got ${shown(meta)})`);
  }
  if (typeof target.model !== 'object' || typeof target.model.init !== 'function' || typeof target.model.actions !== 'function' || typeof target.model.next !== 'function') {
    throw new ContractError(who, 'create()', 'returned a model without init, actions and next functions');
  }
  // (Stop 29) A misspelt optional member (`isfair`, `canonicle`) would be ignored in silence.
  if (userCode) {
    const typo = misspeltMember(target, TARGET_MEMBERS) ?? misspeltMember(target.model, MODEL_MEMBERS);
    if (typo !== undefined) {
      const what = misspeltMember(target, TARGET_MEMBERS) !== undefined ? '{ model, properties, meta }' : 'a model';
      throw new ContractError(who, 'create()', `returned ${what} with the unknown member '${typo.name}' (did you mean '${typo.meant}'? a misspelt member is ignored; rename it, or name a helper less like a member)`);
    }
  }
  // (Issue 17) `coverage` decides whether random runs fingerprint every state: a truthy string would turn it on unasked.
  const coverage = (target.model as { coverage?: unknown }).coverage;
  if (userCode && coverage !== undefined && typeof coverage !== 'boolean') {
    throw new ContractError(who, 'create()', `returned a model whose coverage is ${shown(coverage)}: it must be true, false or left out (the default counts states of at most 4,096 encoded words)`);
  }
  // (Stop 28) A model without a name of its own is reported under its module's name, not "undefined".
  const named = typeof target.model.name === 'string' && target.model.name !== '' ? target.model : Object.create(target.model, { name: { value: mod.name } }) as typeof target.model;
  // (Stop 29) The built-in model running a mechanism plugin: the breaches its own checks find are the plugin's.
  const suspect = (meta as CheckTarget<unknown, unknown>['meta']).mechanismPlugin !== undefined && !userCode && sel.mechanism !== undefined ? `mechanism plugin ${sel.mechanism}` : undefined;
  return { ...target, meta: meta as CheckTarget<unknown, unknown>['meta'], ...guardTarget(who, named, target.properties, file, userCode, suspect) };
}

/** Selection by name or family (see src/engine/select.ts). */
export { selectProperties } from '../engine/select.ts';
