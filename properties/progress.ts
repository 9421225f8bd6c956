/**
 * progress (liveness under weak fairness, issue 11; seed 001 section 3.2 phases 3 to 5: every
 * update is propagated to the MS, given its Global ID and merged into every replica holding its
 * item; spec "Eventual consistency").
 *
 * In the project's words: an update is *done* when it has a Global ID and is merged at every
 * member replica that holds its item. From every reachable state with an update not done, every
 * weakly fair path reaches a state where every update is done, provided every continuously
 * enabled completing action (the model's fair kinds: send, migrate, execute, order, peer,
 * reconnect; Model.isFair) is eventually taken. Unlike eventual-consistency:reachable (some path
 * settles, AG EF), this asks it of every fair path: a mechanism that can starve an origin
 * forever violates it, with a counterexample that ends in a loop (or a dead end) where the
 * starved update never gets done. With a bounded number of updates, "every update is eventually
 * done" on every fair path is the same as "a state where all are done is eventually reached".
 */
import { eventually, type Property, type Verdict } from '../src/engine/property.ts';
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { NodeCount } from './node-count.ts';
import { hasBit } from './bitset.ts';
import { type Statics, updateName } from './context.ts';
import { heldUpdateBitsOf, historyShape, visibleBits, whereIs } from './views.ts';
import { faultsUsed, isLost, strandedOnLost } from './fault-view.ts';
import { MAX_NODES, NodeSet } from './node-set.ts';

/**
 * The first update not done, with the reason (built when read), or null when every update is
 * done. The last answer is kept (one slot, per state object: states are immutable), since the
 * trigger, the antecedent and the goal check of `progress` ask about each state in a row.
 */
export function firstNotDone(st: Statics, s: ReplicationState): { u: number; readonly fact: string } | null {
  if (s !== last.s || st !== last.st) {
    last.found = findNotDone(st, s);
    last.s = s;
    last.st = st;
  }
  return last.found;
}
const last: { s: ReplicationState | null; st: Statics | null; found: { u: number; readonly fact: string } | null } = { s: null, st: null, found: null };

function findNotDone(st: Statics, s: ReplicationState): { u: number; readonly fact: string } | null {
  // Under faults, updates lost with a lost host or erased by a crash before they were acknowledged
  // are not demanded (fault-view.ts; durability judges the acknowledged ones).
  const exempt = strandedOnLost(s);
  const n = s.updates.length;
  if (n === 0) return null;
  // (Issue 17) The updates some replica (member, not lost) holds but has not merged, word by word;
  // then the first update, in id order, with no Global ID or in that set (the same answer as
  // scanning update by update and node by node).
  const missing = scratch.length >= ((n + 31) >>> 5) ? scratch : (scratch = new Uint32Array((n + 31) >>> 5));
  missing.fill(0, 0, (n + 31) >>> 5);
  for (let r = 0; r < s.nodes.length; r++) {
    const node = s.nodes[r];
    if (!node.member || isLost(s, r)) continue;
    const held = heldUpdateBitsOf(st, s.updates, node);
    const vis = visibleBits(node);
    for (let w = 0; w < held.length; w++) missing[w] |= held[w] & ~(w < vis.length ? vis[w] : 0);
  }
  for (let u = 0; u < n; u++) {
    if (exempt.has(u)) continue;
    const up = s.updates[u];
    if (up.gid === 0) return { u, get fact() { return `${updateName(st, s, u)} has no Global ID`; } };
    if ((missing[u >>> 5] & (1 << (u & 31))) === 0) continue;
    return { u, get fact() { return `${updateName(st, s, u)} is not merged at ${st.names[firstMissingAt(st, s, u)]}, which holds ${st.itemNames[up.item]}`; } };
  }
  return null;
}
let scratch = new Uint32Array(4);

/** The first replica (member, not lost) that holds update `u`'s item and has not merged `u`. */
function firstMissingAt(st: Statics, s: ReplicationState, u: number): number {
  const up = s.updates[u];
  for (let r = 0; r < s.nodes.length; r++) {
    const node = s.nodes[r];
    if (node.member && !isLost(s, r) && st.nodeHolds(node, up.item) && !hasBit(visibleBits(node), u)) return r;
  }
  return -1;
}

