/**
 * (Issue 17) The knowledge classes of strong-convergence, kept incrementally along a run: per
 * item, the member replicas holding it with at least two updates, bucketed by an
 * order-independent hash of their knowledge (the updates they merged and which of them they
 * committed). When the model's last step made the state from the one the index describes
 * (properties/delta.ts), only the replaced nodes move between buckets, so a step costs the nodes
 * it changed, not the system's size; otherwise the index is rebuilt.
 *
 * A node's knowledge hash depends on its own orders and cursor and on the Global IDs of updates
 * at or below that cursor, which never change (node-memo.ts states the contract), so a node
 * object keeps its hash for as long as it exists.
 */
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import type { Statics } from './context.ts';
import { deltaOf } from './delta.ts';

/** True when update `u` is committed at a replica whose cursor is `committed`. */
export function committedAt(s: ReplicationState, u: number, committed: number): boolean {
  const g = s.updates[u].gid;
  return g > 0 && g <= committed;
}

/** A 32-bit mix of one (update, committed) fact (MurmurHash3's finaliser). */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A hash of the knowledge a replica has of an item (its update set and which of them it has
 * committed), independent of the order: equal knowledge, equal hash.
 */
export function knowledgeHash(s: ReplicationState, order: readonly number[], committed: number): number {
  let sum = 0;
  let xor = 0;
  for (let k = 0; k < order.length; k++) {
    const u = order[k];
    const m = mix(2 * u + (committedAt(s, u, committed) ? 1 : 0));
    sum = (sum + m) | 0;
    xor ^= m;
  }
  return (sum >>> 0) * 4096 + (xor & 4095);
}

const ascending = (a: number, b: number): number => a - b;

/** True when two replicas hold the same updates of an item (as multisets) and have committed the same of them. */
export function sameKnowledge(s: ReplicationState, a: readonly number[], ca: number, b: readonly number[], cb: number): boolean {
  if (a.length !== b.length) return false;
  // (Issue 17) The same order (often the same array): no sorted copies needed.
  let k = 0;
  while (k < a.length && a[k] === b[k] && committedAt(s, a[k], ca) === committedAt(s, b[k], cb)) k++;
  if (k === a.length) return true;
  const x = [...a].sort(ascending);
  const y = [...b].sort(ascending);
  for (let k = 0; k < x.length; k++) {
    if (x[k] !== y[k] || committedAt(s, x[k], ca) !== committedAt(s, y[k], cb)) return false;
  }
  return true;
}

/** The knowledge classes of one state (see file header). */
export class KnowledgeIndex {
  private readonly st: Statics;
  private readonly min: number;
  /** The state the index describes. */
  state: ReplicationState | null = null;
  /** Per item: hash -> replicas (insertion order). */
  private buckets: Map<number, Set<number>>[] = [];
  /** Per item: the buckets holding two replicas or more. */
  private crowded: Set<Set<number>>[] = [];
  /** Nodes the last {@link sync} moved (null: rebuilt). */
  changed: readonly number[] | null = null;
  /** The state before the last {@link sync} that moved nodes. */
  previous: ReplicationState | null = null;

  constructor(st: Statics, min: number) {
    this.st = st;
    this.min = min;
  }

  /** Brings the index to `s`: incrementally when the model made `s` from the state it describes, else rebuilt. */
  sync(s: ReplicationState): void {
    if (this.state === s) return;
    const d = deltaOf(s);
    if (d !== undefined && this.state !== null && d.base === this.state) {
      for (let k = 0; k < d.touched.length; k++) {
        const r = d.touched[k];
        this.remove(s, r, d.was[k]);
        this.add(s, r, s.nodes[r]);
      }
      this.previous = this.state;
      this.changed = d.touched;
    } else {
      const items = this.st.itemNames.length;
      this.buckets = Array.from({ length: items }, () => new Map());
      this.crowded = Array.from({ length: items }, () => new Set());
      for (let r = 0; r < s.nodes.length; r++) this.add(s, r, s.nodes[r]);
      this.previous = null;
      this.changed = null;
    }
    this.state = s;
  }

  private add(s: ReplicationState, r: number, node: NodeView): void {
    if (!node.member) return;
    for (let d = 0; d < this.buckets.length; d++) {
      const order = node.order[d];
      if (order === undefined || order.length < this.min || !this.st.nodeHolds(node, d)) continue;
      const h = knowledgeHash(s, order, node.committed);
      let b = this.buckets[d].get(h);
      if (b === undefined) this.buckets[d].set(h, (b = new Set()));
      b.add(r);
      if (b.size === 2) this.crowded[d].add(b);
    }
  }

  private remove(s: ReplicationState, r: number, node: NodeView): void {
    if (!node.member) return;
    for (let d = 0; d < this.buckets.length; d++) {
      const order = node.order[d];
      if (order === undefined || order.length < this.min || !this.st.nodeHolds(node, d)) continue;
      const h = knowledgeHash(s, order, node.committed);
      const b = this.buckets[d].get(h);
      if (b === undefined || !b.delete(r)) continue;
      if (b.size === 1) this.crowded[d].delete(b);
      if (b.size === 0) this.buckets[d].delete(h);
    }
  }

  /** The first replica other than `r` with the same knowledge of item `d` as `r` in `s` (the synced state), or -1. */
  sameAs(s: ReplicationState, r: number, d: number): number {
    const node = s.nodes[r];
    const order = node.order[d];
    if (!node.member || order === undefined || order.length < this.min || !this.st.nodeHolds(node, d)) return -1;
    const b = this.buckets[d].get(knowledgeHash(s, order, node.committed));
    if (b === undefined) return -1;
    for (const q of b) {
      if (q === r) continue;
      const other = s.nodes[q];
      if (sameKnowledge(s, other.order[d], other.committed, order, node.committed)) return q;
    }
    return -1;
  }

  /** True when two replicas of the synced state `s` have the same knowledge of some item. */
  anyPair(s: ReplicationState): boolean {
    for (let d = 0; d < this.crowded.length; d++) {
      for (const b of this.crowded[d]) {
        const reps = [...b];
        for (let i = 1; i < reps.length; i++) {
          const x = s.nodes[reps[i]];
          for (let j = 0; j < i; j++) {
            const y = s.nodes[reps[j]];
            if (sameKnowledge(s, y.order[d], y.committed, x.order[d], x.committed)) return true;
          }
        }
      }
    }
    return false;
  }
}
