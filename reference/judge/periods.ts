/**
 * Holding periods along a run: a host may drop an object and add it back, and then legitimately
 * inserts that object's history a second time. The judge reads a replica's application log
 * against the run that produced it: for each log entry, the objects the replica held when the
 * step that wrote it ended, and the log positions at which it dropped each object. Servers
 * never drop objects; for them every entry counts.
 */
import type { EngineState } from '../state.ts';

/** A drop of an object: the log length then, the state's index, and (faults) the state whose crash rolled it back. */
export interface Drop {
  at: number;
  step: number;
  undone?: number;
}

/** True when drop `d` had happened, and was not rolled back, by state `step`. */
function inForce(d: Drop, step: number): boolean {
  return d.step <= step && (d.undone === undefined || d.undone > step);
}

/** One node's log entries with the mask held when each was written, and its drop points per object. */
export interface NodePeriods {
  /** `heldAt[q]`: the objects mask at the end of the step that wrote log entry `q`, with that step (a crash's rollback lets a later step write position `q` again). */
  heldAt: { step: number; mask: number }[][];
  /** `drops.get(k)`: when object `k` was dropped: the log length then, and the state's index (ascending). */
  drops: Map<number, Drop[]>;
}

/** Holding periods of every node over a run's states (`states[0]` the initial state); judging state `i` reads only what happened by then. */
export function periodsOf(states: readonly EngineState[]): NodePeriods[] {
  const last = states[states.length - 1];
  return last.nodes.map((_, r) => {
    const heldAt: { step: number; mask: number }[][] = [];
    let written = 0;
    const drops = new Map<number, Drop[]>();
    let prevMask = states[0].nodes[r].store.objects;
    for (const [step, s] of states.entries()) {
      const store = s.nodes[r].store;
      if (store.log.length < written) {
        // A crash restored a checkpoint (faults): the entries past it, and drops after it, are undone.
        written = store.log.length;
        for (const [k, list] of drops) drops.set(k, list.map((d) => (d.at > store.log.length && d.undone === undefined ? { ...d, undone: step } : d)));
      }
      for (let q = written; q < store.log.length; q++) (heldAt[q] ??= []).push({ step, mask: store.objects });
      written = store.log.length;
      const lost = prevMask & ~store.objects;
      for (let k = 0; lost >> k; k++) {
        if (lost & (1 << k)) drops.set(k, [...(drops.get(k) ?? []), { at: store.log.length, step }]);
      }
      prevMask = store.objects;
    }
    return { heldAt, drops };
  });
}

/** The objects mask node held when it wrote log entry `q`, as of state `step` (undefined when unknown). */
export function maskAt(pr: NodePeriods | undefined, q: number, step: number): number | undefined {
  const list = (pr?.heldAt[q] ?? []).filter((h) => h.step <= step);
  return list.length ? list[list.length - 1].mask : undefined;
}

/** True when the node dropped object `k` between its log positions `p` (exclusive) and `q` (inclusive), by state `step`. */
export function droppedBetween(pr: NodePeriods, k: number, p: number, q: number, step: number): boolean {
  return (pr.drops.get(k) ?? []).some((d) => inForce(d, step) && d.at > p && d.at <= q);
}

/** Where the node's log entries for object `k` since its last drop (by state `step`) start. */
export function periodStart(pr: NodePeriods, k: number, step: number): number {
  const d = (pr.drops.get(k) ?? []).filter((x) => inForce(x, step));
  return d.length ? d[d.length - 1].at : 0;
}
