/**
 * ca-state: the Consistent-Available state of seed 001, definitions 3.1.8 to 3.1.11.
 *
 * In the project's words, for a member replica `r` and an item `d` it holds:
 *  - `consistent(r, d)` (defs 3.1.8, 3.1.9): `r`'s order for `d` is exactly the master's order for
 *    `d` (the same updates, hence the same values, in the same order);
 *  - `available(r, d)` (def 3.1.10): every update generated on `d` at any other node has been
 *    merged into `r`, and so has every update `r` itself generated on `d` (the definition merges
 *    the others' updates "with the updates that are performed on d in R", which presupposes `r`
 *    still has its own: a host that drops an object and adds it back before its own update has
 *    returned from the MS is not available on it). This is a global predicate: it counts updates still sitting on disconnected
 *    hosts, which no replica can know about; it is decidable on a model state (or a trace) because
 *    `updates` records every generated update, and not by any node of a running system;
 *  - `CA(r)` (def 3.1.11): consistent and available for every item `r` holds.
 * Engine properties of the family:
 *  - `ca-state` (always): in every settled state (settled.ts) every member replica is in CA;
 *  - `ca-state:reachable` (alwaysReachable): a state where every member replica is in CA is
 *    reachable from every reachable state;
 *  - `ca-state:stable` (transition, issue 11): "once CA(r) holds and no update is generated, it
 *    keeps holding" is a property of steps: for every explored step `s -> t` that generates no
 *    update, every member replica `r` in CA in `s` that holds the same objects in `t` is in CA in
 *    `t`. A step that changes what `r` holds (dropping an object, or the initial-replication
 *    instance that installs added ones) changes what CA(r) is about, like an update does. The
 *    engine decides it on every explored transition, so it works at any size (it used to be a
 *    state property enumerating every successor, built only for 64 nodes or fewer).
 */
import { always, alwaysReachable, transition, type Property, type Verdict } from '../src/engine/property.ts';
import { settledAntecedent } from './antecedents.ts';
import { hasBit } from './bitset.ts';
import { listText, type Statics, updateName } from './context.ts';
import { sameOrder } from './eventual-consistency.ts';
import { isSettled } from './settled.ts';
import { strandedOnLost } from './fault-view.ts';
import { itemUpdateBits, visibleBits, whereIs } from './views.ts';
import { changedNodes, deltaOf, nodeBefore, sourceState } from './delta.ts';
import { NodeCount } from './node-count.ts';
import { MAX_NODES, NodeSet } from './node-set.ts';
import { faultsUsed } from './fault-view.ts';
import type { NodeView, ReplicationAction, ReplicationState } from '../traces/replication.ts';

/**
 * One successor of a state, as the model's semantic action and the state it leads to. No
 * property needs it any more (kept so `PropertyContext.successors` stays a valid, additive field).
 */
export interface Successor {
  action: ReplicationAction;
  state: ReplicationState | undefined;
}

