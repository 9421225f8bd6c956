/**
 * Selecting properties by the CLI's `--property` names. A *family* is the set of engine
 * properties sharing a base name: `eventual-consistency` (always) and
 * `eventual-consistency:reachable` (alwaysReachable) form the family `eventual-consistency`.
 * Naming the base selects the whole family; naming a full engine name (`ca-state:reachable`)
 * selects that one property. The rule is generic and lives in the engine
 * (src/engine/select.ts, used by the CLI); this file re-exports it for the property library.
 */
export { familyOf, families, selectProperties } from '../src/engine/select.ts';
