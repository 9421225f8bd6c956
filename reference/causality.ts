/**
 * Causality between updates, from what the replica managers recorded: `u -> v` when they share
 * an origin and `u` came first, or `u` was merged at `v`'s origin when `v` was generated (its
 * deps), or transitively. Used by the hold-back of cells and zones (their direct predecessors)
 * and of peer exchanges (the whole causal past).
 */
import type { EngineState } from './state.ts';

/** Direct causal predecessors of `v`: its deps and its origin's previous update. */
export function directPredecessors(s: EngineState, v: number): number[] {
  const r = s.updates[v];
  const prev = s.updates.findIndex((x) => x.origin === r.origin && x.seq === r.seq - 1);
  return prev >= 0 && !r.deps.includes(prev) ? [...r.deps, prev] : [...r.deps];
}

/** Every `u` with `u -> v` (strict causal past). */
export function causalPast(s: EngineState, v: number): Set<number> {
  const past = new Set<number>();
  const todo = directPredecessors(s, v);
  while (todo.length) {
    const u = todo.pop()!;
    if (past.has(u)) continue;
    past.add(u);
    todo.push(...directPredecessors(s, u));
  }
  return past;
}

/**
 * Releases from `pending` (in arrival order) the updates whose predecessors are all `known` or
 * released earlier in the same step: passes over the remaining updates in arrival order, each
 * releasing every update that is ready by then, until a pass releases nothing. The result is
 * consistent with causality and otherwise follows arrival order.
 */
export function passRelease(pending: readonly number[], ready: (u: number, released: ReadonlySet<number>) => boolean): number[] {
  const out: number[] = [];
  const released = new Set<number>();
  let rest = [...pending];
  for (let progress = true; progress; ) {
    progress = false;
    const left: number[] = [];
    for (const u of rest) {
      if (ready(u, released)) {
        out.push(u);
        released.add(u);
        progress = true;
      } else left.push(u);
    }
    rest = left;
  }
  return out;
}
