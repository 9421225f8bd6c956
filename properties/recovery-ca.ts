/**
 * recovery-ca (issue 12; seed 001 defs 3.1.8-3.1.11, seed 002 13.2.2 recovery).
 *
 * In the project's words (alwaysReachable): from every reachable state, a state is reachable in
 * which no node is down (hosts lost for good aside) and every member replica that is not lost is
 * in CA (ca-state.ts: its order equals the MS's on every item it holds, and it merged every update
 * on those items except the updates stranded on lost hosts, "lost with mh3"). Its antecedent: a
 * state after the last recovery of a crashed node (crashes happened and none is down now).
 */
import { alwaysReachable, type Property, type Verdict } from '../src/engine/property.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { caFailures } from './ca-state.ts';
import type { Statics } from './context.ts';
import { lostWithText, strandedOnLost } from './fault-view.ts';

/** The goal: nobody down but lost hosts, and every replica that is not lost in CA. */
export function checkRecoveredCA(st: Statics, s: ReplicationState): Verdict {
  for (let r = 0; r < s.nodes.length; r++) {
    const n = s.nodes[r]!;
    if (n.down && !n.lost) return { facts: [`${st.names[r]} is down`], replica: st.names[r] };
  }
  for (let r = 0; r < s.nodes.length; r++) {
    const n = s.nodes[r]!;
    if (!n.member || n.lost) continue;
    const facts = caFailures(st, s, r);
    if (facts.length) {
      const lost = [...strandedOnLost(s)].map((u) => lostWithText(st, s, u)).filter((x) => x);
      return { facts: lost.length ? [...facts, `not demanded: ${[...new Set(lost)].join('; ')}`] : facts, replica: st.names[r] };
    }
  }
  return true;
}

/** The `recovery-ca` property (alwaysReachable). */
export function recoveryCA(st: Statics): Property<ReplicationState> {
  return alwaysReachable('recovery-ca', (s) => checkRecoveredCA(st, s), {
    description: 'Recovery CA (issue 12; defs 3.1.8-3.1.11, seed 002 13.2.2): after the last recovery, CA state is reachable again for every replica that was not lost.',
    antecedent: {
      description: 'a state after a crashed node recovered',
      state: (s) => (s.used.crashes ?? 0) > 0 && !s.nodes.some((n) => n.down && !n.lost),
    },
  });
}
