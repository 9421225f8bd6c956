/**
 * (Issue 16) Size limits of a configuration. `config.schema.json` bounds every size (`maximum`,
 * `maxItems`): a configuration asking for 10^9 objects, hosts or values is refused with one line
 * naming the field, before anything is built. Limits marked raisable here can be raised by the
 * configuration itself, explicitly: `"limits": {"bounds.values": 1000, "nodes": 200000}`; the
 * schema is then validated with those maxima. Hard limits (at most 30 objects: object sets are
 * 32-bit masks) cannot be raised. `nodes` bounds the total node count (checked in config.ts).
 */
import { UsageError } from '../src/engine/errors.ts';

type Schema = Record<string, unknown>;

/** The most nodes (master, zones, cells, hosts) a configuration may have unless `limits.nodes` raises it. */
export const DEFAULT_MAX_NODES = 100_000;

/** Where each raisable limit lives in the schema: the path of the bounded node and its keyword. */
const RAISABLE: Readonly<Record<string, readonly [readonly (string | number)[], 'maximum' | 'maxItems']>> = {
  zones: [['properties', 'zones'], 'maxItems'],
  cells: [['properties', 'cells'], 'maxItems'],
  hosts: [['properties', 'hosts'], 'maxItems'],
  ...Object.fromEntries(['zones', 'cellsPerZone', 'mobilePerCell', 'fixedPerCell', 'joinersPerCell'].map((k) =>
    [`topology.${k}`, [['properties', 'topology', 'properties', k], 'maximum']])),
  'objects.items': [['properties', 'objects', 'anyOf', 0, 'items', 'properties', 'items'], 'maxItems'],
  'objects.itemsPerObject': [['properties', 'objects', 'anyOf', 1, 'properties', 'itemsPerObject'], 'maximum'],
  ...Object.fromEntries(['updatesPerHost', 'values', 'reads', 'disconnects', 'moves', 'failedMigrations', 'duplicates', 'joins', 'interestChanges']
    .map((k) => [`bounds.${k}`, [['properties', 'bounds', 'properties', k], 'maximum']])),
  'knobs.refusals': [['properties', 'knobs', 'properties', 'refusals'], 'maximum'],
  'knobs.clockSkew': [['properties', 'knobs', 'properties', 'clockSkew'], 'maximum'],
};

/** The names a `limits` section may raise (besides `nodes`). */
export const RAISABLE_LIMITS: readonly string[] = [...Object.keys(RAISABLE), 'nodes'];

function nodeAt(schema: Schema, path: readonly (string | number)[]): Schema {
  let n: unknown = schema;
  for (const k of path) n = (n as Record<string | number, unknown>)[k];
  return n as Schema;
}

/** The limit's name for a schema error at `instancePath` (`/objects/2/items` -> `objects.items`), if raisable. */
export function limitName(instancePath: string): string | undefined {
  const key = instancePath.split('/').slice(1).filter((p) => !/^\d+$/.test(p)).join('.');
  return Object.hasOwn(RAISABLE, key) ? key : undefined;
}

/** The one-line hint that says how to raise a limit. */
export function raiseHint(name: string): string {
  return `to allow more, add "limits": {"${name}": N} to the configuration (model/README.md, "Limits")`;
}

/**
 * The `limits` section of a configuration input, validated (known names, positive integers),
 * or undefined when there is none. Throws a UsageError naming the bad entry.
 */
export function readLimits(input: unknown): Record<string, number> | undefined {
  if (typeof input !== 'object' || input === null || !Object.hasOwn(input, 'limits')) return undefined;
  const raw = (input as { limits: unknown }).limits;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`config.limits must be an object such as {"bounds.values": 1000} (got ${JSON.stringify(raw)?.slice(0, 40)})`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!RAISABLE_LIMITS.includes(k)) throw new UsageError(`config.limits has an unknown limit "${k}" (raisable: ${RAISABLE_LIMITS.join(', ')})`);
    if (!Number.isSafeInteger(v) || (v as number) < 1) throw new UsageError(`config.limits["${k}"] must be a positive integer (got ${JSON.stringify(v)})`);
    out[k] = v as number;
  }
  return out;
}

/** A copy of `schema` with the raisable maxima replaced by `limits`. */
export function schemaWithLimits(schema: Schema, limits: Record<string, number>): Schema {
  const copy = structuredClone(schema);
  for (const [name, value] of Object.entries(limits)) {
    if (!Object.hasOwn(RAISABLE, name)) continue;
    const [path, keyword] = RAISABLE[name]!;
    nodeAt(copy, path)[keyword] = value;
  }
  return copy;
}

/** The default maximum of every raisable limit, read from `schema` (for documentation and tests). */
export function defaultLimits(schema: Schema): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, [path, keyword]] of Object.entries(RAISABLE)) out[name] = nodeAt(schema, path)[keyword] as number;
  out.nodes = DEFAULT_MAX_NODES;
  return out;
}
