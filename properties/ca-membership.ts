/**
 * Membership in the Consistent-Available state of seed 001 (defs 3.1.8 to 3.1.11): whether a
 * member replica is in CA, why not, which replicas are, and the first one that is not. The
 * definitions are stated in ca-state.ts, which builds the properties from these answers; the
 * answers for the current state are kept (one slot each) because the properties of the family
 * ask about the same state in turn.
 */
import { type Bits, hasBit } from './bitset.ts';
import { listText, type Statics, updateName } from './context.ts';
import { sameOrder } from './eventual-consistency.ts';
import { itemUpdateBits, visibleBits, whereIs } from './views.ts';
import { MAX_NODES, NodeSet } from './node-set.ts';
import { faultsUsed, strandedOnLost } from './fault-view.ts';
import type { NodeView, ReplicationState } from '../traces/replication.ts';

/** Why `r` is not in CA (empty when it is). Stops at the first failing item. */
export function caFailures(st: Statics, s: ReplicationState, r: number): string[] {
  const node = s.nodes[r];
  const rn = st.names[r];
  const master = s.nodes[st.master].order;
  const perItem = itemUpdateBits(st, s.updates);
  const vis = visibleBits(node);
  const stranded = strandedOnLost(s);
  const items = st.nodeItems(node);
  for (let k = 0; k < items.length; k++) {
    const d = items[k];
    const mine = node.order[d] ?? [];
    if (r !== st.master && !sameOrder(mine, master[d] ?? [])) {
      return [`${rn} is not consistent on ${st.itemNames[d]}: its order is ${listText(st, s, mine)}, the MS's is ${listText(st, s, master[d] ?? [])}`];
    }
    const onD = perItem[d];
    for (let u = 0; u < s.updates.length; u++) {
      if (hasBit(onD, u) && !hasBit(vis, u) && !stranded.has(u)) {
        return [`${rn} is not available on ${st.itemNames[d]}: ${updateName(st, s, u)} has not been merged into it`, whereIs(st, s, u)];
      }
    }
  }
  return [];
}

/** True when `r` is in CA: {@link caFailures} is empty (the same test, without building the facts). */
export function isCA(st: Statics, s: ReplicationState, r: number): boolean {
  return isCANode(st, s, s.nodes[r], r);
}

/** {@link isCA} for a given node object in position `r` (the rest read from `s`). */
export function isCANode(st: Statics, s: ReplicationState, node: NodeView, r: number, master = s.nodes[st.master].order): boolean {
  const stranded = strandedOnLost(s);
  if (st !== memoSt || s.updates !== memoUpdates || master !== memoMaster || stranded !== memoStranded || s.nodes.length !== genOf.length) {
    if (s.nodes.length !== genOf.length) {
      genOf = new Int32Array(s.nodes.length);
      slot0 = new Array(s.nodes.length).fill(null);
      slot1 = new Array(s.nodes.length).fill(null);
      val0 = new Uint8Array(s.nodes.length);
      val1 = new Uint8Array(s.nodes.length);
    }
    gen++;
    memoSt = st;
    memoUpdates = s.updates;
    memoMaster = master;
    memoStranded = stranded;
  }
  if (genOf[r] === gen) {
    if (slot0[r] === node) return val0[r] === 1;
    if (slot1[r] === node) return val1[r] === 1;
  }
  const ca = computeCA(st, s, node, r === st.master, master, stranded);
  if (genOf[r] === gen) {
    slot1[r] = slot0[r];
    val1[r] = val0[r];
  } else {
    genOf[r] = gen;
    slot1[r] = null;
  }
  slot0[r] = node;
  val0[r] = ca ? 1 : 0;
  return ca;
}

