/**
 * When a state is *settled* (spec "Eventual consistency"): nothing is left to propagate, so every
 * replica should show the master's order. In the project's words, a state is settled when
 *  - every member host is connected (a failure counts as a disconnection, seed 001 section 3.1);
 *  - no agent instance exists (none migrating, none waiting to execute, seed 001 3.4.3);
 *  - no member node has an update flagged F (definition 3.1.12: waiting to be propagated);
 *  - no server holds collected updates it has not ordered (Collection-VLDS, 3.4.1 b);
 *  - the ReRU stream has nothing left for any member replica: no update on an item it holds
 *    carries a Global ID above its `committed` cursor. The view has no other record of ordered
 *    updates a server still has to send down, so without this clause a state could look settled
 *    while a zone server had not yet passed the MS's latest order to its cells. (A host's cursor
 *    need not reach the MS's last Global ID: the stream only carries updates on its items.)
 */
import { type Statics, updateName } from './context.ts';
import type { NodeView, ReplicationState } from '../traces/replication.ts';

/** The first update on an item `node` holds with a Global ID above its cursor, or -1. */
function firstUnreceived(st: Statics, s: ReplicationState, node: NodeView): number {
  if (node.committed >= s.nextGid - 1) return -1;
  const ups = s.updates;
  for (let u = 0; u < ups.length; u++) {
    if (ups[u].gid > node.committed && st.nodeHolds(node, ups[u].item)) return u;
  }
  return -1;
}

/**
 * True when `s` is settled (hot path: no allocation). (Issue 17) The last answer is kept (one
 * slot, per state object: states are immutable): about eight properties and antecedents ask about
 * the same state one after the other, and on `huge` a state without an instance in flight is
 * otherwise scanned node by node for each of them.
 */
export function isSettled(st: Statics, s: ReplicationState): boolean {
  if (s.instances.length > 0) return false;
  if (s === last.s && st === last.st) return last.settled;
  const settled = settledNow(st, s);
  last.s = s;
  last.st = st;
  last.settled = settled;
  return settled;
}
const last: { s: ReplicationState | null; st: Statics | null; settled: boolean } = { s: null, st: null, settled: false };

/** Node `n` keeps a state from being settled (a member that is not lost and has something left to do). */
function unsettledAt(st: Statics, s: ReplicationState, n: NodeView): boolean {
  // (Issue 12) A host lost for good is not waited for; a crashed node or a cut link is.
  if (!n.member || n.lost) return false;
  if (!n.connected || n.down || n.cut) return true;
  if (n.flagF.length > 0 || n.collected.length > 0) return true;
  return firstUnreceived(st, s, n) >= 0;
}

/**
 * (Stop 42) The index of the node {@link settledNow} found unsettled last (-1: none), asked
 * first: the next state asked about nearly always keeps it unsettled (a host's update still
 * flagged F, a cursor still behind), and on `huge` the scan to it read thousands of nodes. Only
 * the cost depends on it: a state is unsettled exactly when some node is.
 */
let unsettledHint = -1;

/** {@link isSettled} without the memo, for a state with no instance. */
function settledNow(st: Statics, s: ReplicationState): boolean {
  const nodes = s.nodes;
  const h = unsettledHint;
  if (h >= 0 && h < nodes.length && unsettledAt(st, s, nodes[h])) return false;
  for (let i = 0; i < nodes.length; i++) {
    if (unsettledAt(st, s, nodes[i])) {
      unsettledHint = i;
      return false;
    }
  }
  return true;
}

/** Why `s` is not settled: the first `limit` reasons, one fact each (empty when it is settled). */
export function unsettledReasons(st: Statics, s: ReplicationState, limit = 4): string[] {
  const facts: string[] = [];
  for (const inst of s.instances) {
    if (facts.length >= limit) return facts;
    facts.push(`instance ${st.names[inst.from]}/${inst.n} (${inst.kind} to ${st.names[inst.to]}) is still ${inst.state}`);
  }
  s.nodes.forEach((n, i) => {
    if (!n.member || n.lost || facts.length >= limit) return;
    const name = st.names[i];
    if (n.down) facts.push(`${name} is down (crashed, not yet recovered)`);
    if (n.cut) facts.push(`the link from ${name} to its parent is partitioned`);
    if (!n.connected) facts.push(`${name} is disconnected`);
    if (n.flagF.length > 0) facts.push(`${name} has ${n.flagF.length} update(s) flagged F`);
    if (n.collected.length > 0) facts.push(`${name} has ${n.collected.length} collected update(s) not yet ordered`);
    const u = firstUnreceived(st, s, n);
    if (u >= 0) facts.push(`${name} has merged the ReRU stream up to gid ${n.committed}, but ${updateName(st, s, u)} on an item it holds has gid ${s.updates[u].gid}`);
  });
  return facts.slice(0, limit);
}
