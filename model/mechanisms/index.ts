/**
 * The mechanism registry behind `--mechanism NAME|FILE`: built-in names (specified in README.md
 * beside this file), and the hook for plugin files (a module whose default export, or export
 * named `mechanism`, is an {@link OrderingMechanism}). A module that is not one is rejected with a
 * UsageError naming what is missing.
 */
import { resolve } from 'node:path';
import { UsageError } from '../../src/engine/errors.ts';
import { importPlugin } from '../../src/engine/plugin-guard.ts';
import type { OrderingMechanism } from '../mechanism.ts';
import { checkedMechanism } from '../mechanism-contract.ts';
import { MECHANISM_MEMBER_NAMES, MECHANISM_MEMBERS, mechanismProblems } from '../mechanism.ts';
import { thrownText } from '../../src/engine/contract-error.ts';
import { misspeltMember } from '../../src/engine/near-miss.ts';
import { arrivalOrder } from './arrival-order.ts';
import { bayou } from './bayou.ts';
import { hierarchical } from './hierarchical.ts';
import { lamport } from './lamport.ts';
import { lww } from './lww.ts';
import { primaryCopy } from './primary-copy.ts';
import { sequencer } from './sequencer.ts';
import { vectorCausal } from './vector-causal.ts';

/** The default mechanism's name. */
export const DEFAULT_MECHANISM = 'hierarchical';

/** Built-in mechanisms by name, in the order `compare` lists them. */
export const MECHANISMS: Readonly<Record<string, OrderingMechanism>> = {
  hierarchical,
  'arrival-order': arrivalOrder,
  sequencer,
  lamport,
  'vector-causal': vectorCausal,
  lww,
  'primary-copy': primaryCopy,
  bayou,
};

function looksLikeFile(x: string): boolean {
  return /[/\\]/.test(x) || /\.(ts|js|mjs|mts|cjs|cts)$/.test(x);
}

/** Resolves a built-in mechanism name; throws a UsageError listing the valid ones. */
export function builtinMechanism(name: string): OrderingMechanism {
  const m = Object.hasOwn(MECHANISMS, name) ? MECHANISMS[name] : undefined; // never `constructor` from the prototype
  if (!m) throw new UsageError(`--mechanism must be one of ${Object.keys(MECHANISMS).join(', ')} or a module file (got "${name}")`);
  return m;
}

const NEEDS = `an OrderingMechanism needs ${MECHANISM_MEMBERS.map(([k]) => k).join(', ')}`;

/** The one-line rejection of a plugin module's export (see {@link loadMechanism}). */
export function pluginError(file: string, mod: Record<string, unknown>): string | undefined {
  const hasDefault = mod.default !== undefined;
  const m = mod.default ?? mod.mechanism;
  if (m === undefined) return `--mechanism ${file}: the module has no default export (${NEEDS}; see model/mechanisms/README.md)`;
  // (Stop 29) A misspelt optional member (`promise:`, `mayUpdte`) would be ignored in silence.
  const typo = typeof m === 'object' && m !== null ? misspeltMember(m, MECHANISM_MEMBER_NAMES) : undefined;
  if (typo !== undefined) {
    return `mechanism plugin ${file}: unknown member '${typo.name}' (did you mean '${typo.meant}'? a misspelt member is ignored; rename it, or name a helper less like a member)`;
  }
  const problems = mechanismProblems(m);
  if (!problems.length) {
    const taken = (m as OrderingMechanism).name;
    if (Object.prototype.hasOwnProperty.call(MECHANISMS, taken)) {
      return `--mechanism ${file}: the plugin is named '${taken}', a built-in mechanism's name; give it a name of its own (traces and reports tell mechanisms apart by name)`;
    }
    return undefined;
  }
  const what = hasDefault ? 'the default export' : "the export 'mechanism'";
  // (F8) `module.exports = { default: m }` (or `export default { default: m }`): the mechanism is one level down.
  const inner = typeof m === 'object' && m !== null ? (m as Record<string, unknown>).default ?? (m as Record<string, unknown>).mechanism : undefined;
  if (inner !== undefined && !mechanismProblems(inner).length) {
    const key = (m as Record<string, unknown>).default !== undefined ? 'default' : 'mechanism';
    return `--mechanism ${file}: ${what} is an object that holds the mechanism under '${key}', one level too deep; export the mechanism itself (module.exports = m, or export default m)`;
  }
  // (Stop 28) "is not an object" reads on its own; member problems read after "has".
  const verb = problems.length === 1 && problems[0]!.startsWith('is not ') ? '' : 'has ';
  return `--mechanism ${file}: ${what} ${verb}${problems.join(', ')} (${NEEDS})`;
}

/**
 * Resolves `--mechanism NAME|FILE` (files relative to `cwd`). The result is wrapped in the
 * contract checks of ../mechanism-contract.ts (issue 16), built-ins included (their cost is in
 * bench/RESULTS.md). A plugin's import runs under {@link importPlugin}: it cannot end the
 * process and must settle within the load timeout.
 */
export async function loadMechanism(selection: string | undefined, cwd: string): Promise<OrderingMechanism> {
  const name = selection ?? DEFAULT_MECHANISM;
  if (Object.hasOwn(MECHANISMS, name) || !looksLikeFile(name)) return checkedMechanism(builtinMechanism(name), `mechanism ${name}`);
  let mod: Record<string, unknown>;
  try {
    mod = await importPlugin(resolve(cwd, name), `--mechanism file ${name}`, undefined, true, name, `mechanism plugin ${name}`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--mechanism file ${name} cannot be loaded: ${(e as Error).message.split('\n')[0]}`);
  }
  // (Sweep 29) A member that throws when read (a getter, a Proxy) is the plugin's load error, naming the member.
  readMembers(name, mod.default ?? mod.mechanism);
  try {
    const problem = pluginError(name, mod);
    if (problem) throw new UsageError(problem);
    return checkedMechanism((mod.default ?? mod.mechanism) as OrderingMechanism, `mechanism plugin ${name}`, name);
  } catch (e) {
    // A Proxy's other traps (ownKeys, getPrototypeOf) may throw while its members are listed.
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--mechanism file ${name} cannot be loaded: inspecting its export threw: ${thrownText(e)}`);
  }
}

/** Reads each member a mechanism may have once, so one whose read throws is named (see {@link loadMechanism}). */
function readMembers(file: string, m: unknown): void {
  if ((typeof m !== 'object' && typeof m !== 'function') || m === null) return;
  for (const key of MECHANISM_MEMBER_NAMES) {
    try {
      void (m as Record<string, unknown>)[key];
    } catch (e) {
      throw new UsageError(`--mechanism file ${file} cannot be loaded: reading its member '${key}' threw: ${thrownText(e)}`);
    }
  }
}

/** True when `--mechanism` names a plugin file rather than a built-in mechanism. */
export function isPluginSelection(selection: string | undefined): selection is string {
  return selection !== undefined && !MECHANISMS[selection] && looksLikeFile(selection);
}
