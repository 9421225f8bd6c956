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
import { ArraySink, encodeInstance } from './encode.ts';
import type { NameTable } from './encode.ts';
import { copyNode } from './state.ts';
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

/** The words describing what else in the state belongs to host `h` (own updates, reads, instances), `h` masked. */
function hostExtras(s: ReplicationState, h: number, first: number): number[] {
  const out = new ArraySink();
  s.updates.forEach((u, id) => { if (u.origin === h) out.word(id); });
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
  return out.words;
}

/** Orders two interchangeable hosts: by node view, then by what else belongs to them. */
function compareHosts(s: ReplicationState, a: number, b: number, first: number): number {
  return compareNodes(s.nodes[a]!, s.nodes[b]!) || compareLists(hostExtras(s, a, first), hostExtras(s, b, first));
}

/** The permutation (old index -> new index) that sorts every symmetry class, or undefined when it is the identity. */
export function canonicalPermutation(topo: Topology, s: ReplicationState): Int32Array | undefined {
  let perm: Int32Array | undefined;
  for (const cls of topo.symmetryClasses) {
    const sorted = cls.length === 2
      ? (compareHosts(s, cls[0]!, cls[1]!, topo.firstHost) > 0 ? [1, 0] : [0, 1])
      : cls.map((_, j) => j).sort((a, b) => compareHosts(s, cls[a]!, cls[b]!, topo.firstHost) || a - b);
    for (let j = 0; j < cls.length; j++) {
      if (sorted[j] === j) continue;
      perm ??= Int32Array.from({ length: topo.nodeCount }, (_, i) => i);
      perm[cls[sorted[j]!]!] = cls[j]!;
    }
  }
  return perm;
}

/** Applies a node renaming (old index -> new index) to a whole state. */
export function renameState(topo: Topology, names: NameTable, s: ReplicationState, perm: Int32Array): ReplicationState {
  const nodes = s.nodes.slice();
  for (let i = 0; i < s.nodes.length; i++) if (perm[i] !== i) nodes[perm[i]!] = s.nodes[i]!;
  const renameName = (name: string): string => {
    const [from, n] = names.parse(name);
    return from >= 0 && perm[from] !== from ? `${topo.ids[perm[from]!]}/${n}` : name;
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (!node.executed.length || !topo.isServer(i)) continue;
    let changed = false;
    const executed = node.executed.map((name) => {
      const r = renameName(name);
      if (r !== name) changed = true;
      return r;
    });
    if (changed) {
      const copy = copyNode(node);
      copy.executed = executed;
      nodes[i] = copy;
    }
  }
  // (Issue 13) Metadata rows are indexed by host position; acknowledged cursors by node.
  for (let i = 0; i < topo.firstHost; i++) {
    const m = nodes[i]!.meta;
    if (m) nodes[i] = { ...nodes[i]!, meta: renameMeta(topo, m, perm) };
  }
  const updates = renamedUpdates(s.updates, perm);
  const instances: InstanceView[] = s.instances.some((x) => perm[x.from] !== x.from || perm[x.to] !== x.to || (x.row !== undefined && perm[x.row.host] !== x.row.host))
    ? s.instances
      .map((x) => (perm[x.from] === x.from && perm[x.to] === x.to && (!x.row || perm[x.row.host] === x.row.host) ? x
        : { ...x, from: perm[x.from]!, to: perm[x.to]!, ...(x.row ? { row: { ...x.row, host: perm[x.row.host]! } } : {}) }))
      .sort((a, b) => a.from - b.from || a.n - b.n)
    : s.instances;
  const reads = s.reads.some((r) => perm[r.host] !== r.host) ? s.reads.map((r) => (perm[r.host] === r.host ? r : { ...r, host: perm[r.host]! })) : s.reads;
  return { ...s, nodes, updates, instances, reads };
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
  const renamed = updates.map((u) => (perm[u.origin] === u.origin ? u : { ...u, origin: perm[u.origin]! }));
  renamedMemo.set(updates, { perm: perm.slice(), renamed });
  return renamed;
}

function renameMeta(topo: Topology, m: MetadataView, perm: Int32Array): MetadataView {
  // Interchangeable hosts have the same initial row, so renaming the differing rows is exact.
  const f = topo.firstHost;
  const rows: number[][] = [];
  for (let k = 0; k < m.rows.length; k += 4) rows.push([perm[f + m.rows[k]!]! - f, m.rows[k + 1]!, m.rows[k + 2]!, m.rows[k + 3]!]);
  rows.sort((a, b) => a[0]! - b[0]!);
  const pairs: [number, number][] = [];
  for (let k = 0; k < m.acked.length; k += 2) pairs.push([perm[m.acked[k]!]!, m.acked[k + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  return { rows: rows.flat(), acked: pairs.flat() };
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
