/**
 * lamport: each update's UT-DI carries a Lamport clock; the total order is (clock, origin). The
 * MSR-IIRA commits collected updates in key order, only while each is stable: no update with a
 * smaller key can still appear, i.e. (1) every generated update with a smaller key already has a
 * Global ID (or is committed earlier in this step), and (2) no writer with budget left can still
 * stamp a smaller key (its next key, one past its replica manager's Lamport clock, is larger).
 * The MS reads every writer's clock directly: the idealisation of "a later-stamped message has
 * arrived from every process". Cells and zones relay in arrival order; replicas keep the
 * committed prefix by Global ID and the tentative rest in key order; only stable updates travel,
 * so peers exchange nothing.
 */
import type { Ctx } from '../context.ts';
import { compareKeys, timeKey } from './clocks.ts';
import { rollbackReplay } from './merge-orders.ts';
import type { OrderingPolicy } from './policy.ts';
import { deliverNothing } from './peer-filters.ts';
import { arrival } from './release.ts';

/** Nodes allowed to write: the configured writers, else every node (members or not). */
function writers(ctx: Ctx): number[] {
  return ctx.topo.writers ? [...ctx.topo.writers] : ctx.topo.nodes.map((_, q) => q);
}

/** True when no update with a key below `c`'s can appear any more (`taken`: committed earlier in this step). */
export function stable(ctx: Ctx, c: number, taken: ReadonlySet<number>): boolean {
  const k = timeKey(ctx, c);
  const earlierPending = ctx.s.updates.some((w, id) => compareKeys(timeKey(ctx, id), k) < 0 && w.gid === 0 && !taken.has(id));
  if (earlierPending) return false;
  const budget = ctx.topo.config.bounds.updatesPerHost;
  return writers(ctx).every((q) => ctx.rt(q).writes >= budget || compareKeys([ctx.rt(q).clocks.lamport + 1, q], k) > 0);
}

/** What the MS commits: the collected updates in key order (ties: arrival), up to the first one that is not stable. */
export function lamportCommit(ctx: Ctx, pending: readonly number[]): number[] {
  const sorted = pending.map((u, pos) => ({ u, pos })).sort((a, b) => compareKeys(timeKey(ctx, a.u), timeKey(ctx, b.u)) || a.pos - b.pos);
  const taken = new Set<number>();
  const out: number[] = [];
  for (const { u } of sorted) {
    if (!stable(ctx, u, taken)) break;
    out.push(u);
    taken.add(u);
  }
  return out;
}

/** Lamport total order. */
export const lamport: OrderingPolicy = {
  name: 'lamport',
  description: 'total order by (Lamport clock, origin): the MS commits an update once no smaller key can appear',
  totalOrder: true,
  localApply: true,
  clock: 'lamport',
  holdBack: 'none is stable yet (an update with a smaller timestamp may still appear)',
  release: (_ctx, _i, pending) => arrival(pending),
  commit: lamportCommit,
  arrange: rollbackReplay,
  peer: () => deliverNothing(),
};
