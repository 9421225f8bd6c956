/**
 * monotonic-reads, a session guarantee (Terry et al. 1994), session = one node's user (seed 001
 * definition 3.1.7).
 *
 * In the project's words: whose view: the reading host's own replica at each read. The writes
 * *relevant* to a read are the updates it saw plus their happens-before predecessors (Terry's
 * RelevantWrites). For reads `R1` before `R2` at the same host, every write relevant to `R1` on
 * the item `R2` reads is seen by `R2`: a host never "goes back in time", also across items
 * (reading `x` after `y` shows at least the `x` updates that caused what `y` showed).
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import { type Bits, bitsOf, emptyBits, firstMissing, orInto, setBit } from './bitset.ts';
import { type Statics, updateName } from './context.ts';
import { explainChain, happensBefore, precedes } from './happens-before.ts';
import { itemUpdateBits } from './views.ts';
import type { ReadView, ReplicationState } from '../traces/replication.ts';
import { twoReads } from './antecedents.ts';

const memo = new WeakMap<ReadView[], Verdict>();

/** Checks one state (memoised per `reads` array: a read's verdict never changes afterwards). */
export function checkMonotonicReads(st: Statics, s: ReplicationState): Verdict {
  const hit = memo.get(s.reads);
  if (hit !== undefined) return hit;
  const n = s.updates.length;
  const hb = happensBefore(s.updates);
  const perItem = itemUpdateBits(st, s.updates);
  const relevant = new Map<number, Bits>();
  const firstSeenIn = new Map<string, number>();
  let verdict: Verdict = true;
  for (let k = 0; k < s.reads.length && verdict === true; k++) {
    const rd = s.reads[k];
    const acc = relevant.get(rd.host) ?? emptyBits(n);
    const seen = bitsOf(rd.seen.filter((u) => u < n), n);
    const u = firstMissing(acc, perItem[rd.item] ?? emptyBits(0), seen);
    if (u >= 0) {
      const hn = st.names[rd.host];
      const earlier = firstSeenIn.get(`${rd.host}:${u}`);
      const via = earlier !== undefined ? `read ${earlier + 1} saw ${updateName(st, s, u)}` : `an earlier read saw an update that ${updateName(st, s, u)} happened before`;
      const facts = [`${hn}'s read ${k + 1} of ${st.itemNames[rd.item]} does not see ${updateName(st, s, u)}, but ${via}`];
      if (earlier === undefined) {
        const cause = s.reads.slice(0, k).filter((r) => r.host === rd.host).flatMap((r) => r.seen).find((v) => v < n && (v === u || precedes(hb, u, v)));
        if (cause !== undefined) facts.push(...explainChain(st, s, u, cause));
      }
      verdict = { facts, replica: hn, updates: [updateName(st, s, u)] };
      break;
    }
    for (const v of rd.seen) {
      if (v >= n) continue;
      setBit(acc, v);
      orInto(acc, hb.anc[v]);
      if (!firstSeenIn.has(`${rd.host}:${v}`)) firstSeenIn.set(`${rd.host}:${v}`, k);
    }
    relevant.set(rd.host, acc);
  }
  memo.set(s.reads, verdict);
  return verdict;
}

/** The `monotonic-reads` property (always). */
export function monotonicReads(st: Statics): Property<ReplicationState> {
  return always('monotonic-reads', (s) => checkMonotonicReads(st, s), {
    description: 'Monotonic reads (Terry et al. 1994): a host\'s later read sees every update relevant to its earlier reads (what they saw and its causes).',
    antecedent: twoReads(),
  });
}
