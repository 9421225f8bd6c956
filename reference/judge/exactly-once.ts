/**
 * The judge's exactly-once (spec "Protocol invariants": despite retried migrations and duplicated
 * deliveries, no replica applies an update twice; in a settled state every replica has applied
 * every update on its items once), read on the engine's application logs, value sequences and
 * Host Managers. Two insertions of one update count as applying it twice unless the replica
 * dropped the update's object in between (periods.ts): re-adding an object brings its history
 * again. An instance the Host Manager let execute twice applies its VLDS twice, so it counts too.
 */
import type { EngineState } from '../state.ts';
import { exemptUpdates, survivors } from './faults.ts';
import { holdsItem, nameOf, type RunScope } from './history.ts';
import { unsettled } from './convergence.ts';
import { droppedBetween, periodStart } from './periods.ts';

/** Facts of the first double application, or undefined. */
export function judgeExactlyOnce(j: RunScope, s: EngineState): string[] | undefined {
  const periods = j.periods;
  for (const r of survivors(s)) {
    const rid = j.ids[r];
    const { rows, log } = s.nodes[r].store;
    for (let d = 0; d < rows.length; d++) {
      const dup = rows[d].find((u, k) => rows[d].indexOf(u) !== k);
      if (dup !== undefined) return [`${rid}'s sequence for ${j.topo.items[d].id} holds ${nameOf(j, s, dup)} twice`];
    }
    const lastAt = new Map<number, number>();
    for (let q = 0; q < log.length; q++) {
      const u = log[q];
      const p = lastAt.get(u);
      const obj = j.topo.items[s.updates[u].item].object;
      if (p !== undefined && (!periods[r] || !droppedBetween(periods[r], obj, p, q, j.step))) {
        return [`${rid} applied ${nameOf(j, s, u)} twice (log entries ${p + 1} and ${q + 1})`];
      }
      lastAt.set(u, q);
    }
    const ran = s.nodes[r].hm.executed;
    const again = ran.find((x, k) => ran.indexOf(x) !== k);
    if (again !== undefined) return [`${rid} let instance ${again} execute twice`];
  }
  if (unsettled(j, s).length) return undefined;
  const exempt = exemptUpdates(s);
  for (const r of survivors(s)) {
    const log = s.nodes[r].store.log;
    for (let u = 0; u < s.updates.length; u++) {
      if (exempt.has(u) || !holdsItem(j, s, r, s.updates[u].item)) continue;
      const from = periods[r] ? periodStart(periods[r], j.topo.items[s.updates[u].item].object, j.step) : 0;
      if (!log.slice(from).includes(u)) return ['the state is settled', `${j.ids[r]} holds ${j.topo.items[s.updates[u].item].id} but has not applied ${nameOf(j, s, u)}`];
    }
  }
  return undefined;
}