/** Why `r` is not in CA (empty when it is). Stops at the first failing item. */
export function caFailures(st: Statics, s: ReplicationState, r: number): string[] {
  const node = s.nodes[r];
  const rn = st.names[r];
  const master = s.nodes[st.master].order;
  const perItem = itemUpdateBits(st, s.updates);
  const vis = visibleBits(node);
  const stranded = strandedOnLost(s);
  for (const d of st.nodeItems(node)) {
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
function isCANode(st: Statics, s: ReplicationState, node: NodeView, r: number, master = s.nodes[st.master].order): boolean {
  return computeCA(st, s, node, r === st.master, master, strandedOnLost(s));
}

/**
 * (Issue 17) Consistent on every held item, then available, word by word (the answer does not
 * depend on the order). No answer is kept on the node object: a second hidden field on nodes made
 * every node access in the model and the properties slower than the recomputation it saved.
 */
function computeCA(st: Statics, s: ReplicationState, node: NodeView, isMaster: boolean, master: readonly number[][], stranded: ReadonlySet<number>): boolean {
  const perItem = itemUpdateBits(st, s.updates);
  const items = st.heldItems(node.objects);
  if (!isMaster) for (const d of items) if (!sameOrder(node.order[d] ?? [], master[d] ?? [])) return false;
  const vis = visibleBits(node);
  for (const d of items) {
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

/**
 * The first member replica (not lost) not in CA, or -1 when all are. The last answer is kept
 * (one slot, per state object: states are immutable): the antecedent of `ca-state:reachable`
 * and its goal check ask about the same state one after the other.
 */
function firstNotCAIndex(st: Statics, s: ReplicationState): number {
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
function firstNotCA(st: Statics, s: ReplicationState): { r: number; facts: string[] } | null {
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

/** True when `a` and `b` hold the same per-item orders. */
function sameOrders(a: readonly number[][], b: readonly number[][]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let d = 0; d < a.length; d++) if (!sameOrder(a[d] ?? [], b[d] ?? [])) return false;
  return true;
}

/**
 * The replicas the step `s -> t` can take out of CA: none when it generates an update; else the
 * replicas in CA in `s` that hold the same objects in `t` and whose order, or the MS's, changed
 * (CA(r) reads only r's orders, the MS's and which updates exist).
 */
export function caAtStake(st: Statics, s: ReplicationState, t: ReplicationState): number[] {
  if (t.updates.length !== s.updates.length) return [];
  // (Issue 17) When the model's last step made `t` from `s`, only the nodes it replaced changed
  // (read through nodeBefore: an in-place step overwrote them in the array `s` shares). No inner
  // closures: this runs on every explored step.
  const changed = changedNodes(s, t);
  // (Issue 12) A crash or a permanent loss erases state by definition: not a protocol step.
  if (changed !== undefined) {
    for (const r of changed) {
      const n = t.nodes[r], o = nodeBefore(s, t, r);
      if ((n.down === true && o.down !== true) || (n.lost === true && o.lost !== true)) return [];
    }
  } else {
    for (let r = 0; r < t.nodes.length; r++) {
      const n = t.nodes[r];
      if ((n.down === true && s.nodes[r].down !== true) || (n.lost === true && s.nodes[r].lost !== true)) return [];
    }
  }
  const masterOrder = nodeBefore(s, t, st.master).order;
  const masterChanged = !sameOrders(masterOrder, t.nodes[st.master].order);
  if (changed !== undefined && !masterChanged) {
    // Untouched replicas keep their orders and membership, and the MS's orders did not change.
    // (Issue 17) Which replicas of `s` are in CA is usually known already (caPremise asked).
    const known = s === lastCa.s && st === lastCa.st ? lastCa.ca : null;
    const out: number[] = [];
    for (const r of changed) {
      const o = nodeBefore(s, t, r);
      if (!o.member || !atStake(t, r, o, false)) continue;
      if (known !== null && o === s.nodes[r] ? known.includes(r) : isCANode(st, s, o, r, masterOrder)) out.push(r);
    }
    return out;
  }
  const src = sourceState(s, t);
  const ca = caReplicas(st, src);
  if (ca.length === 0) return [];
  const out: number[] = [];
  for (const r of ca) if (atStake(t, r, src.nodes[r], masterChanged)) out.push(r);
  return out;
}

/**
 * (Issue 13) A host that leaves (`left`) stops being a replica: not a loss of CA. Otherwise `r`
 * (formerly `before`) is at stake when it keeps its objects and its order, its membership or the
 * MS's orders changed.
 */
function atStake(t: ReplicationState, r: number, before: NodeView, masterChanged: boolean): boolean {
  const n = t.nodes[r];
  return !n.left && n.objects === before.objects && (masterChanged || n.member !== before.member || !sameOrders(before.order, n.order));
}

/**
 * The property's premise on a step: it generates no update and starts from a state where some
 * replica that holds an update is in CA and keeps its objects (the antecedent: what the property
 * speaks about; whether the step then changes anything is what it tests).
 */
export function caPremise(st: Statics, s: ReplicationState, t: ReplicationState, index?: PremiseIndex): boolean {
  if (t.updates.length !== s.updates.length || s.updates.length === 0) return false;
  const changed = index !== undefined && s.nodes.length > LARGE && !(s === lastCa.s && st === lastCa.st) ? changedNodes(s, t) : undefined;
  if (changed !== undefined) {
    // (Issue 17) How many replicas of `s` qualify but for their objects is known from the step
    // before; of those, only the nodes this step replaced can hold other objects in `t`.
    const count = index!.countBefore(s, t);
    if (count !== undefined) {
      const masterOrder = nodeBefore(s, t, st.master).order;
      let lost = 0;
      for (const r of changed) {
        const o = nodeBefore(s, t, r);
        if (o.member && o.applied.length > 0 && t.nodes[r].objects !== o.objects && isCANode(st, s, o, r, masterOrder)) lost++;
      }
      return count - lost > 0;
    }
  }
  // A replica in CA in `s` that applied an update and holds the same objects in `t` (no inner
  // closures: this runs on every explored step).
  for (const r of caReplicas(st, sourceState(s, t))) {
    const o = nodeBefore(s, t, r);
    if (o.applied.length > 0 && t.nodes[r].objects === o.objects) return true;
  }
  return false;
}

/** Nodes beyond which {@link caPremise} follows a run with a {@link PremiseIndex} (on smaller states, listing the replicas in CA is as cheap, and the explorer takes every step of one state in a row). */
const LARGE = 64;

/**
 * (Issue 17) The member replicas in CA that applied an update, counted along a run of model steps
 * (the changed nodes out and in, while updates, the MS's orders and the stranded set stay the
 * same objects; a full count otherwise), so that {@link caPremise} on a step `s -> t` knows the
 * count for `s` without scanning it.
 */
export class PremiseIndex {
  private readonly st: Statics;
  private state: ReplicationState | null = null;
  private inputs: readonly unknown[] = [];
  private count = 0;
  private previous: ReplicationState | null = null;
  private previousCount = 0;

  constructor(st: Statics) {
    this.st = st;
  }

  private qualifies(s: ReplicationState, node: NodeView, r: number): boolean {
    return node.member && node.applied.length > 0 && isCANode(this.st, s, node, r);
  }

  /** The count for `s`, when `t` is the model's last state, made from `s`, and `s` was counted; else undefined. */
  countBefore(s: ReplicationState, t: ReplicationState): number | undefined {
    if (this.state !== t) {
      const d = deltaOf(t);
      if (d === undefined) return undefined;
      const inputs = [t.updates, t.nodes[this.st.master].order, strandedOnLost(t)];
      const prev = this.state;
      const prevCount = this.count;
      if (prev !== null && d.base === prev && inputs.every((x, i) => x === this.inputs[i])) {
        let c = this.count;
        for (let k = 0; k < d.touched.length; k++) {
          const r = d.touched[k];
          if (this.qualifies(t, d.was[k], r)) c--;
          if (this.qualifies(t, t.nodes[r], r)) c++;
        }
        this.count = c;
      } else {
        let c = 0;
        for (let r = 0; r < t.nodes.length; r++) if (this.qualifies(t, t.nodes[r], r)) c++;
        this.count = c;
      }
      this.inputs = inputs;
      this.previous = prev !== null && d.base === prev ? prev : null;
      this.previousCount = prevCount;
      this.state = t;
    }
    return this.previous === s ? this.previousCount : undefined;
  }
}

/** Checks the stability form on one step `s -> t`. */
export function checkCAStep(st: Statics, s: ReplicationState, t: ReplicationState): Verdict {
  for (const r of caAtStake(st, s, t)) {
    const facts = t.nodes[r].member ? caFailures(st, t, r) : [`${st.names[r]} is no longer a member`];
    if (facts.length > 0) {
      return {
        facts: [`${st.names[r]} is in CA here and no update is generated, but after the step it is not:`, ...facts],
        replica: st.names[r],
      };
    }
  }
  return true;
}

/** The engine properties of the `ca-state` family. */
export function caState(st: Statics): Property<ReplicationState>[] {
  const premise = new PremiseIndex(st);
  const notCA = new NodeCount((s, node, r) => node.member && !node.lost && !isCANode(st, s, node, r));
  return [
    always('ca-state', (s): Verdict => {
      if (!isSettled(st, s)) return true;
      const bad = firstNotCA(st, s);
      return bad ? { facts: ['the state is settled', ...bad.facts], replica: st.names[bad.r] } : true;
    }, { description: 'CA state (seed 001 defs 3.1.8-3.1.11): in every settled state every replica is consistent and available on every item it holds.',
      antecedent: settledAntecedent(st) }),
    alwaysReachable('ca-state:reachable', (s): Verdict => {
      const r = firstNotCAIndex(st, s);
      // Most states out of CA are never shown: the facts are built only when read (issue 17).
      return r < 0 ? true : { get facts() { return caFailures(st, s, r); }, replica: st.names[r] };
    }, { description: 'CA state is reachable (seed 001 def 3.1.11): from every reachable state, a state where every replica is in CA is reachable.',
      // (Issue 17) The goal test without the explanation object (the search asks it of every state).
      passes: (s) => firstNotCAIndex(st, s) < 0,
      antecedent: { description: 'a state with a replica not in CA', state: (s) => (s.nodes.length > LARGE
        // (Issue 17) On large states, counted over the nodes each step changed (node-count.ts).
        ? notCA.some(s, [s.updates, s.nodes[st.master].order, strandedOnLost(s)])
        : firstNotCAIndex(st, s) >= 0) } }),
    transition('ca-state:stable', (s: ReplicationState, _a: unknown, t: ReplicationState) => checkCAStep(st, s, t), {
      // (Issue 17) Reads the source through nodeBefore/sourceState (delta.ts), so random walks may
      // step in place; not under faults, whose stranded-update view reads the whole source.
      inPlace: !st.config.faults,
      description: 'CA state is stable (seed 001 def 3.1.11): a step that generates no update never takes a replica out of CA.',
      antecedent: {
        description: 'a step without an update from a state where a replica holding an update is in CA',
        transition: (s: ReplicationState, _a: unknown, t: ReplicationState) => caPremise(st, s, t, premise),
      },
    }),
  ];
}
