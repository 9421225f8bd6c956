/**
 * The replica manager's local store operations (seed 001, 3.1; phase 5 "merging" of 3.2):
 * inserting an update's row into a data item's value sequence (logged in the application log,
 * once unless duplicate suppression is off) and arranging the sequence: committed updates
 * (Global ID at or below the store's cursor) first, in Global ID order, then the tentative ones
 * in the order the replica received or generated them. That is the Global ID merge; the
 * mechanism decides (mechanisms/merge-orders.ts: Bayou's roll back and replay, last writer wins,
 * delivery order). Every insertion also advances the replica manager's clocks.
 */
import type { Ctx } from './context.ts';
import { observe } from './mechanisms/clocks.ts';

/** Every update id merged into node `i`'s store. */
export function visibleSet(ctx: Ctx, i: number): Set<number> {
  const set = new Set<number>();
  for (const rows of ctx.rt(i).store.rows) for (const u of rows) set.add(u);
  return set;
}

/** True when `u` is committed at node `i`: it has a Global ID and the store's cursor has reached it. */
export function committedAt(ctx: Ctx, i: number, u: number): boolean {
  const g = ctx.s.updates[u].gid;
  return g > 0 && g <= ctx.rt(i).store.committed;
}

/**
 * Inserts `u` into node `i`'s value sequence for its item (appending: `arrange` places it).
 * An update already present is not inserted again unless duplicate suppression is off.
 * Returns true when a row was inserted.
 */
export function insertRow(ctx: Ctx, i: number, u: number, exactlyOnce = true): boolean {
  const store = ctx.rt(i).store;
  const item = ctx.s.updates[u].item;
  if (exactlyOnce && ctx.topo.knobs.duplicateSuppression && store.rows[item].includes(u)) return false;
  store.rows[item] = [...store.rows[item], u];
  store.log.push(u);
  observe(ctx, i, u);
  return true;
}

/** Arranges one item's value sequence at node `i`, as the mechanism merges. */
export function arrangeItem(ctx: Ctx, i: number, item: number): void {
  ctx.policy.arrange(ctx, i, item);
}

/** Arranges the given items, or every item when `items` is undefined (after the cursor advanced). */
export function arrange(ctx: Ctx, i: number, items?: Iterable<number>): void {
  const all = items ?? ctx.rt(i).store.rows.map((_, d) => d);
  for (const d of new Set(all)) arrangeItem(ctx, i, d);
}

/** Merges updates into node `i` (phase 5): inserts each, advances the cursor, arranges what changed. `exactlyOnce` false (issue 13): a batch relayed without de-duplication. */
export function merge(ctx: Ctx, i: number, updates: readonly number[], cursor?: number, exactlyOnce = true): void {
  const touched: number[] = [];
  for (const u of updates) if (insertRow(ctx, i, u, exactlyOnce)) touched.push(ctx.s.updates[u].item);
  const store = ctx.rt(i).store;
  const advanced = cursor !== undefined && cursor > store.committed;
  if (advanced) store.committed = cursor;
  arrange(ctx, i, advanced ? undefined : touched);
}
