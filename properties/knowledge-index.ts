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
import { deltaFrom } from './delta.ts';

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
  /** Scratch of {@link anyPair}. */
  private readonly reps: number[] = [];

  constructor(st: Statics, min: number) {
    this.st = st;
    this.min = min;
  }

  /** Brings the index to `s`: incrementally when the model made `s` from the state it describes (by one or more steps), else rebuilt. */
  sync(s: ReplicationState): void {
    if (this.state === s) return;
    // (Issue 17) From the state the index describes, one step or (checks every N steps) many.
    const d = deltaFrom(this.state, s);
    if (d !== undefined) {
      for (let k = 0; k < d.touched.length; k++) {
        const r = d.touched[k];
        this.move(s, r, d.was[k], s.nodes[r]);
      }
      this.previous = this.state;
      this.changed = d.touched;
    } else {
      const items = this.st.itemNames.length;
      this.version++;
      this.buckets = Array.from({ length: items }, () => new Map());
      this.crowded = Array.from({ length: items }, () => new Set());
      for (let r = 0; r < s.nodes.length; r++) this.add(s, r, s.nodes[r]);
      this.previous = null;
      this.changed = null;
    }
    this.state = s;
  }

  /** The order of item `d` that node `node` is indexed by, or undefined when it is not in the index for `d`. */
  private indexed(node: NodeView, d: number): readonly number[] | undefined {
    const order = node.order[d];
    return order === undefined || order.length < this.min || !this.st.nodeHolds(node, d) ? undefined : order;
  }

  /**
   * (Issue 17) Node `r` was replaced by `node` (formerly `was`): moves it between buckets only
   * for the items whose knowledge may have changed. An item whose order (the same array) and
   * cursor are unchanged keeps its hash and its place in its bucket (most steps change a node's
   * flags, agent or metadata, not its orders).
   */
  private move(s: ReplicationState, r: number, was: NodeView, node: NodeView): void {
    if (was === node) return;
    const wasIn = was.member, isIn = node.member;
    if (!wasIn && !isIn) return;
    for (let d = 0; d < this.buckets.length; d++) {
      const before = wasIn ? this.indexed(was, d) : undefined;
      const after = isIn ? this.indexed(node, d) : undefined;
      if (before === after && (before === undefined || was.committed === node.committed)) continue;
      if (before !== undefined) this.removeOne(d, r, knowledgeHash(s, before, was.committed));
      if (after !== undefined) this.addOne(d, r, knowledgeHash(s, after, node.committed));
    }
  }

  private addOne(d: number, r: number, h: number): void {
    this.version++;
    let b = this.buckets[d].get(h);
    if (b === undefined) this.buckets[d].set(h, (b = new Set()));
    b.add(r);
    if (b.size === 2) this.crowded[d].add(b);
  }

  private removeOne(d: number, r: number, h: number): void {
    this.version++;
    const b = this.buckets[d].get(h);
    if (b === undefined || !b.delete(r)) return;
    if (b.size === 1) this.crowded[d].delete(b);
    if (b.size === 0) this.buckets[d].delete(h);
  }

  private add(s: ReplicationState, r: number, node: NodeView): void {
    if (!node.member) return;
    for (let d = 0; d < this.buckets.length; d++) {
      const order = this.indexed(node, d);
      if (order !== undefined) this.addOne(d, r, knowledgeHash(s, order, node.committed));
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

  /** (Issue 17) Bumped whenever a bucket changes; the {@link anyPair} answer is kept for one version. */
  private version = 0;
  private pairVersion = -1;
  private pair = false;

  /** True when two replicas of the synced state `s` have the same knowledge of some item. */
  anyPair(s: ReplicationState): boolean {
    // (Issue 17) No replica moved between buckets since the last answer: the same pairs (a
    // replica left in place keeps its orders and cursor, so its knowledge).
    if (this.pairVersion === this.version) return this.pair;
    this.pairVersion = this.version;
    return (this.pair = this.findPair(s));
  }

  private findPair(s: ReplicationState): boolean {
    for (let d = 0; d < this.crowded.length; d++) {
      for (const b of this.crowded[d]) {
        // (Issue 17) Replicas in insertion order, each against the earlier ones, without copying
        // the bucket (it may hold thousands of hosts; the first pair almost always matches).
        const reps = this.reps;
        reps.length = 0;
        for (const r of b) {
          const x = s.nodes[r];
          for (let j = 0; j < reps.length; j++) {
            const y = s.nodes[reps[j]];
            if (sameKnowledge(s, y.order[d], y.committed, x.order[d], x.committed)) return true;
          }
          reps.push(r);
        }
      }
    }
    return false;
  }
}
