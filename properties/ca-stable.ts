/**
 * The stability form of the CA state (seed 001 def 3.1.11, issue 11): which replicas a step that
 * generates no update can take out of CA (`caAtStake`), whether a step is in the property's
 * antecedent (`caPremise`, over a run with a {@link PremiseIndex} on large states), and the check
 * of one step (`checkCAStep`). ca-state.ts builds `ca-state:stable` from them.
 */
import type { Verdict } from '../src/engine/property.ts';
import type { Statics } from './context.ts';
import { sameOrder } from './eventual-consistency.ts';
import { strandedOnLost } from './fault-view.ts';
import { changedNodes, deltaOf, nodeBefore, sourceState } from './delta.ts';
import { sameFieldsOf } from './same-fields.ts';
import { historyShape } from './views.ts';
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { caFailures, caReplicas, isCANode, knownCA } from './ca-membership.ts';

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
    for (let rAt = 0; rAt < changed.length; rAt++) {
      const r = changed[rAt];
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
    const known = knownCA(st, s);
    const out: number[] = [];
    for (let rAt = 0; rAt < changed.length; rAt++) {
      const r = changed[rAt];
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
  if (t.updates.length !== s.updates.length || s.updates.length === 0) {
    // (prop26) The index follows these steps too: a step it missed broke its chain, and the next
    // step then recounted every node and scanned its source.
    if (index !== undefined && s.nodes.length > LARGE) index.countBefore(s, t);
    return false;
  }
  // (prop26) The index is asked on every step of a large state, even when the replicas in CA of
  // `s` are known (a scan made them known, e.g. after the MS's orders changed): skipping it broke
  // its chain of steps, and the next step then recounted every node and scanned `s` again.
  const changed = index !== undefined && s.nodes.length > LARGE ? changedNodes(s, t) : undefined;
  if (changed !== undefined) {
    // (Issue 17) How many replicas of `s` qualify but for their objects is known from the step
    // before; of those, only the nodes this step replaced can hold other objects in `t`.
    const count = index!.countBefore(s, t);
    if (count !== undefined) {
      const masterOrder = nodeBefore(s, t, st.master).order;
      let lost = 0;
      for (let rAt = 0; rAt < changed.length; rAt++) {
        const r = changed[rAt];
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
export const LARGE = 64;

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
      // (prop26) CA reads the updates only through their shape (which exist, on which item).
      const inputs = [historyShape(t.updates), t.nodes[this.st.master].order, strandedOnLost(t)];
      const prev = this.state;
      const prevCount = this.count;
      if (prev !== null && d.base === prev && inputs.every((x, i) => x === this.inputs[i])) {
        let c = this.count;
        for (let k = 0; k < d.touched.length; k++) {
          const r = d.touched[k];
          // (prop26) The same member, applied, objects and orders: the same answer, nothing to move.
          if (samePremiseFields(d.was[k], t.nodes[r])) continue;
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

/** (prop26) The node fields {@link PremiseIndex}'s test reads (isCANode: orders and objects). */
const samePremiseFields = sameFieldsOf(['member', 'applied', 'objects', 'order']);

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

