/**
 * Renaming a state by a permutation of interchangeable hosts (symmetry.ts): node positions,
 * update origins, instance endpoints (re-sorted by (from, n)), read hosts, instance names in
 * servers' `executed` lists and servers' metadata. Parts no renamed host appears in are kept as
 * they are (issue 17: shared structure keeps the encoding's and the properties' caches useful).
 */
import type { InstanceView, MetadataView, ReplicationState, UpdateView } from '../traces/replication.ts';
import type { NameTable } from './encode-cache.ts';
import { copyInstance, copyNode, copyUpdate } from './copy.ts';
import type { Topology } from './topology.ts';

/** `name` with its creator renamed by `perm` (the same string when the creator stays). */
function renameName(topo: Topology, names: NameTable, perm: Int32Array, name: string): string {
  const [from, n] = names.parse(name);
  return from >= 0 && perm[from] !== from ? topo.instanceName(perm[from]!, n) : name;
}

/** `executed` with its names renamed, or the same array when no creator moves. */
function renamedExecuted(topo: Topology, names: NameTable, perm: Int32Array, executed: string[]): string[] {
  let out: string[] | undefined;
  for (let k = 0; k < executed.length; k++) {
    const name = executed[k]!;
    const r = renameName(topo, names, perm, name);
    if (r === name) continue;
    out ??= executed.slice();
    out[k] = r;
  }
  return out ?? executed;
}

/** An instance with its endpoints (and reported host) renamed. */
function renamedInstance(x: InstanceView, perm: Int32Array): InstanceView {
  if (perm[x.from] === x.from && perm[x.to] === x.to && (!x.row || perm[x.row.host] === x.row.host)) return x;
  const y = copyInstance(x);
  y.from = perm[x.from]!;
  y.to = perm[x.to]!;
  if (x.row) y.row = { host: perm[x.row.host]!, region: x.row.region, version: x.row.version };
  return y;
}

/** Sorts instances by (from, n) in place: an insertion sort (the lists are short and nearly sorted; names are unique). */
function sortInstances(list: InstanceView[]): void {
  for (let k = 1; k < list.length; k++) {
    const x = list[k]!;
    let j = k;
    while (j > 0 && (list[j - 1]!.from > x.from || (list[j - 1]!.from === x.from && list[j - 1]!.n > x.n))) {
      list[j] = list[j - 1]!;
      j--;
    }
    list[j] = x;
  }
}

/** Applies a node renaming (old index -> new index) to a whole state. */
export function renameState(topo: Topology, names: NameTable, s: ReplicationState, perm: Int32Array): ReplicationState {
  const nodes = s.nodes.slice();
  for (let i = 0; i < s.nodes.length; i++) if (perm[i] !== i) nodes[perm[i]!] = s.nodes[i]!;
  for (let i = 0; i < topo.firstHost; i++) {
    // Servers' executed names name their creators; (issue 13) metadata rows are indexed by host
    // position, acknowledged cursors by node.
    const node = nodes[i]!;
    const executed = node.executed.length ? renamedExecuted(topo, names, perm, node.executed) : node.executed;
    const m = node.meta;
    const meta = m ? renameMeta(topo, m, perm) : m;
    if (executed === node.executed && meta === m) continue;
    const copy = copyNode(node);
    copy.executed = executed;
    if (meta !== m) copy.meta = meta;
    nodes[i] = copy;
  }
  const updates = renamedUpdates(s.updates, perm);
  let instances = s.instances;
  for (let k = 0; k < s.instances.length; k++) {
    const x = s.instances[k]!;
    const y = renamedInstance(x, perm);
    if (y === x) continue;
    if (instances === s.instances) instances = s.instances.slice();
    instances[k] = y;
  }
  if (instances !== s.instances) sortInstances(instances);
  let reads = s.reads;
  for (let k = 0; k < s.reads.length; k++) {
    const r = s.reads[k]!;
    if (perm[r.host] === r.host) continue;
    if (reads === s.reads) reads = s.reads.slice();
    reads[k] = { host: perm[r.host]!, item: r.item, seen: r.seen, writesBefore: r.writesBefore };
  }
  return { nodes, updates, instances, nextGid: s.nextGid, reads, used: s.used, refused: s.refused };
}

/**
 * The last renaming of each `updates` array, with its permutation (issue 17). States share their
 * updates array, and a renamed copy made afresh for each of them would miss every cache keyed by
 * the array (the encoding's, happens-before's and the other property memos'): the same array
 * renamed by the same permutation is the same renamed array. An array no update of which moves is
 * kept as it is.
 */
const renamedMemo = new WeakMap<readonly UpdateView[], { perm: Int32Array; renamed: UpdateView[] }>();

function samePerm(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function renamedUpdates(updates: UpdateView[], perm: Int32Array): UpdateView[] {
  let moves = false;
  for (let i = 0; i < updates.length && !moves; i++) moves = perm[updates[i]!.origin] !== updates[i]!.origin;
  if (!moves) return updates;
  const hit = renamedMemo.get(updates);
  if (hit !== undefined && samePerm(hit.perm, perm)) return hit.renamed;
  const renamed = updates.map((u) => {
    if (perm[u.origin] === u.origin) return u;
    const v = copyUpdate(u);
    v.origin = perm[u.origin]!;
    return v;
  });
  renamedMemo.set(updates, { perm: perm.slice(), renamed });
  return renamed;
}

/**
 * `m` with hosts renamed: rows re-keyed by the renamed host position, acknowledged cursors by the
 * renamed node, both re-sorted; `m` itself when no entry moves. Interchangeable hosts have the
 * same initial row, so renaming the differing rows is exact. (A renamed copy has no `servers`:
 * there is no reduction with joiner servers, Topology.symmetryClasses.)
 */
function renameMeta(topo: Topology, m: MetadataView, perm: Int32Array): MetadataView {
  const f = topo.firstHost;
  const r = m.rows;
  const a = m.acked;
  let moves = false;
  for (let k = 0; k < r.length && !moves; k += 4) moves = perm[f + r[k]!] !== f + r[k]!;
  for (let k = 0; k < a.length && !moves; k += 2) moves = perm[a[k]!] !== a[k]!;
  if (!moves) return m;
  return { rows: sortedRenamed(r, 4, (x) => perm[f + x]! - f), acked: sortedRenamed(a, 2, (x) => perm[x]!) };
}

/** Flat `width`-tuples with their first entry renamed by `rename`, re-sorted by it (stable). */
function sortedRenamed(flat: readonly number[], width: number, rename: (x: number) => number): number[] {
  const out: number[] = new Array(flat.length);
  let n = 0;
  for (let k = 0; k < flat.length; k += width) {
    const key = rename(flat[k]!);
    // Insertion: after every tuple whose key is <= key (the lists are short).
    let at = n;
    while (at > 0 && out[at - width]! > key) at -= width;
    for (let j = n - 1; j >= at; j--) out[j + width] = out[j]!;
    out[at] = key;
    for (let j = 1; j < width; j++) out[at + j] = flat[k + j]!;
    n += width;
  }
  return out;
}
