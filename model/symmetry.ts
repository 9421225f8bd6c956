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
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { AGENT_STATES } from '../traces/replication.ts';
import { WordBuffer } from '../src/engine/fingerprint.ts';
import { encodeInstance } from './encode.ts';
import type { NameTable } from './encode-cache.ts';
import { renameState } from './rename.ts';
import type { Topology } from './topology.ts';

export { renameState } from './rename.ts';

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
  // (Stop 25, seed order) The items whose data is owed.
  if ((c = compareLists(x.owed ?? [], y.owed ?? []))) return c;
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
  const reads = s.reads;
  for (let k = 0; k < reads.length; k++) {
    const r = reads[k]!;
    if (r.host !== h) continue;
    // (Stop 37) Its position in the log, as update ids are: two hosts alike in all else but the
    // order of their reads were a tie, and a tie kept the input's order, so two swapped states
    // got two representatives (`session`: the engine's probe took that for an unsound reduction).
    out.word(k);
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
