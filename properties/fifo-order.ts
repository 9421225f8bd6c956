/**
 * fifo-order: per origin, updates reach and are applied at every replica in the order they were
 * generated (FIFO delivery; the weakest ordering that any propagation path of seed 001 section
 * 3.2 phase 3 must keep: an IIRA retrieves a host's recent updates in order, definition 3.1.12).
 *
 * In the project's words: for every member replica `r`, every origin `o` and updates `u`, `v` of
 * `o` with `u.seq < v.seq`:
 *  1. if `r` has merged `v` and holds `u`'s item, `r` has merged `u`;
 *  2. if `r` applied both, it applied `u` first (first insertions in its `applied` log). On hosts
 *     only pairs on the same object count (a host that adds an object later receives that
 *     object's history after newer updates of other objects); on servers every pair counts.
 * Unlike monotonic-writes, this is about the application log, not the current order.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { hasBit } from './bitset.ts';
import { blameInversion } from './blame.ts';
import { originLists } from './by-origin.ts';
import { isServer, type Statics, updateName } from './context.ts';
import { NodeMemo, passesAfterWith } from './node-memo.ts';
import { firstApplied, visibleBits, whereIs } from './views.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { fifoAntecedent } from './antecedents.ts';

// A replica's verdict depends on no other input: an origin's new update has the highest seq (node-memo.ts).

/** Checks one state. */
export function checkFifoOrder(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  const n = s.updates.length;
  const byOrigin = originLists(s.updates); // (prop26) arrays: no entry per origin and replica
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  // (Stop 38) An index loop: `for ... of` allocated an iterator result per node on unoptimised runs.
  const visit = memo.begin(s.nodes, undefined, s);
  for (let k = 0; k < visit.length; k++) {
    const r = visit[k];
    const node = s.nodes[r];
    if (memo.skip(r)) continue;
    if (!node.member) { memo.remember(r); continue; }
    const rn = st.names[r];
    const vis = visibleBits(node);
    const pos = firstApplied(node.applied, n);
    const server = isServer(st.kinds[r]);
    for (let g = 0; g < byOrigin.lists.length; g++) {
      const origin = byOrigin.origins[g], list = byOrigin.lists[g];
      for (let j = 1; j < list.length; j++) {
        const v = list[j];
        const vSeen = hasBit(vis, v);
        if (!vSeen && pos[v] < 0) continue;
        for (let i = 0; i < j; i++) {
          const u = list[i];
          if (vSeen && st.nodeHolds(node, s.updates[u].item) && !hasBit(vis, u)) {
            // (med24) Names only for a violation: every pair of every replica checked built two strings.
            const un = updateName(st, s, u), vn = updateName(st, s, v);
            return {
              facts: [`${rn} has merged ${vn} but not ${un}, though both come from ${st.names[origin]} in that order and ${rn} holds ${st.itemNames[s.updates[u].item]}`,
                whereIs(st, s, u)],
              replica: rn, updates: [un, vn],
            };
          }
          const comparable = server || st.itemObject[s.updates[u].item] === st.itemObject[s.updates[v].item];
          if (comparable && pos[v] >= 0 && pos[u] > pos[v]) {
            const un = updateName(st, s, u), vn = updateName(st, s, v);
            return {
              facts: [`${rn} applied ${vn} before ${un}, though ${st.names[origin]} generated ${un} first`,
                ...blameInversion(st, s, u, v)],
              replica: rn, updates: [un, vn],
            };
          }
        }
      }
    }
    memo.remember(r);
  }
  memo.done();
  return true;
}

/** The `fifo-order` property (always). */
export function fifoOrder(st: Statics): Property<ReplicationState> {
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['member', 'order', 'applied', 'objects', 'unselected']);
  return always('fifo-order', (s) => checkFifoOrder(st, s, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    // (prop20) Nothing state-wide but the updates array (read per node).
    passesAfter: passesAfterWith(memo, (t) => checkFifoOrder(st, t, memo), undefined, (s, t) => s.updates === t.updates),
    description: 'FIFO order (seed 001 3.2 phase 3, def 3.1.12): every replica merges and applies each origin\'s updates in the order the origin generated them.',
    antecedent: fifoAntecedent(st),
  });
}
