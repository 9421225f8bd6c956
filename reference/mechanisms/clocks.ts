/**
 * The clocks a mechanism's UT-DI carries, as the replica managers keep them. Each replica
 * manager keeps a Lamport clock (the highest Lamport time of any update it generated or merged)
 * and a vector clock (component-wise maximum of the vector clocks of those updates; component
 * `q` counts `q`'s updates in its causal past). Both advance on every own write and on every
 * insertion into the replica (the application log), so they summarise exactly
 * `past(i) = applied(i) ∪ own(i)` of the mechanisms' description. Physical time is a global time
 * that ticks once per write; the first writer's clock runs `clockSkew` ticks ahead.
 * The abstraction maps a clock onto `UpdateView.stamp`: `[L]`, `[t]`, or the vector clock as a
 * sparse list `[q1, c1, q2, c2, ...]` (node indices ascending, non-zero entries only).
 */
import type { Ctx } from '../context.ts';
import type { UpdateClock } from '../state.ts';
import type { Topology } from '../topology.ts';
import type { ClockKind } from './policy.ts';

/** The node whose physical clock is skewed: the lowest node index allowed to write. */
export function skewedWriter(topo: Topology): number {
  return topo.writers ? Math.min(...topo.writers) : 0;
}

/** Node `i`'s physical clock offset from the global time. */
export function physicalOffset(topo: Topology, i: number): number {
  return i === skewedWriter(topo) ? topo.knobs.clockSkew : 0;
}

/** The UT-DI clock of the update node `origin` is generating now as its `seq`-th (before it is recorded). */
export function stampUpdate(ctx: Ctx, kind: ClockKind, origin: number, seq: number): UpdateClock {
  const rc = ctx.rt(origin).clocks;
  switch (kind) {
    case 'lamport': return { lamport: rc.lamport + 1 };
    case 'physical': return { physical: ctx.s.updates.length + 1 + physicalOffset(ctx.topo, origin) };
    case 'vector': {
      const vector = [...rc.vector];
      vector[origin] = seq;
      return { vector };
    }
    default: return {};
  }
}

/** Node `i`'s replica manager takes update `u` into its clocks (own write or insertion). */
export function observe(ctx: Ctx, i: number, u: number): void {
  const rc = ctx.rt(i).clocks;
  const c = ctx.s.updates[u].clock;
  if (c.lamport !== undefined && c.lamport > rc.lamport) rc.lamport = c.lamport;
  if (c.vector) c.vector.forEach((x, q) => { if (x > rc.vector[q]) rc.vector[q] = x; });
}

/** The view's `stamp` of an update clock. */
export function stampView(c: UpdateClock): number[] {
  if (c.custom) return [...c.custom];
  if (c.lamport !== undefined) return [c.lamport];
  if (c.physical !== undefined) return [c.physical];
  if (c.vector) return c.vector.flatMap((x, q) => (x > 0 ? [q, x] : []));
  return [];
}

/** The total-order key of a timestamped update: (Lamport or physical time, origin). */
export function timeKey(ctx: Ctx, u: number): [number, number] {
  const r = ctx.s.updates[u];
  return [r.clock.lamport ?? r.clock.physical ?? 0, r.origin];
}

/** Compares two keys lexicographically. */
export function compareKeys(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Compares two updates by key (0 for equal keys: callers sort stably). */
export function byTime(ctx: Ctx): (a: number, b: number) => number {
  return (a, b) => compareKeys(timeKey(ctx, a), timeKey(ctx, b));
}
