/**
 * Symmetry reduction (Model.canonical): mobile hosts that are interchangeable by configuration
 * (same starting cell, same interests, same writer status, not joiners; Topology.symmetryClasses)
 * are sorted by a key made of everything about them (their node view, the ids of the updates
 * they generated, their reads, the instances they send or receive, with their own index masked),
 * and the state is renamed consistently: node positions, update origins, instance endpoints
 * (re-sorted by (from, n)), read hosts, and instance names in `executed` lists. Renaming is an
 * automorphism of the transition system (hosts in a class differ in nothing static), so a
 * representative is always equivalent to the state; ties between different hosts only cost
 * reduction, never soundness.
 */
import type { InstanceView, MetadataView, NodeView, ReplicationState, UpdateView } from '../traces/replication.ts';
import { AGENT_STATES } from '../traces/replication.ts';
import { WordBuffer } from '../src/engine/fingerprint.ts';
import { encodeInstance } from './encode.ts';
import type { NameTable } from './encode.ts';
import { copyInstance, copyNode, copyUpdate } from './state.ts';
import type { Topology } from './topology.ts';

function compareLists(a: readonly number[], b: readonly number[]): number {
  if (a === b) return 0;
  if (a.length !== b.length) return a.length - b.length;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

function compareStrings(a: readonly string[], b: readonly string[]): number {
  if (a === b) return 0;
  if (a.length !== b.length) return a.length - b.length;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
  return 0;
}

/** Compares two nodes field by field (the same information as their encodings). */
function compareNodes(x: NodeView, y: NodeView): number {
  if (x === y) return 0;
  let c = (Number(x.member) - Number(y.member)) || (Number(x.connected) - Number(y.connected)) ||
    x.parent - y.parent || x.objects - y.objects || x.committed - y.committed || x.made - y.made ||
    x.writes - y.writes || AGENT_STATES.indexOf(x.agent) - AGENT_STATES.indexOf(y.agent) ||
    (Number(x.crd ?? false) - Number(y.crd ?? false));
  if (c) return c;
  // (Issue 13, seed order) The item selection.
  if ((c = compareLists(x.unselected ?? [], y.unselected ?? []))) return c;
  if ((c = compareLists(x.applied, y.applied))) return c;
  if ((c = compareLists(x.flagF, y.flagF))) return c;
  if ((c = compareLists(x.flagT, y.flagT))) return c;
  if ((c = compareLists(x.collected, y.collected))) return c;
  for (let item = 0; item < x.order.length; item++) if ((c = compareLists(x.order[item]!, y.order[item]!))) return c;
  return compareStrings(x.executed, y.executed);
}

/**
 * Writes into `out` the words describing what else in the state belongs to host `h` (own
 * updates, reads, instances, what servers' metadata says about it), `h` masked.
 */
function hostExtras(s: ReplicationState, h: number, first: number, out: WordBuffer): void {
  out.length = 0;
  const updates = s.updates;
  for (let id = 0; id < updates.length; id++) if (updates[id]!.origin === h) out.word(id);
  out.word(-1);
  for (const r of s.reads) {
    if (r.host !== h) continue;
    out.word(r.item);
    out.word(r.writesBefore);
    out.word(r.seen.length);
    for (const id of r.seen) out.word(id);
  }
  out.word(-1);
  for (const x of s.instances) if (x.from === h || x.to === h || x.row?.host === h) encodeInstance(x, out, h, -1);
  // (Issue 13) What the servers' metadata says about h.
  for (const n of s.nodes) {
    const m = n.meta;
    if (!m) continue;
    const k = h - first;
    let r = -2;
    for (let j = 0; j < m.rows.length; j += 4) if (m.rows[j] === k) { out.word(m.rows[j + 1]!); out.word(m.rows[j + 2]!); r = m.rows[j + 3]!; }
    out.word(r);
    let c = 0;
    for (let j = 0; j < m.acked.length; j += 2) if (m.acked[j] === h) c = m.acked[j + 1]!;
    out.word(c);
  }
}

/** Two reused buffers for the extras of the hosts being compared (canonicalisation is synchronous). */
const extrasA = new WordBuffer(64);
const extrasB = new WordBuffer(64);

/** Orders two interchangeable hosts: by node view, then by what else belongs to them (length first, then word by word). */
function compareHosts(s: ReplicationState, a: number, b: number, first: number): number {
  const c = compareNodes(s.nodes[a]!, s.nodes[b]!);
  if (c) return c;
  hostExtras(s, a, first, extrasA);
  hostExtras(s, b, first, extrasB);
  if (extrasA.length !== extrasB.length) return extrasA.length - extrasB.length;
  const x = extrasA.words;
  const y = extrasB.words;
  for (let k = 0; k < extrasA.length; k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
  return 0;
}

/** The identity permutation of `n` nodes. */
function identity(n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return perm;
}

/** The permutation (old index -> new index) that sorts every symmetry class, or undefined when it is the identity. */
export function canonicalPermutation(topo: Topology, s: ReplicationState): Int32Array | undefined {
  let perm: Int32Array | undefined;
  for (const cls of topo.symmetryClasses) {
    if (cls.length === 2) {
      if (compareHosts(s, cls[0]!, cls[1]!, topo.firstHost) <= 0) continue;
      perm ??= identity(topo.nodeCount);
      perm[cls[1]!] = cls[0]!;
      perm[cls[0]!] = cls[1]!;
      continue;
    }
    const sorted = cls.map((_, j) => j).sort((a, b) => compareHosts(s, cls[a]!, cls[b]!, topo.firstHost) || a - b);
    for (let j = 0; j < cls.length; j++) {
      if (sorted[j] === j) continue;
      perm ??= identity(topo.nodeCount);
      perm[cls[sorted[j]!]!] = cls[j]!;
    }
  }
  return perm;
}

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

/** The representative of `s`'s symmetry class (`s` itself when it already is one). */
export function canonicalState(topo: Topology, names: NameTable, s: ReplicationState): ReplicationState {
  if (!topo.symmetryClasses.length) return s;
  const perm = canonicalPermutation(topo, s);
  return perm ? renameState(topo, names, s, perm) : s;
}

/** The permutation (old index -> new index) swapping the first two hosts of every symmetry class, or undefined without classes. */
export function swapPermutation(topo: Topology): Int32Array | undefined {
  if (!topo.symmetryClasses.length) return undefined;
  const perm = Int32Array.from({ length: topo.nodeCount }, (_, i) => i);
  for (const cls of topo.symmetryClasses) {
    perm[cls[0]!] = cls[1]!;
    perm[cls[1]!] = cls[0]!;
  }
  return perm;
}

/**
 * `s` with the first two hosts of every symmetry class swapped (undefined without classes): the
 * permutation the engine's soundness probe (src/engine/symmetry-check.ts) and the mechanism
 * guard (symmetry-guard.ts) compare against.
 */
export function swappedState(topo: Topology, names: NameTable, s: ReplicationState): ReplicationState | undefined {
  const perm = swapPermutation(topo);
  return perm === undefined ? undefined : renameState(topo, names, s, perm);
}
