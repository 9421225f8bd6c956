/**
 * propagation-flag (seed 001 definition 3.1.12: the Propagation-Flag "has one value, which is
 * either T in case of the update is propagated ... or F in the case of the update is waiting to
 * be propagated"; 3.4.3 (iv): the IIRA learns of a successful transfer only by the Host
 * Manager's acknowledgement).
 *
 * In the project's words, for every member node `r`:
 *  1. no update is flagged both F and T at `r` (the flag has one value);
 *  2. the MS flags nothing T (there is no node above it);
 *  3. an update flagged T at `r` is held by the node above `r`: merged, collected, or flagged F or
 *     T there, or carried by an instance that has arrived there (state executing: the Host
 *     Manager acknowledges the transfer, which turns the flag T, before the instance inserts its
 *     updates). Precise rule for mobile hosts, which move: the cell that acknowledged an update may
 *     be one the host has left, so for a mobile host it is enough that some server (cell, zone or
 *     the MS) holds it. For fixed hosts, cells and zones the node above must hold it.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { isServer, type Statics, updateName } from './context.ts';
import { hasBit } from './bitset.ts';
import { visibleBits, whereIs } from './views.ts';
import { allIndices, NodeMemo } from './node-memo.ts';
import { deltaOf } from './delta.ts';
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { flagTAntecedent } from './antecedents.ts';

/** True when `node` has `u` merged, collected, or flagged F or T. */
function parentHas(node: NodeView, u: number): boolean {
  return hasBit(visibleBits(node), u) || node.collected.includes(u) || node.flagF.includes(u) || node.flagT.includes(u);
}

/** True when node `i` has `u` in its replica or lists, or in an instance that has arrived there. */
function holds(s: ReplicationState, i: number, u: number): boolean {
  if (parentHas(s.nodes[i], u)) return true;
  return s.instances.some((x) => x.to === i && x.state === 'executing' && x.updates.includes(u));
}

/** True when a node the last step replaced lost an update it had (merged, collected, flagged F or T). */
function forgot(s: ReplicationState): boolean {
  const d = deltaOf(s)!;
  for (let k = 0; k < d.touched.length; k++) {
    const old = d.was[k], now = s.nodes[d.touched[k]];
    // (med24) The replaced node's merged updates once per node, not once per update; no list of lists per node.
    // (prop26) Built only when there is something to look up in it (most replaced nodes keep
    // their orders and had nothing collected or flagged: an empty list loses nothing).
    if (old.order === now.order && old.collected.length === 0 && old.flagF.length === 0 && old.flagT.length === 0) continue;
    const vis = visibleBits(now);
    if (old.order !== now.order) {
      for (let seqAt = 0; seqAt < old.order.length; seqAt++) {
        const seq = old.order[seqAt];
        for (let uAt = 0; uAt < seq.length; uAt++) {
          const u = seq[uAt];
          if (!hasBit(vis, u) && !parentHas(now, u)) return true;
        }
      }
    }
    if (lost(vis, now, old.collected) || lost(vis, now, old.flagF) || lost(vis, now, old.flagT)) return true;
  }
  return false;
}

/** True when some update of `list` is neither merged into `now` (`vis`) nor in its lists. */
function lost(vis: ReturnType<typeof visibleBits>, now: NodeView, list: readonly number[]): boolean {
  for (let i = 0; i < list.length; i++) if (!hasBit(vis, list[i]) && !parentHas(now, list[i])) return true;
  return false;
}

/**
 * Checks one state. A node whose T flags its own parent backs passes as long as neither it nor
 * its parent changes (a server never forgets an update it has); one that relies on an arrived
 * instance or, for a mobile host, on another server is re-examined every time.
 */
