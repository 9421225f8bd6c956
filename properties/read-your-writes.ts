/**
 * read-your-writes, a session guarantee (Terry et al., "Session Guarantees for Weakly Consistent
 * Replicated Data", 1994), with the session being one node's user (seed 001 definition 3.1.7: "a
 * read is a database access that is executed locally on each host").
 *
 * In the project's words: whose view: the reading host's own replica at the moment of the read
 * (`ReadView.seen`). Every read of item `d` at host `h` sees every update `h` generated on `d`
 * before the read (those with `seq <= writesBefore`).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { updatesByOrigin } from './by-origin.ts';
import { listText, type Statics, updateName } from './context.ts';
import type { ReadView, ReplicationState } from '../traces/replication.ts';
import { readAfterOwnWrite } from './antecedents.ts';

const memo = new WeakMap<ReadView[], Verdict>();

/** Checks one state (memoised per `reads` array: a read's verdict never changes afterwards). */
export function checkReadYourWrites(st: Statics, s: ReplicationState): Verdict {
  const hit = memo.get(s.reads);
  if (hit !== undefined) return hit;
  let verdict: Verdict = true;
  const byOrigin = updatesByOrigin(s.updates);
  outer: for (let k = 0; k < s.reads.length; k++) {
    const rd = s.reads[k];
    for (const w of byOrigin.get(rd.host) ?? []) {
      const up = s.updates[w];
      if (up.seq > rd.writesBefore) break;
      if (up.item === rd.item && !rd.seen.includes(w)) {
        const hn = st.names[rd.host];
        verdict = {
          facts: [`${hn} wrote ${updateName(st, s, w)} to ${st.itemNames[rd.item]}, then read ${st.itemNames[rd.item]} (read ${k + 1}) and saw ${listText(st, s, rd.seen)}, without its own write`],
          replica: hn, updates: [updateName(st, s, w)],
        };
        break outer;
      }
    }
  }
  memo.set(s.reads, verdict);
  return verdict;
}

/** The `read-your-writes` property (always). */
export function readYourWrites(st: Statics): Property<ReplicationState> {
  return always('read-your-writes', (s) => checkReadYourWrites(st, s), {
    description: 'Read your writes (Terry et al. 1994; seed 001 def 3.1.7): a host\'s read of an item sees every update that host made to it earlier.',
    antecedent: readAfterOwnWrite(),
  });
}
