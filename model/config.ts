/**
 * Configuration: validation and resolution of what a user writes (a preset name, or a JSON file
 * with the explicit tree or the topology shorthand) into the {@link ResolvedConfig} every other
 * part of the model, the properties and the reference engine read. Errors are `UsageError`s that
 * name the JSON path and what is allowed.
 */
import { resolve as resolvePath } from 'node:path';
import { UsageError } from '../src/engine/errors.ts';
import type { ResolvedConfig } from '../traces/replication.ts';
import { validateShape } from './config-errors.ts';
import { DEFAULT_MAX_NODES, raiseHint } from './config-limits.ts';
import { inputCapBytes, jsonDepthProblem, printable, readCapped } from '../src/engine/bounded-input.ts';
import { expandObjects, expandTopology } from './config-shorthand.ts';
import { checkGrowing } from './config-growing.ts';
import type { ConfigInput, ObjectInput } from './config-types.ts';
import { DEFAULT_KNOBS, normalizeKnobs } from './config-types.ts';
import { parsePlacement, placementText } from './placement.ts';
import { PRESETS } from './presets.ts';
import { resolveFaults } from './faults-config.ts';

/** The preset used when no `--config` is given. */
export const DEFAULT_PRESET = 'small';

/** The size cap of a configuration file, in MB (REPLCHECK_MAX_INPUT_MB raises it). */
export const MAX_CONFIG_MB = 16;

/** The most objects a configuration may have (object sets are 32-bit masks). */
export const MAX_OBJECTS = 30;

function fail(message: string): never {
  throw new UsageError(message);
}

function checkUnique(ids: { id: string; path: string }[]): void {
  const seen = new Map<string, string>();
  for (const { id, path } of ids) {
    const before = seen.get(id);
    if (before) fail(`${path} "${id}" is already used by ${before}`);
    seen.set(id, path);
  }
}

function oneOf(path: string, value: string, allowed: Set<string>, what: string): void {
  if (!allowed.has(value)) {
    const list = [...allowed];
    const shown = list.length > 8 ? list.slice(0, 8).join(', ') + ', ...' : list.join(', ');
    fail(`${path} must be one of the ${what} ${shown} (got "${value}")`);
  }
}

/** (Issue 16) Refuses a configuration with more nodes than `limits.nodes` (default 100,000) before building it. */
function checkNodeCount(c: ConfigInput): void {
  const max = c.limits?.nodes ?? DEFAULT_MAX_NODES;
  let nodes: number;
  let field: string;
  if (c.topology) {
    const t = c.topology;
    const cells = t.zones * t.cellsPerZone;
    nodes = 1 + t.zones + cells + cells * (t.mobilePerCell + (t.fixedPerCell ?? 0));
    field = 'config.topology';
  } else {
    nodes = 1 + (c.zones?.length ?? 0) + (c.cells?.length ?? 0) + (c.hosts?.length ?? 0);
    field = 'config.hosts';
  }
  if (nodes > max) fail(`${field} describes ${nodes.toLocaleString('en-US')} nodes, more than the limit of ${max.toLocaleString('en-US')}; ${raiseHint('nodes')}`);
}