export function checkPropagationFlag(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  // (Issue 17) After a step from the last passed state, only the changed nodes and the children
  // of a changed node are at stake, and a child is still backed by a parent that forgot nothing.
  let visit = memo.begin(s.nodes, undefined, s);
  if (memo.incremental && forgot(s)) visit = allIndices(s.nodes.length);
  // The fast path is recorded only for states where every node was backed by its own parent; a
  // node then still passes only if its parent did not change either.
  let allBacked = true;
  for (let rAt = 0; rAt < visit.length; rAt++) {
    const r = visit[rAt];
    const node = s.nodes[r];
    if (memo.sameAsLast(r) && (node.parent < 0 || memo.sameAsLast(node.parent))) continue;
    if (!node.member || node.flagT.length === 0) continue;
    const p = node.parent;
    const hasParent = p >= 0 && p < s.nodes.length;
    if (hasParent && memo.skip(r, p)) continue;
    let parentBacksAll = hasParent;
    const rn = st.names[r];
    for (const u of node.flagT) {
      if (node.flagF.includes(u)) {
        const un = updateName(st, s, u);
        return { facts: [`${rn} flags ${un} both F and T`], replica: rn, updates: [un] };
      }
      if (r === st.master) {
        const un = updateName(st, s, u);
        return { facts: [`the MS flags ${un} T, but there is no node above the MS`], replica: rn, updates: [un] };
      }
      if (hasParent && parentHas(s.nodes[p], u)) continue;
      parentBacksAll = false;
      if (hasParent && holds(s, p, u)) continue;
      if (st.kinds[r] === 'mobile' && s.nodes.some((_, i) => isServer(st.kinds[i]) && holds(s, i, u))) continue;
      const above = p >= 0 && p < st.names.length ? st.names[p] : 'no node';
      const un = updateName(st, s, u);
      return {
        facts: [
          `${rn} flags ${un} T (propagated), but the node above it, ${above}, does not have it${st.kinds[r] === 'mobile' ? ', nor does any other server' : ''}`,
          whereIs(st, s, u),
        ],
        replica: rn, updates: [un],
      };
    }
    if (parentBacksAll) memo.remember(r, p);
    else allBacked = false;
  }
  if (allBacked) memo.done();
  return true;
}

/** True when node `r` of `s` passes (the rules of {@link checkPropagationFlag}, without the facts). */
function nodePasses(st: Statics, s: ReplicationState, r: number): boolean {
  const node = s.nodes[r];
  if (!node.member || node.flagT.length === 0) return true;
  const p = node.parent;
  const hasParent = p >= 0 && p < s.nodes.length;
  for (const u of node.flagT) {
    if (node.flagF.includes(u) || r === st.master) return false;
    if (hasParent && holds(s, p, u)) continue;
    if (st.kinds[r] !== 'mobile') return false;
    let backed = false;
    for (let i = 0; i < s.nodes.length && !backed; i++) backed = isServer(st.kinds[i]) && holds(s, i, u);
    if (!backed) return false;
  }
  return true;
}

/**
 * (Issue 17) `passesAfter` for a step `s -> t` from a state `s` that passed: when no node the
 * step replaced forgot an update it had, and every instance executing in `s` is still there,
 * whatever backed an unchanged node's T flags in `s` (its parent's lists, an arrived instance,
 * another server) still does, so only the replaced nodes are checked. Otherwise (an instance
 * executed: a third of the steps) every node is judged by {@link nodePasses}, the check's own
 * rules without building facts or recording node memos; a failing node still means "not known",
 * and `check` then builds the explanation.
 */
function passesAfterStep(st: Statics, s: ReplicationState, t: ReplicationState): boolean {
  const d = deltaOf(t);
  if (d === undefined || d.base !== s || forgot(t) || executedOne(s, t)) return everyNodePasses(st, t);
  for (let rAt = 0; rAt < d.touched.length; rAt++) {
    const r = d.touched[rAt];
    if (!nodePasses(st, t, r)) return false;
  }
  return true;
}

/** True when an instance executing in `s` is gone in `t`. */
function executedOne(s: ReplicationState, t: ReplicationState): boolean {
  if (t.instances === s.instances) return false;
  for (const x of s.instances) if (x.state === 'executing' && !t.instances.includes(x)) return true;
  return false;
}

/** True when every node of `t` passes ({@link nodePasses}); false ("not known") beyond 64 nodes, where the check's node memo is cheaper. */
function everyNodePasses(st: Statics, t: ReplicationState): boolean {
  if (t.nodes.length > 64) return false;
  for (let r = 0; r < t.nodes.length; r++) if (!nodePasses(st, t, r)) return false;
  return true;
}

/** The `propagation-flag` property (always). */
export function propagationFlag(st: Statics): Property<ReplicationState> {
  const memo = new NodeMemo();
  return always('propagation-flag', (s) => checkPropagationFlag(st, s, memo), {
    passesAfter: (s: ReplicationState, _a: unknown, t: ReplicationState) => passesAfterStep(st, s, t),
    description: 'Propagation-Flag (seed 001 def 3.1.12, 3.4.3): an update is flagged T at a node only when the node above has it, and never F and T at once.',
    antecedent: flagTAntecedent(),
  });
}
