/**
 * exactly-once (spec "Protocol invariants": exactly once; seed 001 section 3.4.3 (iv) migrating:
 * the IIRA "requests the Host Manager once again until it receives the acknowledgement", so a
 * transfer may be retried and a delivery duplicated, and (v) executing inserts the updates).
 *
 * In the project's words:
 *  1. no per-item order of a member replica contains an update twice, and no `applied` log
 *     contains an update twice (despite retried migrations and duplicated deliveries). Precise
 *     rule for hosts' logs: a host that drops an object and adds it again legitimately inserts
 *     that object's history a second time, and the state does not record which host did, so
 *     hosts' `applied` logs are checked only while no interest change has happened in the run
 *     (`used.interestChanges === 0`); servers never drop objects and are always checked;
 *  2. in a settled state (settled.ts) every member replica has applied every update on the items
 *     it holds (with 1, exactly once);
 *  3. no node's `executed` list names an instance twice (an instance's VLDS is inserted once).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { hasBit } from './bitset.ts';
import { isServer, type Statics, updateName } from './context.ts';
import { isSettled } from './settled.ts';
import { strandedOnLost } from './fault-view.ts';
import { NodeMemo, passesAfterWith } from './node-memo.ts';
import { firstApplied, heldUpdateBitsOf, whereIs } from './views.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { redeliveryAntecedent } from './antecedents.ts';

const dupMemo = new WeakMap<readonly unknown[], number>();
/** Lists up to this long are scanned pairwise instead of memoised. */
const SHORT = 8;

/** Index of the first element that repeats an earlier one, or -1 (memoised per array). */
export function firstRepeat<T>(list: readonly T[]): number {
  if (list.length <= SHORT) {
    // (Issue 17) A short list is scanned directly: cheaper than the memo's lookup, and no entry to collect.
    for (let i = 1; i < list.length; i++) for (let j = 0; j < i; j++) if (list[j] === list[i]) return i;
    return -1;
  }
  let hit = dupMemo.get(list);
  if (hit === undefined) {
    hit = -1;
    const seen = new Set<T>();
    for (let i = 0; i < list.length; i++) {
      if (seen.has(list[i])) { hit = i; break; }
      seen.add(list[i]);
    }
    dupMemo.set(list, hit);
  }
  return hit;
}

/** (prop26) The memo's inputs, one shared array per value of the host-log switch (compared element by element). */
const HOST_LOGS: readonly unknown[] = [true];
const NO_HOST_LOGS: readonly unknown[] = [false];

/** Checks one state. */
export function checkExactlyOnce(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  const hostLogs = s.used.interestChanges === 0;
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  const rList = memo.begin(s.nodes, hostLogs ? HOST_LOGS : NO_HOST_LOGS, s);
  for (let rAt = 0; rAt < rList.length; rAt++) {
    const r = rList[rAt];
    const node = s.nodes[r];
    const logChecked = hostLogs || isServer(st.kinds[r]);
    if (memo.skip(r)) continue;
    if (!node.member) { memo.remember(r); continue; }
    const rn = st.names[r];
    const k = logChecked ? firstRepeat(node.applied) : -1;
    if (k >= 0) {
      const u = node.applied[k];
      return {
        facts: [`${rn} applied ${updateName(st, s, u)} twice (entries ${node.applied.indexOf(u) + 1} and ${k + 1} of its log)`],
        replica: rn, updates: [updateName(st, s, u)],
      };
    }
    for (let d = 0; d < node.order.length; d++) {
      const j = firstRepeat(node.order[d]);
      if (j >= 0) {
        const u = node.order[d][j];
        return { facts: [`${rn}'s order for ${st.itemNames[d]} contains ${updateName(st, s, u)} twice`], replica: rn, updates: [updateName(st, s, u)] };
      }
    }
    const e = firstRepeat(node.executed);
    if (e >= 0) {
      return { facts: [`instance ${node.executed[e]} executed twice at ${rn}`], replica: rn };
    }
    memo.remember(r);
  }
  memo.done();
  if (!isSettled(st, s)) return true;
  const n = s.updates.length;
  const notDemanded = strandedOnLost(s); // (issue 12) lost with a lost host, or in a crash before acknowledgement
  for (let r = 0; r < s.nodes.length; r++) {
    const node = s.nodes[r];
    if (!node.member || node.lost) continue;
    const held = heldUpdateBitsOf(st, s.updates, node);
    const pos = firstApplied(node.applied, n);
    for (let u = 0; u < n; u++) {
      if (hasBit(held, u) && pos[u] < 0 && !notDemanded.has(u)) {
        return {
          facts: ['the state is settled', `${st.names[r]} holds ${st.itemNames[s.updates[u].item]} but never applied ${updateName(st, s, u)}`, whereIs(st, s, u)],
          replica: st.names[r], updates: [updateName(st, s, u)],
        };
      }
    }
  }
  return true;
}

/** The `exactly-once` property (always). */
export function exactlyOnce(st: Statics): Property<ReplicationState> {
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['member', 'applied', 'order', 'executed']);
  return always('exactly-once', (s) => checkExactlyOnce(st, s, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    // (prop20) The host-log switch is the same and `t` is not settled (the settled clause reads more).
    passesAfter: passesAfterWith(memo, (t) => checkExactlyOnce(st, t, memo), (s) => (s.used.interestChanges === 0 ? HOST_LOGS : NO_HOST_LOGS),
      (s, t) => (s.used.interestChanges === 0) === (t.used.interestChanges === 0) && !isSettled(st, t)),
    description: 'Exactly once (seed 001 3.4.3 migrating/executing): no replica applies an update twice or executes an instance twice; settled replicas have applied every update on their items.',
    antecedent: redeliveryAntecedent(),
  });
}
