/**
 * What a peer exchange delivers (seed 001, 3.2: nearby publishers exchange recent updates), by
 * policy shape: everything the receiver lacks; nothing; causal delivery (an update whose causal
 * past on the receiver's items is applied there or delivered earlier in the exchange, looking
 * through dependencies on items the receiver does not hold, since the cause may travel on an
 * item only the sender holds); FIFO delivery (the origin's earlier updates on the receiver's
 * items only). Passes over the sender's order until one delivers nothing.
 */
import { passRelease } from '../causality.ts';
import type { Ctx } from '../context.ts';

/** Every candidate, in the sender's order. */
export function deliverAll(candidates: readonly number[]): number[] {
  return [...candidates];
}

/** Nothing (the mechanism has no peer exchange). */
export function deliverNothing(): number[] {
  return [];
}

/** Updates in `to`'s application log. */
function appliedAt(ctx: Ctx, to: number): Set<number> {
  return new Set(ctx.rt(to).store.log);
}

/** True when `u`'s causal past on the items `to` holds is visible (deps looked through on items it does not hold). */
function pastCovered(ctx: Ctx, to: number, u: number, visible: (p: number) => boolean): boolean {
  const todo = [...ctx.s.updates[u].deps];
  const looked = new Set<number>();
  while (todo.length) {
    const d = todo.pop()!;
    if (looked.has(d)) continue;
    looked.add(d);
    if (ctx.holds(to, ctx.s.updates[d].item)) {
      if (!visible(d)) return false;
    } else todo.push(...ctx.s.updates[d].deps);
  }
  return true;
}

/** Causal peer delivery. */
export function deliverCausally(ctx: Ctx, to: number, candidates: readonly number[]): number[] {
  const seen = appliedAt(ctx, to);
  return passRelease(candidates, (u, delivered) => pastCovered(ctx, to, u, (p) => seen.has(p) || delivered.has(p)));
}

/** FIFO peer delivery: the origin's earlier updates on items `to` holds are applied there or delivered earlier. */
export function deliverFifo(ctx: Ctx, to: number, candidates: readonly number[]): number[] {
  const seen = appliedAt(ctx, to);
  return passRelease(candidates, (u, delivered) => {
    const r = ctx.s.updates[u];
    return ctx.s.updates.every((w, k) => w.origin !== r.origin || w.seq >= r.seq || !ctx.holds(to, w.item) || seen.has(k) || delivered.has(k));
  });
}
