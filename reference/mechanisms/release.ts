/**
 * Hold-back rules the IIRAs of servers apply to their Collection-VLDS (phase 4), shared by the
 * mechanisms: arrival order (no hold-back), causal release on the UT-DI's dependencies, causal
 * release on vector clocks (the classic causal-broadcast delivery test, at the MS whose replica
 * is full), and FIFO release (per-origin gaps only). Each is passes over the pending updates in
 * arrival order, releasing whatever is ready by then, until a pass releases nothing
 * (causality.ts `passRelease`): the result follows the rule and otherwise arrival order.
 */
import { passRelease } from '../causality.ts';
import type { Ctx } from '../context.ts';
import { committedAt } from '../replica.ts';

/** What an update's readiness is tested against: is `d` known here (before this step)? */
export type Known = (d: number) => boolean;

/** At a cell or zone: ordered there (its Propagation-Flag column) or committed there. */
export function knownAtServer(ctx: Ctx, i: number): Known {
  return (d) => ctx.rt(i).iira.flags.some((r) => r.update === d) || committedAt(ctx, i, d);
}

/** At the MS: the update has a Global ID. */
export function hasGid(ctx: Ctx): Known {
  return (d) => ctx.s.updates[d].gid > 0;
}

/** Everything, in arrival order. */
export function arrival(pending: readonly number[]): number[] {
  return [...pending];
}

/** Causal release: an update whose every dependency (UT-DI deps) is known or released earlier in the step. */
export function causalRelease(ctx: Ctx, pending: readonly number[], known: Known): number[] {
  return passRelease(pending, (u, released) => ctx.s.updates[u].deps.every((d) => released.has(d) || known(d)));
}

/** The updates of `origin` with sequence numbers 1..upTo. */
function originPrefix(ctx: Ctx, origin: number, upTo: number): number[] {
  const out: number[] = [];
  ctx.s.updates.forEach((r, w) => { if (r.origin === origin && r.seq <= upTo) out.push(w); });
  return out;
}

/** FIFO release: an update whose origin's earlier updates are all known or released earlier in the step. */
export function fifoRelease(ctx: Ctx, pending: readonly number[], known: Known): number[] {
  return passRelease(pending, (u, released) => {
    const r = ctx.s.updates[u];
    return originPrefix(ctx, r.origin, r.seq - 1).every((w) => released.has(w) || known(w));
  });
}

/**
 * Causal release on vector clocks: `u` is deliverable when, for every node `q`, the updates of
 * `q` its vector clock covers (for its own origin: the earlier ones) are known or released
 * earlier in the step. Needs updates stamped with vector clocks.
 */
export function vectorRelease(ctx: Ctx, pending: readonly number[], known: Known): number[] {
  return passRelease(pending, (u, released) => {
    const r = ctx.s.updates[u];
    const vc = r.clock.vector ?? [];
    return vc.every((c, q) => originPrefix(ctx, q, q === r.origin ? r.seq - 1 : c).every((w) => released.has(w) || known(w)));
  });
}
