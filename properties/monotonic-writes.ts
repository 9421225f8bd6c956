/**
 * monotonic-writes, a session guarantee (Terry et al. 1994), session = one node's user (seed 001
 * definition 3.1.5: updates are executed locally, then propagated, definition 3.1.6).
 *
 * In the project's words: whose view: every member replica's current state (where the host's
 * writes end up), not the writer's. For writes `w1`, `w2` of the same node with
 * `w1.seq < w2.seq`, at every member replica `r`: if `r` has merged `w2` and holds `w1`'s item,
 * it has merged `w1`; and if both are on one item, `r`'s current order places `w1` before `w2`.
 * (fifo-order asks the same of the `applied` log; this asks it of the order users read.)
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { hasBit } from './bitset.ts';
import { blameInversion } from './blame.ts';
import { originLists } from './by-origin.ts';
import { type Statics, updateName } from './context.ts';
import { NodeMemo, passesAfterWith } from './node-memo.ts';
import { visibleBits, whereIs } from './views.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { monotonicWritesAntecedent } from './antecedents.ts';

// A replica's verdict depends on no other input: a node's new write has the highest seq (node-memo.ts).

/** Checks one state. */
export function checkMonotonicWrites(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  const byOrigin = originLists(s.updates); // (prop26) arrays: no entry per origin and replica
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  const visit = memo.begin(s.nodes, undefined, s);
  for (let k = 0; k < visit.length; k++) {
    const r = visit[k];
    const node = s.nodes[r];
    if (memo.skip(r)) continue;
    if (!node.member) { memo.remember(r); continue; }
    const rn = st.names[r];
    const vis = visibleBits(node);
    for (let g = 0; g < byOrigin.lists.length; g++) {
      const origin = byOrigin.origins[g], list = byOrigin.lists[g];
      for (let j = 1; j < list.length; j++) {
        const w2 = list[j];
        if (!hasBit(vis, w2)) continue;
        const item2 = s.updates[w2].item;
        for (let i = 0; i < j; i++) {
          const w1 = list[i];
          const item1 = s.updates[w1].item;
          if (!st.nodeHolds(node, item1)) continue;
          if (!hasBit(vis, w1)) {
            // (med24) Names only for a violation (they were built for every pair checked).
            const a = updateName(st, s, w1), b = updateName(st, s, w2);
            return {
              facts: [`${rn} has merged ${b} but not ${a}, though ${st.names[origin]} wrote ${a} first and ${rn} holds ${st.itemNames[item1]}`, whereIs(st, s, w1)],
              replica: rn, updates: [a, b],
            };
          }
          if (item1 === item2) {
            const order = node.order[item1];
            if (order.indexOf(w2) < order.indexOf(w1)) {
              const a = updateName(st, s, w1), b = updateName(st, s, w2);
              return {
                facts: [`${rn} orders ${b} before ${a} on ${st.itemNames[item1]}, though ${st.names[origin]} wrote ${a} first`, ...blameInversion(st, s, w1, w2)],
                replica: rn, updates: [a, b],
              };
            }
          }
        }
      }
    }
    memo.remember(r);
  }
  memo.done();
  return true;
}

/** The `monotonic-writes` property (always). */
export function monotonicWrites(st: Statics): Property<ReplicationState> {
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['member', 'order', 'objects', 'unselected']);
  return always('monotonic-writes', (s) => checkMonotonicWrites(st, s, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    passesAfter: passesAfterWith(memo, (t) => checkMonotonicWrites(st, t, memo)),
    description: 'Monotonic writes (Terry et al. 1994): every replica that has a node\'s later write has its earlier writes, and orders them in the order they were written.',
    antecedent: monotonicWritesAntecedent(st),
  });
}
