/**
 * Antecedents of the replication properties (issue 11): for each property, the event without
 * which it cannot fail, as a predicate on states and the phrase a report prints after
 * "vacuous: never ...". The engine counts the states where it held as the property's
 * `witnesses`; a run with none passed vacuously. Each predicate is the property's own
 * precondition, not a proxy: e.g. fifo-order compares two updates of one origin at a replica
 * that holds the earlier one's item, so its antecedent is exactly "such a pair exists".
 * Every predicate runs on every explored state, so each is a cheap scan (no allocation on the
 * common path; the shared views are memoised on array identity, see views.ts).
 */
import type { Antecedent } from '../src/engine/property.ts';
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { NodeCount } from './node-count.ts';
import { MAX_NODES, NodeSet } from './node-set.ts';
import { type Bits, hasBit } from './bitset.ts';
import { originLists } from './by-origin.ts';
import { isServer, type Statics } from './context.ts';
import { happensBefore } from './happens-before.ts';
import { isSettled } from './settled.ts';
import { heldUpdateBitsOf, historyShape, visibleBits } from './views.ts';

/** A replication antecedent (state form). */
export type StateAntecedent = Antecedent<ReplicationState> & { state: (s: ReplicationState) => boolean };

function ante(description: string, state: (s: ReplicationState) => boolean): StateAntecedent {
  return { description, state };
}

/** Node `node` is a member replica that merged or applied some `v` and holds the item of an earlier update `u` of v's origin. */
function sameOriginPairAt(st: Statics, s: ReplicationState, node: NodeView): boolean {
  if (!node.member) return false;
  let vis: Bits | null = null;
  const lists = originLists(s.updates).lists;
  for (let g = 0; g < lists.length; g++) {
    const list = lists[g];
    for (let j = 1; j < list.length; j++) {
      const v = list[j];
      if (!hasBit(vis ??= visibleBits(node), v) && !node.applied.includes(v)) continue;
      for (let i = 0; i < j; i++) if (st.nodeHolds(node, s.updates[list[i]].item)) return true;
    }
  }
  return false;
}

/**
 * Some member replica has merged or applied `v` and holds the item of an earlier update `u` of
 * v's origin. (prop26) Kept per node over the model's steps, as for causal-order (node-set.ts,
 * node-count.ts): the per-node test reads the node's membership, orders, log and objects, and the
 * updates only through their shape (origin, seq, item). Built once per Statics (fifo-order and
 * monotonic-writes ask the same question).
 */
export function sameOriginPairAtReplica(st: Statics, s: ReplicationState): boolean {
  let k = pairKeepers.get(st);
  if (k === undefined) {
    k = {
      set: new NodeSet((x, r) => sameOriginPairAt(st, x, x.nodes[r]), (base, t) => base.updates === t.updates,
        ['member', 'order', 'applied', 'objects', 'unselected']),
      count: new NodeCount((x, node) => sameOriginPairAt(st, x, node), ['member', 'order', 'applied', 'objects', 'unselected']),
    };
    pairKeepers.set(st, k);
  }
  // The mask on every small state (see causalAntecedent); on large ones, nothing before two updates.
  return s.nodes.length <= MAX_NODES ? k.set.mask(s) !== 0 : s.updates.length >= 2 && k.count.some(s, [historyShape(s.updates)]);
}
const pairKeepers = new WeakMap<Statics, { set: NodeSet; count: NodeCount }>();

/** fifo-order. */
export const fifoAntecedent = (st: Statics) =>
  ante('two updates of one origin at a replica holding their item', (s) => sameOriginPairAtReplica(st, s));

/** monotonic-writes (the same pair, read on current orders). */
export const monotonicWritesAntecedent = (st: Statics) =>
  ante('two writes of one node, the later merged at a replica holding the earlier one\'s item', (s) => sameOriginPairAtReplica(st, s));