/** (Issue 17) `node` is a replica (member, not lost) holding an update, not exempt, that it has not merged. */
function missesOne(st: Statics, s: ReplicationState, node: NodeView): boolean {
  if (!node.member || node.lost === true) return false;
  const exempt = strandedOnLost(s);
  const vis = visibleBits(node);
  if (exempt.size === 0) {
    // (Issue 17) Word by word: an update on an item the node holds, not merged there.
    const held = heldUpdateBitsOf(st, s.updates, node);
    for (let w = 0; w < held.length; w++) if ((held[w] & ~(w < vis.length ? vis[w] : 0)) !== 0) return true;
    return false;
  }
  for (let u = 0; u < s.updates.length; u++) {
    if (!hasBit(vis, u) && !exempt.has(u) && st.nodeHolds(node, s.updates[u].item)) return true;
  }
  return false;
}

/** (Issue 17) Some update, not exempt, has no Global ID (the last answer kept per updates array, without faults). */
function noGlobalId(s: ReplicationState): boolean {
  const exempt = strandedOnLost(s);
  if (exempt.size === 0 && s.updates === lastGidUpdates) return lastGid;
  let found = false;
  for (let u = 0; u < s.updates.length && !found; u++) found = s.updates[u].gid === 0 && !exempt.has(u);
  if (exempt.size === 0) {
    lastGidUpdates = s.updates;
    lastGid = found;
  }
  return found;
}
let lastGidUpdates: readonly unknown[] | null = null;
let lastGid = false;

/** (Issue 17) {@link missesOne} reads the updates and the stranded set: the same objects when both states are fault-free. */
function sameUpdates(base: ReplicationState, t: ReplicationState): boolean {
  return base.updates === t.updates && faultsUsed(base) === 0 && faultsUsed(t) === 0;
}

/** Nodes beyond which `progress` counts replicas along a run (node-count.ts) instead of searching every state. */
const LARGE = 64;

/** The `progress` property (eventually, under weak fairness). */
export function progress(st: Statics): Property<ReplicationState> {
  // (Issue 17) On large states, whether some update is not done is decided from a count of the
  // replicas missing one, kept over the nodes each step changed; the first such update (for the
  // explanation) is searched only when the facts are read.
  const missing = new NodeCount((s, node) => missesOne(st, s, node), ['member', 'lost', 'order', 'objects', 'unselected']);
  // (Issue 17) On small states, the replicas missing an update are kept per state and carried
  // over each step (node-set.ts): a step costs the nodes it changed.
  const missingSet = new NodeSet((s, r) => missesOne(st, s, s.nodes[r]), sameUpdates, ['member', 'lost', 'order', 'objects', 'unselected']);
  const pending = (s: ReplicationState): boolean => {
    // The mask first, on every state: a state without one makes its successors' masks full scans.
    if (s.nodes.length <= MAX_NODES) return missingSet.mask(s) !== 0 || noGlobalId(s);
    if (s.nodes.length <= LARGE) return firstNotDone(st, s) !== null;
    const exempt = strandedOnLost(s);
    for (let u = 0; u < s.updates.length; u++) if (s.updates[u].gid === 0 && !exempt.has(u)) return true;
    // (prop26) missesOne reads the updates only through their shape (which exist, on which item).
    return missing.some(s, [historyShape(s.updates), exempt]);
  };
  return eventually('progress', (s): Verdict => {
    if (s.nodes.length > LARGE || s.nodes.length <= MAX_NODES) {
      if (!pending(s)) return true;
      return {
        get facts() { const bad = firstNotDone(st, s)!; return [bad.fact, whereIs(st, s, bad.u)]; },
        get updates() { return [updateName(st, s, firstNotDone(st, s)!.u)]; },
      };
    }
    const bad = firstNotDone(st, s);
    if (!bad) return true;
    // Most non-goal states are never shown: build the explanation only when it is read.
    return {
      get facts() { return [bad.fact, whereIs(st, s, bad.u)]; },
      get updates() { return [updateName(st, s, bad.u)]; },
    };
  }, {
    description: 'Progress (seed 001 3.2 phases 3-5, under weak fairness): every generated update eventually gets a Global ID and is merged at every replica holding its item.',
    trigger: pending,
    // (Issue 17) The goal test without the explanation object (the search asks it of every state).
    passes: (s) => !pending(s),
    antecedent: { description: 'an update not yet committed and merged everywhere', state: pending },
  });
}
