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
import { visibleBits, whereIs } from './views.ts';
import type { ReplicationState } from '../traces/replication.ts';

/** Checks one state. */
export function checkWritesFollowReads(st: Statics, s: ReplicationState): Verdict {
  if (s.reads.length === 0) return true;
  const byOrigin = updatesByOrigin(s.updates);
  for (let k = 0; k < s.reads.length; k++) {
    const rd = s.reads[k];
    const hn = st.names[rd.host];
    for (const w of byOrigin.get(rd.host) ?? []) {
      const wu = s.updates[w];
      if (wu.seq <= rd.writesBefore) continue;
      for (let r = 0; r < s.nodes.length; r++) {
        const node = s.nodes[r];
        if (!node.member) continue;
        const vis = visibleBits(node);
        if (!hasBit(vis, w)) continue;
        const rn = st.names[r];
        for (const u of rd.seen) {
          const item = s.updates[u]?.item;
          if (item === undefined || !st.holdsItem(node.objects, item)) continue;
          const un = updateName(st, s, u), wn = updateName(st, s, w);
          const story = `${hn} read ${st.itemNames[rd.item]} (read ${k + 1}) and saw ${un}, then wrote ${wn}`;
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
  }
  return true;
}

/** The `writes-follow-reads` property (always). */
export function writesFollowReads(st: Statics): Property<ReplicationState> {
  return always('writes-follow-reads', (s) => checkWritesFollowReads(st, s),
    'Writes follow reads (Terry et al. 1994): wherever a host\'s write goes, the updates its earlier reads saw are there and ordered before it.');
}