/** Node `r` of `s` is a member replica that merged some `v` with a predecessor `u -> v` on an item it holds. */
function causalPairAt(st: Statics, s: ReplicationState, node: NodeView): boolean {
  if (!node.member) return false;
  const n = s.updates.length;
  const hb = happensBefore(s.updates);
  // (Issue 17) Word by word: some ancestor `u < v` of a merged `v` on an item the node holds.
  // (prop26) The ancestor test first: the merged updates (a new bitset for most new nodes) are
  // read only for a `v` that has an ancestor on a held item.
  const held = heldUpdateBitsOf(st, s.updates, node);
  let vis: Bits | null = null;
  for (let v = 1; v < n; v++) {
    const anc = hb.anc[v];
    const last = v >>> 5;
    let found = false;
    for (let w = 0; w <= last && w < anc.length && w < held.length && !found; w++) {
      let x = anc[w] & held[w];
      if (w === last) x &= (1 << (v & 31)) - 1;
      found = x !== 0;
    }
    if (found && hasBit(vis ??= visibleBits(node), v)) return true;
  }
  return false;
}

/** causal-order: a pair `u -> v` with `v` merged at a replica that holds `u`'s item. */
export const causalAntecedent = (st: Statics) => {
  // (Issue 17) Counted incrementally over the nodes a step changed (node-count.ts); (prop26) the
  // predicate reads the updates only through their shape (happens-before, items).
  const count = new NodeCount((s, node) => causalPairAt(st, s, node), ['member', 'order', 'objects', 'unselected']);
  // (Issue 17) On small states, kept per state and carried over each step (node-set.ts).
  const set = new NodeSet((s, r) => causalPairAt(st, s, s.nodes[r]), (base, t) => base.updates === t.updates,
    ['member', 'order', 'objects', 'unselected']);
  // The mask on every small state (with fewer than two updates it is empty): a state without one
  // makes its successors' masks full scans.
  return ante('two causally related updates at a replica holding the cause\'s item', (s) => (s.nodes.length <= MAX_NODES
    ? set.mask(s) !== 0 : s.updates.length >= 2 && count.some(s, [historyShape(s.updates)])));
};

/** Number of updates on item `d` committed at a replica (merged with 0 < gid <= cursor). */
function committedOn(s: ReplicationState, order: readonly number[], committed: number): number {
  let k = 0;
  for (const u of order) { const g = s.updates[u].gid; if (g > 0 && g <= committed) k++; }
  return k;
}

/** Node `node` of `s` is a member replica with two committed updates on one item. */
function twoCommittedAt(s: ReplicationState, node: NodeView): boolean {
  if (!node.member || node.committed < 2) return false;
  for (const order of node.order) if (order.length >= 2 && committedOn(s, order, node.committed) >= 2) return true;
  return false;
}

/** Some replica has two committed updates on one item. */
export function twoCommittedOnItem(s: ReplicationState): boolean {
  if (s.nextGid < 3) return false;
  for (const node of s.nodes) if (twoCommittedAt(s, node)) return true;
  return false;
}

/** total-order (issue 17: counted incrementally over the nodes a step changed, node-count.ts). */
export const totalOrderAntecedent = () => {
  const count = new NodeCount((s, node) => twoCommittedAt(s, node), ['member', 'committed', 'order']);
  return ante('two updates on one item committed at a replica', (s) => s.nextGid >= 3 && count.some(s, [s.updates]));
};

/** A settled state in which some member replica other than the MS holds an item with an update. */
export const settledAfterUpdate = (st: Statics) => (s: ReplicationState): boolean => {
  if (s.updates.length === 0 || !isSettled(st, s)) return false;
  return s.nodes.some((node, r) => r !== st.master && node.member && s.updates.some((u) => st.nodeHolds(node, u.item)));
};

/** eventual-consistency and ca-state (settled-state invariants). */
export const settledAntecedent = (st: Statics) => ante('a settled state after an update on an item a replica other than the MS holds', settledAfterUpdate(st));

/** eventual-consistency:reachable: a state from which settling is an obligation. */
export const unsettledAntecedent = (st: Statics) => ante('an unsettled state', (s) => !isSettled(st, s));

/** single-publisher: an update or a refused attempt on an infrequently changed object. */
export const infrequentAntecedent = (st: Statics) => ante('an update (or refused attempt) on an infrequently changed object',
  (s) => s.refused > 0 || s.updates.some((u) => st.infrequentItem[u.item]));

/** exactly-once: a retried transfer or a duplicated delivery in a run with an update. */
export const redeliveryAntecedent = () => ante('a retried (failed) migration or a duplicated delivery after an update',
  (s) => s.updates.length > 0 && (s.used.failures > 0 || s.used.duplicates > 0));

