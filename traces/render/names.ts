/**
 * Names for the replication view's indices, read from the trace's resolved configuration: node
 * ids in index order (master, zones, cells, hosts), object and item ids in listing order, update
 * display names `<origin id>#<seq>` and instance names `<from id>/<n>`. `namedState` turns a
 * state of the view into the same data keyed and filled with names, which is what the renderers
 * diff and display. Pure; never throws on a well-formed trace.
 */
import type { TraceFile } from '../format.ts';
import type { NodeKind, ReplicationState, ResolvedConfig } from '../replication.ts';

/** The names a replication trace's indices stand for. */
export interface ReplicationNames {
  /** Node ids and kinds, by node index. */
  nodes: { id: string; kind: NodeKind }[];
  /** Object ids, by object index (bit `i` of an object bitmask). */
  objects: string[];
  /** Item ids, by item index (the items of each object in listing order). */
  items: string[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const ids = (x: unknown): string[] | undefined =>
  Array.isArray(x) && x.every((e) => isObj(e) && typeof e.id === 'string') ? x.map((e) => (e as { id: string }).id) : undefined;

/** The names of a resolved configuration, or undefined when `config` does not look like one. */
export function namesOf(config: unknown): ReplicationNames | undefined {
  if (!isObj(config) || !isObj(config.master) || typeof config.master.id !== 'string') return undefined;
  const c = config as unknown as ResolvedConfig;
  const zones = ids(c.zones), cells = ids(c.cells), hosts = ids(c.hosts), objects = ids(c.objects);
  if (!zones || !cells || !hosts || !objects) return undefined;
  const nodes: ReplicationNames['nodes'] = [{ id: c.master.id, kind: 'master' }];
  for (const z of zones) nodes.push({ id: z, kind: 'zone' });
  for (const cl of cells) nodes.push({ id: cl, kind: 'cell' });
  for (const h of c.hosts) nodes.push({ id: h.id, kind: h.kind === 'fixed' ? 'fixed' : 'mobile' });
  const items = c.objects.flatMap((o) => (Array.isArray(o.items) ? o.items.map(String) : []));
  return { nodes, objects, items };
}

/**
 * The names of a trace that records the replication view (its configuration resolves and its
 * first state has one node per configured node), else undefined.
 */
export function replicationNames(trace: TraceFile): ReplicationNames | undefined {
  const names = namesOf(trace.config);
  const first = trace.steps[0]?.state as Partial<ReplicationState> | undefined;
  if (!names || !isObj(first) || !Array.isArray(first.nodes) || first.nodes.length !== names.nodes.length) return undefined;
  if (!Array.isArray(first.updates) || !Array.isArray(first.instances)) return undefined;
  return names;
}

/** A readable replication state: everything keyed by name, indices replaced by ids. */
export interface NamedState {
  nodes: Record<string, Record<string, unknown>>;
  updates: Record<string, Record<string, unknown>>;
  instances: Record<string, Record<string, unknown>>;
  [rest: string]: unknown;
}

/** Names of a state's updates, by update id. */
export function updateNames(s: ReplicationState, names: ReplicationNames): string[] {
  return s.updates.map((u) => `${nodeName(names, u.origin)}#${u.seq}`);
}

/** A node's id, or `node<i>` for an index the configuration does not list (-1 is "none"). */
export function nodeName(names: ReplicationNames, i: number): string {
  return i < 0 ? '-' : (names.nodes[i]?.id ?? `node${i}`);
}

/** Object ids set in a bitmask. */
export function objectIds(names: ReplicationNames, mask: number): string[] {
  return names.objects.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The state with names for every index (see {@link NamedState}). */
export function namedState(s: ReplicationState, names: ReplicationNames): NamedState {
  const un = updateNames(s, names);
  const u = (ids: number[]) => ids.map((i) => un[i] ?? `u${i}`);
  const item = (i: number) => names.items[i] ?? `item${i}`;
  const perItem = (lists: number[][]) => {
    const o: Record<string, string[]> = {};
    lists.forEach((l, i) => (o[item(i)] = u(l)));
    return o;
  };
  const nodes: NamedState['nodes'] = {};
  s.nodes.forEach((n, i) => {
    nodes[nodeName(names, i)] = {
      member: n.member, connected: n.connected, parent: nodeName(names, n.parent), objects: objectIds(names, n.objects),
      order: perItem(n.order), applied: u(n.applied), flagF: u(n.flagF), flagT: u(n.flagT), collected: u(n.collected),
      committed: n.committed, agent: n.agent, executed: n.executed, made: n.made, writes: n.writes,
    };
  });
  const updates: NamedState['updates'] = {};
  s.updates.forEach((x, i) => {
    updates[un[i]] = { item: item(x.item), value: x.value, deps: u(x.deps), gid: x.gid, stamp: x.stamp };
  });
  const instances: NamedState['instances'] = {};
  for (const x of s.instances) {
    const rec: Record<string, unknown> = {
      from: nodeName(names, x.from), to: nodeName(names, x.to), kind: x.kind, state: x.state, trail: x.trail,
      updates: u(x.updates), objects: objectIds(names, x.objects),
    };
    if (x.snapshot.some((l) => l.length > 0)) rec.snapshot = perItem(x.snapshot);
    rec.cursor = x.cursor;
    rec.failures = x.failures;
    rec.copies = x.copies;
    instances[`${nodeName(names, x.from)}/${x.n}`] = rec;
  }
  const reads = s.reads.map((r) => ({ host: nodeName(names, r.host), item: item(r.item), seen: u(r.seen), writesBefore: r.writesBefore }));
  return { nodes, updates, instances, nextGid: s.nextGid, reads, used: s.used, refused: s.refused };
}
