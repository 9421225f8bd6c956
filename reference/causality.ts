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
 * released earlier in the same step: repeatedly the earliest-arrived ready one, which gives an
 * order consistent with causality and otherwise in arrival order (a stable topological order).
 */
export function stableRelease(pending: readonly number[], ready: (u: number, released: ReadonlySet<number>) => boolean): number[] {
  const out: number[] = [];
  const released = new Set<number>();
  const rest = [...pending];
  for (let progress = true; progress; ) {
    progress = false;
    for (let k = 0; k < rest.length; k++) {
      if (ready(rest[k], released)) {
        out.push(rest[k]);
        released.add(rest[k]);
        rest.splice(k, 1);
        progress = true;
        break;
      }
    }
  }
  return out;
}