/** propagation-flag: an update flagged T somewhere. */
export const flagTAntecedent = () => {
  const count = new NodeCount((_s, n) => n.member && n.flagT.length > 0, ['member', 'flagT']); // (issue 17) incremental
  return ante('an update flagged T (acknowledged by the node above)', (s) => count.some(s));
};

/** agent-lifecycle: an agent instance exists. */
export const instanceAntecedent = () => ante('an agent instance', (s) => s.instances.length > 0);

/** related-closure: a member host holds an object whose Object-Related-List is not empty. */
export const relatedAntecedent = (st: Statics) => {
  // (Issue 17) Counted incrementally over the nodes a step changed (node-count.ts).
  const count = new NodeCount((_s, n, r) => {
    if (!n.member || isServer(st.kinds[r])) return false;
    for (let o = 0; o < st.relatedMask.length; o++) if ((n.objects & (1 << o)) !== 0 && st.relatedMask[o] !== 0) return true;
    return false;
  }, ['member', 'objects']);
  return ante('an object with an Object-Related-List held by a host', (s) => count.some(s));
};

/** initial-replication: an IR instance exists. */
export const irAntecedent = () => ante('an initial-replication instance', (s) => s.instances.some((i) => i.kind === 'IR'));

/**
 * (prop26) `f` answered once per pair of `reads` and `updates` arrays (the last pair kept): the
 * session antecedents read nothing else, and a state's arrays are replaced, never edited
 * (model/lists.ts), so the same two arrays give the same answer. Neighbouring states of a run
 * nearly always share both, while `f` scans reads times updates.
 */
function onReads(f: (s: ReplicationState) => boolean): (s: ReplicationState) => boolean {
  let reads: unknown = null, updates: unknown = null, answer = false;
  return (s) => {
    if (s.reads !== reads || s.updates !== updates) {
      answer = f(s);
      reads = s.reads;
      updates = s.updates;
    }
    return answer;
  };
}

/** read-your-writes: a read after the reader wrote the item it reads. */
export const readAfterOwnWrite = () => ante('a read of an item by a host that had written it', onReads((s) => s.reads.some((r) =>
  s.updates.some((u) => u.origin === r.host && u.item === r.item && u.seq <= r.writesBefore))));

/** monotonic-reads: two reads by one host. */
export const twoReads = () => ante('two reads by one host', onReads((s) => {
  for (let i = 1; i < s.reads.length; i++) for (let j = 0; j < i; j++) if (s.reads[i].host === s.reads[j].host) return true;
  return false;
}));

/** writes-follow-reads: a read that saw an update, then a write by the same host. */
export const readThenWrite = () => ante('a write after a read (by the same host) that saw an update', onReads((s) => s.reads.some((r) =>
  r.seen.length > 0 && s.updates.some((u) => u.origin === r.host && u.seq > r.writesBefore))));

/** (Issue 13) metadata-convergence: a settled state, with metadata, after a host joined, moved or changed its objects. */
export const metadataAntecedent = (st: Statics) => ante('a settled state (with server metadata) after a join, a move or an interest change', (s) =>
  s.nodes[st.master].meta !== undefined && (s.used.joins > 0 || s.used.moves > 0 || s.used.interestChanges > 0 || grew(s)) && isSettled(st, s));
/** (Issue 13) A host left or a joiner server joined (servers hold metadata from their join on). */
function grew(s: ReplicationState): boolean {
  return s.nodes.some((n) => n.left || (n.meta?.servers?.length ?? 0) > 0);
}

/** (Issue 13) new-server: a joiner server that joined, completed its initial replication (holds every object) and has a cursor past 0. */
export const newServerAntecedent = (st: Statics, servers: readonly number[]) => ante('a joined server with its initial replication completed and a committed update', (s) =>
  servers.some((j) => s.nodes[j].member && s.nodes[j].committed > 0 && s.nodes[j].objects === (1 << st.index.objects.length) - 1));

/** (Issue 13) handoff: an old cell handed a moved host over while it still held an instance for it. */
export const handoffAntecedent = (_st: Statics) => ante('a handoff while the old cell still held an instance for the host', (s) => (s.used.handoffs ?? 0) > 0);