/*
 * (prop26) The answers for the last two node objects seen at each position, under one set of
 * inputs. A step asks about the same node objects several times: the `ca-state:reachable`
 * antecedent's count, the `ca-state:stable` premise's count and its replicas at stake, for the
 * replaced node and (the step after) as the node it replaced; after a step that changes the
 * inputs, each of them scans every node of the same state. CA(r) reads only the node object
 * (never mutated), whether r is the MS, which updates exist, the MS's orders and the stranded
 * set (computeCA): an entry is kept per position (so r is fixed) and a change of any of those
 * objects starts a new generation (every entry is then stale), so a hit is computeCA's answer.
 */
let gen = 1;
let genOf = new Int32Array(0);
let slot0: (NodeView | null)[] = [];
let slot1: (NodeView | null)[] = [];
let val0 = new Uint8Array(0);
let val1 = new Uint8Array(0);
let memoSt: Statics | null = null;
let memoUpdates: unknown = null;
let memoMaster: unknown = null;
let memoStranded: unknown = null;

/**
 * (Issue 17) Consistent on every held item, then available, word by word (the answer does not
 * depend on the order). No answer is kept on the node object: a second hidden field on nodes made
 * every node access in the model and the properties slower than the recomputation it saved.
 */
function computeCA(st: Statics, s: ReplicationState, node: NodeView, isMaster: boolean, master: readonly number[][], stranded: ReadonlySet<number>): boolean {
  const perItem = itemUpdateBits(st, s.updates);
  const items = st.heldItems(node.objects);
  if (!isMaster) {
    for (let dAt = 0; dAt < items.length; dAt++) {
      const d = items[dAt];
      if (!sameOrder(node.order[d] ?? [], master[d] ?? [])) return false;
    }
    // (prop26) Consistent: r's order on each held item is the MS's, so r has merged whatever the
    // MS's order on it holds. Where that is every update on the item, r is available there
    // without building its merged set (the loop below would find nothing missing).
    const complete = masterComplete(st, s.updates, master, perItem);
    let all = true;
    for (let dAt = 0; dAt < items.length; dAt++) {
      const d = items[dAt];
      if (complete[d] === 0) { all = false; break; }
    }
    if (all) return true;
  }
  const vis = visibleBits(node);
  for (let dAt = 0; dAt < items.length; dAt++) {
    const d = items[dAt];
    const onD = perItem[d];
    for (let w = 0; w < onD.length; w++) {
      let missing = onD[w] & ~(w < vis.length ? vis[w] : 0);
      if (missing === 0) continue;
      if (stranded.size === 0) return false;
      for (let b = 0; missing !== 0; b++, missing >>>= 1) if ((missing & 1) !== 0 && !stranded.has(w * 32 + b)) return false;
    }
  }
  return true;
}

let completeFor: { updates: unknown; master: unknown; st: unknown } = { updates: null, master: null, st: null };
let complete = new Uint8Array(0);
let mark = new Int32Array(0);
let stamp = 0;

/**
 * (prop26) Per item, 1 when the MS's order on it holds every update generated on it (the last
 * answer kept, per updates array and MS orders: both are replaced, never edited).
 */
function masterComplete(st: Statics, updates: ReplicationState['updates'], master: readonly number[][], perItem: readonly Bits[]): Uint8Array {
  if (completeFor.updates === updates && completeFor.master === master && completeFor.st === st) return complete;
  const items = st.itemNames.length;
  if (complete.length < items) complete = new Uint8Array(items);
  if (mark.length < updates.length) mark = new Int32Array(Math.max(updates.length, 2 * mark.length));
  for (let d = 0; d < items; d++) {
    stamp++;
    const onD = perItem[d];
    let seen = 0;
    for (const u of master[d] ?? []) if (u < updates.length && mark[u] !== stamp && hasBit(onD, u)) { mark[u] = stamp; seen++; }
    let total = 0;
    for (let u = 0; u < updates.length; u++) if (hasBit(onD, u)) total++;
    complete[d] = seen === total ? 1 : 0;
  }
  completeFor = { updates, master, st };
  return complete;
}

