/**
 * How a replica manager arranges one data item's value sequence when it merges (phase 5), one
 * function per policy shape: the Global ID merge (committed prefix, then tentative rows in the
 * order the replica received or generated them), Bayou's roll back and replay (committed prefix,
 * then the tentative writes rolled back and replayed in timestamp order), last writer wins
 * (every row by timestamp), and delivery order (nothing moves). Each edits the store in place.
 */
import type { Ctx } from '../context.ts';
import { committedAt } from '../replica.ts';
import { byTime } from './clocks.ts';

/** The committed rows of node `i`'s sequence for `item` in Global ID order, and the tentative ones in place order. */
function split(ctx: Ctx, i: number, item: number): { committed: number[]; tentative: number[] } {
  const rows = ctx.rt(i).store.rows[item];
  const committed = rows.filter((u) => committedAt(ctx, i, u)).sort((a, b) => ctx.s.updates[a].gid - ctx.s.updates[b].gid);
  return { committed, tentative: rows.filter((u) => !committedAt(ctx, i, u)) };
}

/** Global ID merge: committed prefix by Global ID, then tentative rows in place order. */
export function gidMerge(ctx: Ctx, i: number, item: number): void {
  const { committed, tentative } = split(ctx, i, item);
  ctx.rt(i).store.rows[item] = [...committed, ...tentative];
}

/**
 * Roll back and replay: the committed prefix stays (by Global ID); the tentative writes are
 * undone (taken off the end of the sequence) and redone in timestamp order (stable: equal keys
 * keep their place). Replay does not re-log: the application log records insertions only.
 */
export function rollbackReplay(ctx: Ctx, i: number, item: number): void {
  const { committed, tentative } = split(ctx, i, item);
  const redo = [...tentative].sort(byTime(ctx)); // the undone suffix, redone in timestamp order
  ctx.rt(i).store.rows[item] = [...committed, ...redo];
}

/** Last writer wins: every row by timestamp and origin (stable), committed or not. */
export function timestampOrder(ctx: Ctx, i: number, item: number): void {
  ctx.rt(i).store.rows[item] = [...ctx.rt(i).store.rows[item]].sort(byTime(ctx));
}

/** Delivery order: the rows stay in the order the replica received or generated them. */
export function deliveryOrder(_ctx: Ctx, _i: number, _item: number): void {
  // nothing moves
}
