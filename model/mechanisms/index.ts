/**
 * The mechanism registry behind `--mechanism NAME|FILE`: built-in names, and the hook for
 * plugin files (a module whose default export, or export named `mechanism`, is an
 * {@link OrderingMechanism}).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../../src/engine/errors.ts';
import type { OrderingMechanism } from '../mechanism.ts';
import { isOrderingMechanism } from '../mechanism.ts';
import { arrivalOrder } from './arrival-order.ts';
import { hierarchical } from './hierarchical.ts';

/** The default mechanism's name. */
export const DEFAULT_MECHANISM = 'hierarchical';

/** Built-in mechanisms by name (other helpers add theirs here). */
export const MECHANISMS: Readonly<Record<string, OrderingMechanism>> = {
  hierarchical,
  'arrival-order': arrivalOrder,
};

function looksLikeFile(x: string): boolean {
  return /[/\\]/.test(x) || /\.(ts|js|mjs|mts)$/.test(x);
}

/** Resolves a built-in mechanism name; throws a UsageError listing the valid ones. */
export function builtinMechanism(name: string): OrderingMechanism {
  const m = MECHANISMS[name];
  if (!m) throw new UsageError(`--mechanism must be one of ${Object.keys(MECHANISMS).join(', ')} or a module file (got "${name}")`);
  return m;
}

/** Resolves `--mechanism NAME|FILE` (files relative to `cwd`). */
export async function loadMechanism(selection: string | undefined, cwd: string): Promise<OrderingMechanism> {
  const name = selection ?? DEFAULT_MECHANISM;
  if (MECHANISMS[name] || !looksLikeFile(name)) return builtinMechanism(name);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(cwd, name)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--mechanism file ${name} cannot be loaded: ${(e as Error).message.split('\n')[0]}`);
  }
  const m = mod.default ?? mod.mechanism;
  if (!isOrderingMechanism(m)) {
    throw new UsageError(`--mechanism file ${name} must default-export an ordering mechanism (name, stamp, release, commit, arrange, peer; see model/mechanism.ts)`);
  }
  return m;
}
