/**
 * eventual-consistency (spec "Eventual consistency"; seed 001 definition 3.1.8, consistency
 * against the master's replica, and section 3.2 phase 5, merging).
 *
 * In the project's words:
 *  - `eventual-consistency` (always): in every settled state (settled.ts), every member replica's
 *    order for each item it holds is exactly the master's order for that item (same updates,
 *    same order; items it does not hold are not compared).
 *  - `eventual-consistency:reachable` (alwaysReachable): from every reachable state a settled
 *    state is reachable by protocol and reconnect steps alone (the engine follows only the
 *    model's drain actions, in check as in a random run's drain phase).
 */
import { always, alwaysReachable, type Property, type Verdict } from '../src/engine/property.ts';
import { listText, type Statics, updateNames } from './context.ts';
import { isSettled, unsettledReasons } from './settled.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { settledAntecedent, unsettledAntecedent } from './antecedents.ts';

/** True when two orders are the same sequence. */
export function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The first member replica and held item whose order differs from the master's, or null. */
export function firstDivergence(st: Statics, s: ReplicationState): { r: number; d: number } | null {
  const m = s.nodes[st.master];
  for (let r = 0; r < s.nodes.length; r++) {
    const node = s.nodes[r];
    if (!node.member || node.lost || r === st.master) continue;
    const items = st.nodeItems(node);
    for (let k = 0; k < items.length; k++) {
      const d = items[k];
      if (!sameOrder(node.order[d] ?? [], m.order[d] ?? [])) return { r, d };
    }
  }
  return null;
}

/** Checks the safety half on one state. */
export function checkEventualConsistency(st: Statics, s: ReplicationState): Verdict {
  if (!isSettled(st, s)) return true;
  const div = firstDivergence(st, s);
  if (!div) return true;
  const { r, d } = div;
  const mine = s.nodes[r].order[d] ?? [], master = s.nodes[st.master].order[d] ?? [];
  return {
    facts: [
      'the state is settled: every host connected, no instance in flight, nothing flagged F or collected, nothing left in the ReRU stream',
      `${st.names[r]}'s order for ${st.itemNames[d]} is ${listText(st, s, mine)}, the MS's is ${listText(st, s, master)}`,
    ],
    replica: st.names[r],
    updates: updateNames(st, s, [...new Set([...mine, ...master])]),
  };
}

/** The two engine properties of the `eventual-consistency` family. */
export function eventualConsistency(st: Statics): Property<ReplicationState>[] {
  return [
    always('eventual-consistency', (s) => checkEventualConsistency(st, s),
      { description: 'Eventual consistency, safety (spec; seed 001 def 3.1.8): in every settled state every replica\'s order for each item it holds equals the master\'s.',
        antecedent: settledAntecedent(st) }),
    alwaysReachable('eventual-consistency:reachable',
      // Most unsettled states are never shown: the reasons are built only when read (issue 17).
      (s) => (isSettled(st, s) ? true : { get facts() { return unsettledReasons(st, s); } }),
      { description: 'Eventual consistency, liveness (spec): from every reachable state a settled state is reachable.',
        // (Issue 17) The goal test without the explanation object (the search asks it of every state).
        passes: (s) => isSettled(st, s),
        antecedent: unsettledAntecedent(st) }),
  ];
}
