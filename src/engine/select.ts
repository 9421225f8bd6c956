/**
 * Selecting properties by name (the CLI's `--property`, the library's `properties` option). A
 * *family* is the set of properties sharing a base name, the name up to its first `:`:
 * `eventual-consistency` (always) and `eventual-consistency:reachable` (alwaysReachable) form
 * the family `eventual-consistency`. Naming the base selects the whole family; naming a full
 * property name (`ca-state:reachable`) selects that one property. Generic: any model's property
 * names follow the same rule.
 */
import { UsageError } from './errors.ts';
import type { Property } from './property.ts';

/** The family (base) name of a property: its name up to the first `:`. */
export function familyOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(0, i);
}

/** The distinct family names of a property list, in list order. */
export function families<S, A = unknown>(all: readonly Property<S, A>[]): string[] {
  return [...new Set(all.map((p) => familyOf(p.name)))];
}

/** Every name `--property` accepts, in list order: each family, then its members' full names. */
export function selectableNames<S, A = unknown>(all: readonly Property<S, A>[]): string[] {
  const out = new Set<string>();
  for (const p of all) {
    out.add(familyOf(p.name));
    out.add(p.name);
  }
  return [...out];
}

/**
 * The properties of `all` that `names` select, in `all`'s order (no duplicates): each name is a
 * family name (every member) or a full property name. `undefined` or an empty list selects
 * everything. Throws a {@link UsageError} listing the valid names for an unknown one.
 */
export function selectProperties<S, A = unknown>(all: readonly Property<S, A>[], names: readonly string[] | undefined): Property<S, A>[] {
  if (names === undefined || names.length === 0) return [...all];
  const valid = selectableNames(all);
  for (const n of names) {
    if (!valid.includes(n)) {
      throw new UsageError(`unknown property '${n}' (valid: ${valid.length ? valid.join(', ') : 'none: the model defines no properties'})`);
    }
  }
  const wanted = new Set(names);
  return all.filter((p) => wanted.has(p.name) || wanted.has(familyOf(p.name)));
}
