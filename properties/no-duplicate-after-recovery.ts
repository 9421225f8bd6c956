/**
 * no-duplicate-after-recovery (issue 12; seed 002 13.2.2: after recovery "bound objects detect the
 * recovery and redo later interactions"; seed 001 3.4.3 duplicate suppression).
 *
 * In the project's words, in every state after a fault (crash, lost acknowledgement, partition,
 * permanent loss): redo has applied no update twice (no node's application log or per-item order
 * holds an update twice; a crash rolls a node's log back with its state, so re-applying after a
 * rollback is not a duplicate), and has given no update a second Global ID (the Global IDs in use
 * are exactly 1..nextGid-1: a number the MS handed out that no update carries any more was
 * overwritten by a second numbering). Decided on states (the view keeps each update's current
 * Global ID, and the MS's next one), so it needs no transition support from the engine.
 */
import { always, type Property, type Verdict } from '../src/engine/property.ts';
import type { ReplicationState } from '../traces/replication.ts';
import { type Statics, updateName } from './context.ts';
import { faultsUsed } from './durability.ts';

function firstRepeat(list: readonly number[]): number {
  if (list.length < 2) return -1;
  const seen = new Set<number>();
  for (const u of list) {
    if (seen.has(u)) return u;
    seen.add(u);
  }
  return -1;
}

/** Checks one state. */
export function checkNoDuplicate(st: Statics, s: ReplicationState): Verdict {
  if (faultsUsed(s) === 0) return true;
  const used = new Set<number>();
  for (const u of s.updates) if (u.gid !== 0) used.add(u.gid);
  for (let g = 1; g < s.nextGid; g++) {
    if (used.has(g)) continue;
    const again = s.updates.findIndex((u) => u.gid >= g);
    const un = again >= 0 ? updateName(st, s, again) : undefined;
    return {
      facts: [`the MS handed out Global ID ${g} but no update carries it any more: an update was numbered a second time after a fault${un ? ` (${un} now has Global ID ${s.updates[again]!.gid})` : ''}`],
      ...(un ? { updates: [un] } : {}),
    };
  }
  for (let i = 0; i < s.nodes.length; i++) {
    const n = s.nodes[i]!;
    let u = firstRepeat(n.applied);
    let where = 'application log';
    for (let d = 0; u < 0 && d < n.order.length; d++) {
      u = firstRepeat(n.order[d]!);
      where = `order of ${st.itemNames[d]}`;
    }
    if (u < 0) continue;
    const un = updateName(st, s, u);
    return { facts: [`${st.names[i]} has applied ${un} twice after a fault (its ${where} holds it twice)`], replica: st.names[i], updates: [un] };
  }
  return true;
}

/** The `no-duplicate-after-recovery` property (always). */
export function noDuplicateAfterRecovery(st: Statics): Property<ReplicationState> {
  return always('no-duplicate-after-recovery', (s) => checkNoDuplicate(st, s), {
    description: 'No duplicate after recovery (issue 12; seed 002 13.2.2, seed 001 3.4.3): redo never applies an update twice nor gives it a second Global ID.',
    antecedent: {
      description: 'a numbered update after a crashed node recovered',
      state: (s) => (s.used.crashes ?? 0) > 0 && !s.nodes.some((n) => n.down && !n.lost) && s.nextGid > 1,
    },
  });
}
