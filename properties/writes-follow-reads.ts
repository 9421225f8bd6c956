/**
 * writes-follow-reads, a session guarantee (Terry et al. 1994), session = one node's user (seed
 * 001 definitions 3.1.5 and 3.1.7).
 *
 * In the project's words: whose view: every member replica's current state. If host `h` read
 * item `d` and saw `S` (`ReadView.seen`), and later generated `w` (`w.seq > writesBefore`), then at
 * every member replica `r` that has merged `w`: every update of `S` on an item `r` holds is merged
 * at `r`, and, when it is on `w`'s item, ordered before `w`. (The read's writes precede the write
 * everywhere the write goes.)
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { hasBit } from './bitset.ts';
import { blameInversion } from './blame.ts';
import { updatesByOrigin } from './by-origin.ts';
import { type Statics, updateName } from './context.ts';
import { NodeMemo, passesAfterWith } from './node-memo.ts';
import { visibleBits, whereIs } from './views.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { readThenWrite } from './antecedents.ts';

/** Checks one replica against every read and the writes that followed it. */
function checkReplica(st: Statics, s: ReplicationState, r: number): Verdict {
  const node = s.nodes[r];
  const vis = visibleBits(node);
  const rn = st.names[r];
  const byOrigin = updatesByOrigin(s.updates);
  for (let k = 0; k < s.reads.length; k++) {
    const rd = s.reads[k];
    if (rd.seen.length === 0) continue;
    for (const w of byOrigin.get(rd.host) ?? []) {
      const wu = s.updates[w];
      if (wu.seq <= rd.writesBefore || !hasBit(vis, w)) continue;
      for (const u of rd.seen) {
        const item = s.updates[u]?.item;
        if (item === undefined || !st.nodeHolds(node, item)) continue;
        const un = updateName(st, s, u), wn = updateName(st, s, w);
        const story = `${st.names[rd.host]} read ${st.itemNames[rd.item]} (read ${k + 1}) and saw ${un}, then wrote ${wn}`;
        if (!hasBit(vis, u)) {
          return { facts: [story, `${rn} has merged ${wn} but not ${un}`, whereIs(st, s, u)], replica: rn, updates: [un, wn] };
        }
        if (item === wu.item) {
          const order = node.order[item];
          if (order.indexOf(w) < order.indexOf(u)) {
            return { facts: [story, `${rn} orders ${wn} before ${un} on ${st.itemNames[item]}`, ...blameInversion(st, s, u, w)], replica: rn, updates: [un, wn] };
          }
        }
      }
    }
  }
  return true;
}

/*
 * A replica's verdict depends on no other input (node-memo.ts): a read recorded since constrains
 * only writes generated after it, and those cannot be merged at an unchanged replica.
 */

/** Checks one state (`memo` skips replicas that passed before and have not changed). */
export function checkWritesFollowReads(st: Statics, s: ReplicationState, memo: NodeMemo = new NodeMemo()): Verdict {
  if (s.reads.length === 0) return true;
  // (Issue 17) only the nodes the last step changed, when it started from the last state that passed
  const rList = memo.begin(s.nodes, undefined, s);
  for (let rAt = 0; rAt < rList.length; rAt++) {
    const r = rList[rAt];
    if (memo.skip(r)) continue;
    if (!s.nodes[r].member) { memo.remember(r); continue; }
    const v = checkReplica(st, s, r);
    if (v !== true) return v;
    memo.remember(r);
  }
  memo.done();
  return true;
}

/** The `writes-follow-reads` property (always). */
export function writesFollowReads(st: Statics): Property<ReplicationState> {
  // (Issue 17) The node fields its per-replica check reads.
  const memo = new NodeMemo(['member', 'order', 'objects', 'unselected']);
  return always('writes-follow-reads', (s) => checkWritesFollowReads(st, s, memo), {
    // (Issue 17) In the exhaustive search the parent passed: only the nodes the step replaced are checked.
    passesAfter: passesAfterWith(memo, (t) => checkWritesFollowReads(st, t, memo)),
    description: 'Writes follow reads (Terry et al. 1994): wherever a host\'s write goes, the updates its earlier reads saw are there and ordered before it.',
    antecedent: readThenWrite(),
  });
}
