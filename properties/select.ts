/**
 * Selecting properties by the CLI's `--property` names. A *family* is the set of engine
 * properties sharing a base name: `eventual-consistency` (always) and
 * `eventual-consistency:reachable` (alwaysReachable) form the family `eventual-consistency`.
 * Naming the base selects the whole family; naming a full engine name (`ca-state:reachable`)
 * selects that one property.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { Property } from '../src/engine/property.ts';

/** The family (base) name of an engine property: its name up to the first `:`. */
export function familyOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(0, i);
}

/** The distinct family names of a property list, in list order. */
export function families<S>(all: readonly Property<S>[]): string[] {
  return [...new Set(all.map((p) => familyOf(p.name)))];
}

/**
 * The properties of `all` that `names` select, in `all`'s order (no duplicates). Each name is a
 * family name (selects every member) or a full engine property name. An empty `names` selects
 * everything. Throws a {@link UsageError} naming the known families for an unknown name.
 */
export function selectProperties<S>(all: readonly Property<S>[], names: readonly string[]): Property<S>[] {
  if (names.length === 0) return [...all];
  const known = new Set([...all.map((p) => p.name), ...families(all)]);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown property ${unknown.map((n) => `'${n}'`).join(', ')}; known: ${families(all).join(', ')}`);
  }
  const wanted = new Set(names);
  return all.filter((p) => wanted.has(p.name) || wanted.has(familyOf(p.name)));
}
