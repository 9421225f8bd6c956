/**
 * Holding periods along a run: a host may drop an object and add it back, and then legitimately
 * inserts that object's history a second time. The judge reads a replica's application log
 * against the run that produced it: for each log entry, the objects the replica held when the
 * step that wrote it ended, and the log positions at which it dropped each object. Servers
 * never drop objects; for them every entry counts.
 */
import type { EngineState } from '../state.ts';

/** One node's log entries with the mask held when each was written, and its drop points per object. */
export interface NodePeriods {
  /** `heldAt[q]`: the objects mask at the end of the step that wrote log entry `q`. */
  heldAt: number[];
  /** `drops.get(k)`: when object `k` was dropped: the log length then, and the state's index (ascending). */
  drops: Map<number, { at: number; step: number }[]>;
}

/** Holding periods of every node over a run's states (`states[0]` the initial state); judging state `i` reads only what happened by then. */
export function periodsOf(states: readonly EngineState[]): NodePeriods[] {
  const last = states[states.length - 1];
  return last.nodes.map((_, r) => {
    const heldAt: number[] = [];
    const drops = new Map<number, { at: number; step: number }[]>();
    let prevMask = states[0].nodes[r].store.objects;
    for (const [step, s] of states.entries()) {
      const store = s.nodes[r].store;
      for (let q = heldAt.length; q < store.log.length; q++) heldAt.push(store.objects);
      const lost = prevMask & ~store.objects;
      for (let k = 0; lost >> k; k++) {
        if (lost & (1 << k)) drops.set(k, [...(drops.get(k) ?? []), { at: store.log.length, step }]);
      }
      prevMask = store.objects;
    }
    return { heldAt, drops };
  });
}

/** True when the node dropped object `k` between its log positions `p` (exclusive) and `q` (inclusive), by state `step`. */
export function droppedBetween(pr: NodePeriods, k: number, p: number, q: number, step: number): boolean {
  return (pr.drops.get(k) ?? []).some((d) => d.step <= step && d.at > p && d.at <= q);
}

/** Where the node's log entries for object `k` since its last drop (by state `step`) start. */
export function periodStart(pr: NodePeriods, k: number, step: number): number {
  const d = (pr.drops.get(k) ?? []).filter((x) => x.step <= step);
  return d.length ? d[d.length - 1].at : 0;
}
