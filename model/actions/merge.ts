/**
 * Phase 5 (merging, seed 001 3.2): inserting received updates into a replica. Shared by the
 * ReRU merge, the snapshot install, the peer exchange and local updates. An update already
 * present in the item's order is ignored (exactly-once) unless duplicate suppression is off;
 * each insertion is logged in `applied`; then the mechanism arranges every touched item (and,
 * when the cursor advanced, every held item, since updates may have become committed).
 */
import type { Draft } from '../state.ts';
import { appendId, joinIds, withOrder } from '../state.ts';
import type { Ctx } from './context.ts';

/** Options of {@link insertUpdates}. */
export interface InsertOptions {
  /** The replica's Global ID cursor after the insertion (default: unchanged). */
  committed?: number;
  /** Ignore updates on items the node does not hold (default true); false only for local writes. */
  heldOnly?: boolean;
  /** (Issue 13) Ignore updates already present (default: the knob `duplicateSuppression`); false for a batch relayed without de-duplication. */
  exactlyOnce?: boolean;
}

const NO_OPTIONS: InsertOptions = {};
/** What {@link insertUpdates} returns when nothing was inserted (shared: never edit it). */
const NOTHING: readonly number[] = Object.freeze([]) as readonly number[];

/**
 * Inserts `ids` (in the given order) into node `i`'s replica and returns the ids actually
 * inserted (a list the caller must not edit). Items the node does not hold are skipped.
 */
export function insertUpdates(ctx: Ctx, d: Draft, i: number, ids: readonly number[], opts: InsertOptions = NO_OPTIONS): readonly number[] {
  const topo = ctx.topo;
  const before = d.get(i);
  // (Issue 17) Each option read once: the callers' literals have five shapes (a megamorphic read).
  const suppress = topo.knobs.duplicateSuppression && opts.exactlyOnce !== false;
  const committed = opts.committed ?? before.committed;
  const heldOnly = opts.heldOnly !== false;
  let order = before.order;
  // (Issue 17) Both lists are made at the first insertion only.
  let inserted: number[] | undefined;
  let touched: number[] | undefined;
  for (const id of ids) {
    const item = d.updates[id]!.item;
    if (heldOnly && (!topo.holdsItem(before.objects, item) || before.unselected?.includes(item))) continue;
    const list = order[item]!;
    if (suppress && list.includes(id)) continue;
    if (order === before.order) order = order.slice();
    order[item] = appendId(list, id);
    if (inserted === undefined) {
      inserted = [id];
      touched = [item];
    } else {
      inserted.push(id);
      if (!touched!.includes(item)) touched!.push(item);
    }
  }
  const cursorMoved = committed !== before.committed;
  if (inserted === undefined && !cursorMoved) return NOTHING;
  const items = cursorMoved ? topo.itemsOf(before.objects) : touched!;
  for (const item of items) {
    const list = order[item]!;
    if (!list.length) continue;
    const arranged = ctx.mech.arrange(ctx.mctx, d.updates, i, list, committed);
    if (arranged !== list) {
      if (order === before.order) order = order.slice();
      order[item] = arranged as number[];
    }
  }
  if (order === before.order && inserted === undefined && !cursorMoved) return NOTHING;
  const n = d.node(i);
  n.order = order;
  if (inserted !== undefined) n.applied = joinIds(n.applied, inserted);
  n.committed = committed;
  return inserted ?? NOTHING;
}

/** Replaces node `i`'s order of `item` (used when an object is dropped). */
export function clearItem(d: Draft, i: number, item: number): void {
  const n = d.node(i);
  n.order = withOrder(n.order, item, []);
}