/**
 * The first member replica (not lost) not in CA, or -1 when all are. The last answer is kept
 * (one slot, per state object: states are immutable): the antecedent of `ca-state:reachable`
 * and its goal check ask about the same state one after the other.
 */
export function firstNotCAIndex(st: Statics, s: ReplicationState): number {
  if (s === lastFirst.s && st === lastFirst.st) return lastFirst.r;
  let r = 0;
  if (s.nodes.length <= MAX_NODES) {
    const ca = caSetOf(st).mask(s);
    for (; r < s.nodes.length; r++) if (s.nodes[r].member && !s.nodes[r].lost && (ca & (1 << r)) === 0) break;
  } else {
    for (; r < s.nodes.length; r++) {
      if (!s.nodes[r].member || s.nodes[r].lost) continue;
      if (!isCA(st, s, r)) break;
    }
  }
  const found = r < s.nodes.length ? r : -1;
  lastFirst.s = s;
  lastFirst.st = st;
  lastFirst.r = found;
  return found;
}
const lastFirst: { s: ReplicationState | null; st: Statics | null; r: number } = { s: null, st: null, r: -1 };

/**
 * (Issue 17) Per configuration, the member replicas in CA of a state of at most
 * {@link MAX_NODES} nodes, kept per state and carried over each step (node-set.ts): CA(r) reads
 * r's node, the MS's orders, which updates exist and the stranded set, so a step that keeps
 * the updates array and the MS's orders (without faults) changes only the replaced nodes' bits.
 */
function caSetOf(st: Statics): NodeSet {
  if (st === lastSet.st) return lastSet.set!;
  let set = caSets.get(st);
  if (set === undefined) {
    set = new NodeSet((s, r) => s.nodes[r].member && isCA(st, s, r), (base, t, d) => {
      if (base.updates !== t.updates || faultsUsed(base) !== 0 || faultsUsed(t) !== 0) return false;
      const k = d.touched.indexOf(st.master);
      return k < 0 || d.was[k].order === t.nodes[st.master].order;
    }, ['member', 'order', 'objects']);
    caSets.set(st, set);
  }
  lastSet.st = st;
  lastSet.set = set;
  return set;
}
const caSets = new WeakMap<Statics, NodeSet>();
const lastSet: { st: Statics | null; set: NodeSet | null } = { st: null, set: null };

/** The first member replica not in CA, with the reasons, or null when all are. */
export function firstNotCA(st: Statics, s: ReplicationState): { r: number; facts: string[] } | null {
  const r = firstNotCAIndex(st, s);
  return r < 0 ? null : { r, facts: caFailures(st, s, r) };
}

/**
 * The member replicas in CA in `s`. The last answer is kept (one slot, per state object): a
 * transition property asks about the source state of every step, and the explorer takes all the
 * steps of one state in a row.
 */
export function caReplicas(st: Statics, s: ReplicationState): number[] {
  if (s === lastCa.s && st === lastCa.st) return lastCa.ca;
  const ca: number[] = [];
  if (s.nodes.length <= MAX_NODES) {
    const m = caSetOf(st).mask(s);
    for (let r = 0; r < s.nodes.length; r++) if ((m & (1 << r)) !== 0) ca.push(r);
  } else {
    for (let r = 0; r < s.nodes.length; r++) if (s.nodes[r].member && isCA(st, s, r)) ca.push(r);
  }
  lastCa.s = s;
  lastCa.st = st;
  lastCa.ca = ca;
  return ca;
}
const lastCa: { s: ReplicationState | null; st: Statics | null; ca: number[] } = { s: null, st: null, ca: [] };

/** The replicas of `s` in CA when {@link caReplicas} was last asked about `s` (else null). */
export function knownCA(st: Statics, s: ReplicationState): readonly number[] | null {
  return s === lastCa.s && st === lastCa.st ? lastCa.ca : null;
}
