/**
 * durability (issue 12; seed 001 def 3.1.12: the Propagation-Flag turns T when the level above
 * acknowledged the update; seed 002 13.2: checkpoint and recovery).
 *
 * In the project's words: an update its origin had acknowledged (`acked`: its flag turned T once)
 * is never lost, whatever crashes, lost acknowledgements and partitions the budget allows, unless
 * every node that still held it was lost for good (reported as "lost with mh3", not a violation).
 * Decided as the safety form: in every state, each acknowledged update is *held* on its way to
 * the MS (it has a Global ID, or a node that is not lost collects it or flags it F, or an RU
 * instance carries it; see fault-view.ts). Held updates reach the MS in every fair continuation
 * (recovery and healing are fair steps); one held nowhere never can. Committed updates keep their
 * Global ID: the MS is write-ahead under every policy (model/README.md, "Faults"), and
 * `no-duplicate-after-recovery` refutes a second Global ID.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { type Statics, updateName } from './context.ts';
import { faultsUsed, heldAt } from './fault-view.ts';

export { faultsUsed };

function history(st: Statics, s: ReplicationState): string {
  const u = s.used;
  const down = s.nodes.flatMap((n, i) => (n.lost ? [`${st.names[i]} (lost)`] : n.down ? [`${st.names[i]} (down)`] : []));
  return `faults so far: ${u.crashes ?? 0} crash(es), ${u.losses ?? 0} lost acknowledgement(s), ${u.partitions ?? 0} partition(s), ${u.permanent ?? 0} host(s) lost for good${down.length ? `; now ${down.join(', ')}` : ''}`;
}

/** Checks one state. */
export function checkDurability(st: Statics, s: ReplicationState): Verdict {
  for (let u = 0; u < s.updates.length; u++) {
    const up = s.updates[u]!;
    if (!up.acked) continue;
    const h = heldAt(s, u);
    if (h.at !== 'nowhere') continue;
    const un = updateName(st, s, u);
    return {
      facts: [
        `${un} was acknowledged (its flag turned T at ${st.names[up.origin]}), but no node holds it any more: it has no Global ID, no node collects it or flags it F, and no RU instance carries it`,
        history(st, s),
      ],
      replica: st.names[up.origin], updates: [un],
    };
  }
  return true;
}

/** The `durability` property (always). */
export function durability(st: Statics): Property<ReplicationState> {
  return always('durability', (s) => checkDurability(st, s), {
    description: 'Durability (issue 12; def 3.1.12, seed 002 13.2): an update its origin had acknowledged is never lost, unless only permanently lost hosts held it.',
    antecedent: {
      description: 'an acknowledged update after a fault',
      state: (s) => faultsUsed(s) > 0 && s.updates.some((u) => u.acked),
    },
  });
}
