/**
 * durability (issue 12; seed 001 def 3.1.12: the Propagation-Flag turns T when the level above
 * acknowledged the update; seed 002 13.2: checkpoint and recovery).
 *
 * In the project's words: an update its origin flagged T (`acked`: the level above acknowledged
 * it) is never lost: it eventually reaches the MS in every fair continuation, whatever crashes,
 * lost acknowledgements and partitions the budget allows, unless every node that held it was lost
 * for good (reported as "lost with mh3", not a violation). Committed updates (with a Global ID)
 * are never lost and never renumbered. Two engine properties of the family `durability`:
 *  - `durability` (always, the safety part and early witness): in every state each acknowledged
 *    update is *held* on its way to the MS: it has a Global ID, or a node that is not lost
 *    collects it or flags it F, or an RU instance carries it (fault-view.ts). One held nowhere
 *    can never reach the MS, so this refutes the liveness part at the step the update is lost.
 *    Committed updates keep their Global ID: the MS is write-ahead under every policy
 *    (model/README.md, "Faults"), and `no-duplicate-after-recovery` refutes a second Global ID.
 *  - `durability:eventually` (eventually, under weak fairness of the completing steps, recovery
 *    and healing among them): from every state where an acknowledged update has no Global ID and
 *    is not stranded on lost hosts, every fair path reaches a state where every acknowledged
 *    update has one (or is stranded on lost hosts). This is the issue's statement itself; it also
 *    catches an update that is held but can never be numbered (held back forever at a server, or
 *    behind a replacement server that nothing re-registers with).
 * Selecting `durability` (`--property durability`) selects both.
 *
 * (Stop 31, sweep 31a) Under the broken `flagOnSend` variant an origin flags T when it sends,
 * before any acknowledgement. Durability still asks only of acknowledged updates, so a send
 * lost to a crash there leaves durability vacuous; the loss is refuted by eventual-consistency,
 * ca-state and propagation-flag (whose subject that variant is).
 */
import { always, eventually, type Property, type Verdict } from '../src/engine/property.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { type Statics, updateName } from './context.ts';
import { faultsUsed, heldAt } from './fault-view.ts';
import { whereIs } from './views.ts';

export { faultsUsed };

function history(st: Statics, s: ReplicationState): string {
  const u = s.used;
  const down = s.nodes.flatMap((n, i) => (n.lost ? [`${st.names[i]} (lost)`] : n.down ? [`${st.names[i]} (down)`] : []));
  return `faults so far: ${u.crashes ?? 0} crash(es), ${u.losses ?? 0} lost acknowledgement(s), ${u.partitions ?? 0} partition(s), ${u.permanent ?? 0} host(s) lost for good${down.length ? `; now ${down.join(', ')}` : ''}`;
}

/** Checks one state (the safety part). */
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

/** The first acknowledged update without a Global ID that is not stranded on lost hosts, or -1. */
export function firstUnsecured(s: ReplicationState): number {
  for (let u = 0; u < s.updates.length; u++) {
    const up = s.updates[u]!;
    if (!up.acked || up.gid !== 0) continue;
    if (heldAt(s, u).at !== 'lost-with') return u;
  }
  return -1;
}

/** The `durability` family: the safety part (always) and the liveness part (eventually). */
export function durability(st: Statics): Property<ReplicationState>[] {
  const pending = (s: ReplicationState) => firstUnsecured(s) >= 0;
  return [
    always('durability', (s) => checkDurability(st, s), {
      description: 'Durability, safety part (issue 12; def 3.1.12, seed 002 13.2): an update its origin had acknowledged is always held on its way to the MS, unless only permanently lost hosts held it.',
      antecedent: {
        description: 'an acknowledged update after a fault',
        state: (s) => faultsUsed(s) > 0 && s.updates.some((u) => u.acked),
      },
    }),
    eventually('durability:eventually', (s): Verdict => {
      const u = firstUnsecured(s);
      if (u < 0) return true;
      return {
        get facts() {
          return [
            `${updateName(st, s, u)} was acknowledged (its flag turned T at ${st.names[s.updates[u]!.origin]}) and has no Global ID`,
            whereIs(st, s, u), history(st, s),
          ];
        },
        get updates() { return [updateName(st, s, u)]; },
      };
    }, {
      description: 'Durability (issue 12; def 3.1.12, seed 002 13.2, under weak fairness): an update its origin had acknowledged eventually reaches the MS (gets a Global ID) in every fair continuation, whatever faults the budget allows, unless every node that held it was lost for good.',
      trigger: pending,
      antecedent: {
        description: 'an acknowledged update not yet numbered after a fault',
        state: (s) => faultsUsed(s) > 0 && pending(s),
      },
    }),
  ];
}
