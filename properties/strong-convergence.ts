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
import { deltaFrom } from './delta.ts';
import { KnowledgeIndex, knowledgeHash, sameKnowledge } from './knowledge-index.ts';

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
      if (!node.member || !st.nodeHolds(node, d)) continue;
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

/** States of at most this many nodes are searched pair by pair (no map, no closure; see {@link sameKnowledgePair}). */
const FEW = 16;
const hashes = new Float64Array(FEW);
const holders = new Int32Array(FEW);

/** True when two member replicas hold the same knowledge of at least two updates on an item. */
export function sameKnowledgePair(st: Statics, s: ReplicationState): boolean {
  if (s.nodes.length <= FEW) {
    // (Issue 17) Few nodes: compare the holders of each item pair by pair, by hash first (equal
    // knowledge, equal hash), then exactly: the same answer as the classes below, without maps.
    for (let d = 0; d < st.itemNames.length; d++) {
      let k = 0;
      for (let r = 0; r < s.nodes.length; r++) {
        const node = s.nodes[r];
        if (!node.member || !st.nodeHolds(node, d)) continue;
        const order = node.order[d] ?? [];
        if (order.length < 2) continue;
        const h = knowledgeHash(s, order, node.committed);
        for (let j = 0; j < k; j++) {
          if (hashes[j] !== h) continue;
          const q = s.nodes[holders[j]];
          if (sameKnowledge(s, q.order[d] ?? [], q.committed, order, node.committed)) return true;
        }
        hashes[k] = h;
        holders[k] = r;
        k++;
      }
    }
    return false;
  }
  let found = false;
  forEachSameKnowledge(st, s, 2, () => { found = true; return false; });
  return found;
}

/**
 * (Issue 17) Checks `s` incrementally when the model's steps made it from `passed`, a state
 * that passed: a disagreeing pair needs a replica the step changed (two unchanged replicas had
 * the same knowledge and orders before), and in a passing state every replica of a knowledge
 * class has the same order, so each changed replica is compared with one other member of its
 * class. Returns undefined when it cannot decide (no such step, or a changed replica disagrees:
 * the caller then runs the full check, which explains the state at hand).
 */
function incremental(st: Statics, s: ReplicationState, passed: ReplicationState | null, index: KnowledgeIndex): true | undefined {
  const d = deltaFrom(passed, s);
  if (d === undefined) return undefined;
  index.sync(s);
  // The index must have moved from `passed` to `s` node by node: then the members of a class
  // the steps did not move come first in its bucket, and `sameAs` compares a changed replica
  // with one of them when there is one (a rebuilt index lists replicas by node index).
  if (index.previous !== passed || index.changed === null) return undefined;
  for (let k = 0; k < d.touched.length; k++) {
    const r = d.touched[k];
    const node = s.nodes[r];
    if (!node.member) continue;
    const was = d.was[k];
    // (Issue 17) An item whose order (the same array), cursor and holding are those of the
    // replaced node keeps its knowledge and order: it cannot make a new disagreeing pair.
    const same = was.member && was.committed === node.committed && was.objects === node.objects && was.unselected === node.unselected;
    for (let item = 0; item < st.itemNames.length; item++) {
      if (same && was.order[item] === node.order[item]) continue;
      const q = index.sameAs(s, r, item);
      if (q >= 0 && !sameOrder(s.nodes[q].order[item] ?? [], node.order[item] ?? [])) return undefined;
    }
  }
  return true;
}

/** The `strong-convergence` property (always). */
export function strongConvergence(st: Statics): Property<ReplicationState> {
  const index = new KnowledgeIndex(st, 2);
  let passed: ReplicationState | null = null;
  return always('strong-convergence', (s) => {
    const v = incremental(st, s, passed, index) ?? checkStrongConvergence(st, s);
    passed = v === true ? s : null;
    return v;
  }, {
    description: 'Strong convergence (Shapiro et al., SSS 2011, strong eventual consistency): two replicas that have merged the same updates on an item, and committed the same of them, hold them in the same order, committed or tentative.',
    antecedent: { description: 'two replicas holding the same two or more updates on an item', state: (s) => {
      // (Issue 17) Along a run of model steps the index follows the changed nodes; elsewhere the direct scan is as cheap.
      if (deltaFrom(index.state, s) === undefined) return sameKnowledgePair(st, s);
      index.sync(s);
      return index.anyPair(s);
    } },
  });
}