/** Resolves a validated input into a {@link ResolvedConfig}; throws a UsageError on inconsistencies. */
export function resolveConfig(input: unknown, name?: string): ResolvedConfig {
  validateShape(input);
  const c: ConfigInput = input;
  const explicitParts = (['master', 'zones', 'cells', 'hosts'] as const).filter((k) => c[k] !== undefined);
  if (c.topology && explicitParts.length) fail(`config.topology cannot be combined with config.${explicitParts[0]} (use one form)`);
  if (!c.topology) {
    for (const k of ['master', 'zones', 'cells', 'hosts'] as const) {
      if (c[k] === undefined) fail(`config.${k} is required (or give config.topology)`);
    }
    if (c.objects === undefined) fail('config.objects is required with the explicit tree');
  }
  const objects: ObjectInput[] = c.objects === undefined
    ? expandObjects({ frequent: 1 })
    : Array.isArray(c.objects) ? c.objects : expandObjects(c.objects);
  if (objects.length > MAX_OBJECTS) fail(`config.objects must have at most ${MAX_OBJECTS} objects (got ${objects.length})`);
  checkNodeCount(c);
  const tree = c.topology ? expandTopology(c.topology, objects) : { master: c.master!, zones: c.zones!, cells: c.cells!, hosts: c.hosts! };

  checkUnique([
    { id: tree.master.id, path: 'config.master.id' },
    ...tree.zones.map((z, i) => ({ id: z.id, path: `config.zones[${i}].id` })),
    ...tree.cells.map((x, i) => ({ id: x.id, path: `config.cells[${i}].id` })),
    ...tree.hosts.map((h, i) => ({ id: h.id, path: `config.hosts[${i}].id` })),
  ]);
  checkUnique(objects.map((o, i) => ({ id: o.id, path: `config.objects[${i}].id` })));
  checkUnique(objects.flatMap((o, i) => o.items.map((it, j) => ({ id: it, path: `config.objects[${i}].items[${j}]` }))));

  const zoneIds = new Set(tree.zones.map((z) => z.id));
  const cellIds = new Set(tree.cells.map((x) => x.id));
  const objectIds = new Set(objects.map((o) => o.id));
  const infrequent = new Set(objects.filter((o) => o.kind === 'infrequent').map((o) => o.id));
  tree.cells.forEach((x, i) => oneOf(`config.cells[${i}].zone`, x.zone, zoneIds, 'zone ids'));
  tree.hosts.forEach((h, i) => {
    // (Issue 13) A fixed host may attach to a zone or the master.
    if (h.kind === 'fixed') oneOf(`config.hosts[${i}].cell`, h.cell, new Set([tree.master.id, ...zoneIds, ...cellIds]), 'cell, zone or master ids (a fixed host)');
    else oneOf(`config.hosts[${i}].cell`, h.cell, cellIds, 'cell ids');
    h.interests.forEach((o, j) => oneOf(`config.hosts[${i}].interests[${j}]`, o, objectIds, 'object ids'));
  });
  checkGrowing(tree);
  objects.forEach((o, i) => (o.related ?? []).forEach((r, j) => {
    oneOf(`config.objects[${i}].related[${j}]`, r, infrequent, 'infrequent object ids (an Object-Related-List holds only infrequently changed objects)');
  }));

  const nodeIds = [tree.master.id, ...tree.zones.map((z) => z.id), ...tree.cells.map((x) => x.id), ...tree.hosts.map((h) => h.id)];
  let writers: string[] | undefined;
  if (Array.isArray(c.writers)) {
    const all = new Set(nodeIds);
    c.writers.forEach((w, i) => oneOf(`config.writers[${i}]`, w, all, 'node ids'));
    writers = [...c.writers];
  } else if (c.writers !== undefined && c.writers !== 'all') {
    const pick = c.writers.startsWith('mobile') ? tree.hosts.filter((h) => h.kind === 'mobile') : tree.hosts;
    writers = [...(c.writers.endsWith('+master') ? [tree.master.id] : []), ...pick.map((h) => h.id)];
  }

  const joiners = tree.hosts.filter((h) => h.joins).length;
  const b = c.bounds ?? {};
  // (Stop 29) Hosts marked to join under a join budget of 0 never joined, and nothing said so.
  if (b.joins === 0 && joiners > 0) {
    fail(`config.bounds.joins is 0, so ${tree.hosts.filter((h) => h.joins).map((h) => h.id).join(', ')} (joins: true) can never join; raise bounds.joins, or drop joins from those hosts`);
  }
  const resolved: ResolvedConfig = {
    master: { id: tree.master.id },
    zones: tree.zones.map((z) => ({ id: z.id, ...(z.joins ? { joins: true } : {}) })),
    cells: tree.cells.map((x) => ({ id: x.id, zone: x.zone, ...(x.joins ? { joins: true } : {}) })),
    hosts: tree.hosts.map((h) => ({ id: h.id, kind: h.kind, cell: h.cell, interests: [...h.interests], ...(h.joins ? { joins: true } : {}), ...(h.leaves ? { leaves: true } : {}) })),
    objects: objects.map((o) => ({ id: o.id, kind: o.kind, items: [...o.items], related: [...(o.related ?? [])] })),
    bounds: {
      updatesPerHost: b.updatesPerHost ?? 1,
      values: b.values ?? 1,
      reads: b.reads ?? 0,
      disconnects: b.disconnects ?? 0,
      moves: b.moves ?? 0,
      failedMigrations: b.failedMigrations ?? 0,
      duplicates: b.duplicates ?? 0,
      joins: b.joins ?? joiners,
      interestChanges: b.interestChanges ?? 0,
    },
    knobs: { ...DEFAULT_KNOBS, ...normalizeKnobs(c.knobs ?? {}) },
  };
  const label = c.name ?? name;
  if (label !== undefined) resolved.name = label;
  if (writers) resolved.writers = writers;
  // (Issue 14) Primary placement: the object form becomes the knob's text form, then is checked.
  const knobs = resolved.knobs!;
  knobs.primaryPlacement = placementText(knobs.primaryPlacement);
  parsePlacement(knobs.primaryPlacement, resolved);
  if (c.faults) {
    resolved.faults = resolveFaults(c.faults, {
      ids: nodeIds,
      kinds: ['master', ...tree.zones.map(() => 'zone' as const), ...tree.cells.map(() => 'cell' as const), ...tree.hosts.map((h) => h.kind)],
      parents: [null, ...tree.zones.map(() => tree.master.id), ...tree.cells.map((x) => x.zone), ...tree.hosts.map((h) => h.cell)],
    });
  }
  return resolved;
}

/** What `--config` resolved to: the configuration and the preset name if it was one. */
export interface LoadedConfig {
  config: ResolvedConfig;
  configName?: string;
}

/** Resolves `--config NAME|FILE`: a preset name, else a JSON file (relative to `cwd`). */
export function loadConfig(selection: string | undefined, cwd: string): LoadedConfig {
  const name = selection ?? DEFAULT_PRESET;
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined; // never `toString` from the prototype
  if (preset) return { config: resolveConfig(preset, name), configName: name };
  const looksLikeFile = /[./\\]/.test(name);
  if (!looksLikeFile) {
    fail(`--config must be a preset (${Object.keys(PRESETS).join(', ')}) or a JSON file path (got "${name}")`);
  }
  const path = resolvePath(cwd, name);
  const read = readCapped(path, inputCapBytes(MAX_CONFIG_MB));
  if (!read.ok) {
    if (read.tooLarge) fail(`--config file ${name} is refused: ${read.reason}`);
    fail(`--config file ${name} cannot be read (${read.reason}; presets: ${Object.keys(PRESETS).join(', ')})`);
  }
  // (Stop 28) A byte-order mark (some editors write one) is not part of the JSON.
  read.text = read.text.replace(/^\uFEFF/, '');
  const deep = jsonDepthProblem(read.text);
  if (deep) fail(`--config file ${name} is refused: its JSON is ${deep}`);
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    fail(`--config file ${name} is not valid JSON: ${printable((e as Error).message)}`);
  }
  return { config: resolveConfig(json) };
}
