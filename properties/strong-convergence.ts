/**
 * strong-convergence (Shapiro, Preguiça, Baquero, Zawirski, "Conflict-free Replicated Data
 * Types", SSS 2011, definition 2.3, strong eventual consistency: "correct replicas that have
 * delivered the same updates have equivalent state").
 *
 * In the project's words: for every item `d` and every two member replicas `r1`, `r2` that hold
 * `d`, if they have merged the same set of updates on `d`, and the same of those are committed
 * at each (gid > 0 and gid <= the replica's cursor: a commit is knowledge a replica receives,
 * like an update), then their orders for `d` are equal, committed and tentative parts alike.
 * Unlike eventual-consistency it needs no settled state (it constrains every state), and unlike
 * total-order it also constrains tentative updates: two hosts that exchanged their updates peer
 * to peer must show them in the same order. The hierarchical strategy does not promise it (a
 * host shows its tentative updates in arrival order); `lww`, `lamport` and `bayou` do (tentative
 * updates sorted by timestamp).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { listText, type Statics } from './context.ts';
import { sameOrder } from './eventual-consistency.ts';

/** True when update `u` is committed at a replica whose cursor is `committed`. */
function committedAt(s: ReplicationState, u: number, committed: number): boolean {
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
 * committed), independent of the order: equal knowledge, equal hash. Replicas with equal hashes
 * are then compared exactly ({@link sameKnowledge}); no string is built (issue 17).
 */
function knowledgeHash(s: ReplicationState, order: readonly number[], committed: number): number {
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
function sameKnowledge(s: ReplicationState, a: readonly number[], ca: number, b: readonly number[], cb: number): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort(ascending);
  const y = [...b].sort(ascending);
  for (let k = 0; k < x.length; k++) {
    if (x[k] !== y[k] || committedAt(s, x[k], ca) !== committedAt(s, y[k], cb)) return false;
  }
  return true;
}

/**
 * For each item, the pairs of member replicas with the same knowledge; calls `pair(d, r1, r2)`
 * for the first replica of each knowledge class and every later one with at least `min` updates.
 * Stops when `pair` returns false.
 */
function forEachSameKnowledge(st: Statics, s: ReplicationState, min: number, pair: (d: number, r1: number, r2: number) => boolean): void {
  for (let d = 0; d < st.itemNames.length; d++) {
    // The first replica of each knowledge class, by hash (a hash may stand for several classes).
    let first: Map<number, number[]> | undefined;
    for (let r = 0; r < s.nodes.length; r++) {
      const node = s.nodes[r];
      if (!node.member || !st.holdsItem(node.objects, d)) continue;
      const order = node.order[d] ?? [];
      if (order.length < min) continue;
      const h = knowledgeHash(s, order, node.committed);
      first ??= new Map();
      const reps = first.get(h);
      if (reps === undefined) {
        first.set(h, [r]);
        continue;
      }
      const r1 = reps.find((q) => sameKnowledge(s, s.nodes[q].order[d] ?? [], s.nodes[q].committed, order, node.committed));
      if (r1 === undefined) reps.push(r);
      else if (!pair(d, r1, r)) return;
    }
  }
}

/** Checks one state. */
export function checkStrongConvergence(st: Statics, s: ReplicationState): Verdict {
  let bad: Verdict = true;
  forEachSameKnowledge(st, s, 2, (d, r1, r2) => {
    const a = s.nodes[r1].order[d] ?? [], b = s.nodes[r2].order[d] ?? [];
    if (sameOrder(a, b)) return true;
    bad = {
      facts: [`${st.names[r1]} and ${st.names[r2]} have merged the same updates on ${st.itemNames[d]} (and committed the same of them), but ${st.names[r1]} orders them ${listText(st, s, a)} and ${st.names[r2]} ${listText(st, s, b)}`],
      replica: st.names[r2],
    };
    return false;
  });
  return bad;
}

/** True when two member replicas hold the same knowledge of at least two updates on an item. */
export function sameKnowledgePair(st: Statics, s: ReplicationState): boolean {
  let found = false;
  forEachSameKnowledge(st, s, 2, () => { found = true; return false; });
  return found;
}

/** The `strong-convergence` property (always). */
export function strongConvergence(st: Statics): Property<ReplicationState> {
  return always('strong-convergence', (s) => checkStrongConvergence(st, s), {
    description: 'Strong convergence (Shapiro et al., SSS 2011, strong eventual consistency): two replicas that have merged the same updates on an item, and committed the same of them, hold them in the same order, committed or tentative.',
    antecedent: { description: 'two replicas holding the same two or more updates on an item', state: (s) => sameKnowledgePair(st, s) },
  });
}
