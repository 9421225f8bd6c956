/**
 * Phase 4, updates ordering (seed 001 3.2 item 4, 3.4.2): a cell or zone releases the collected
 * updates the mechanism lets go, in the mechanism's order, into its flag-F list (its IIRA then
 * sends them up as RU); the MS assigns consecutive Global IDs to the collected updates the
 * mechanism commits, in its order, and merges them into its replica (the ReRU stream's source).
 * One `order` step releases everything releasable at that moment (a deterministic choice: it
 * keeps the state space small and any subset order is reachable by interleaving arrivals).
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { copyUpdate, joinIds } from '../state.ts';
import { MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';
import { insertUpdates } from './merge.ts';
import type { Act } from './types.ts';

/** The order action of server `i` (if it has something releasable). */
export function enumerateOrder(ctx: Ctx, s: ReplicationState, i: number, out: Act[]): void {
  if (!ctx.topo.isServer(i)) return;
  const n = s.nodes[i]!;
  if (!n.collected.length) return;
  const ids = i === MASTER ? ctx.mech.commit(ctx.mctx, s, n.collected) : ctx.mech.release(ctx.mctx, s, i, n.collected);
  if (!ids.length) return;
  out.push({ t: 'order', node: i, ids, ups: s.updates, firstGid: i === MASTER ? s.nextGid : 0 });
}

/** `collected` minus one occurrence of each released id. */
function without(collected: readonly number[], released: readonly number[]): number[] {
  const left = collected.slice();
  for (const id of released) {
    const k = left.indexOf(id);
    if (k >= 0) left.splice(k, 1);
  }
  return left;
}

/** Applies an order step. */
export function applyOrder(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'order' }>): void {
  const n = d.node(a.node);
  n.collected = without(n.collected, a.ids);
  if (a.node !== MASTER) {
    n.flagF = joinIds(n.flagF, a.ids);
    return;
  }
  const updates = d.updates.slice();
  for (const id of a.ids) {
    const u = copyUpdate(updates[id]!);
    u.gid = d.nextGid++;
    updates[id] = u;
  }
  d.updates = updates;
  insertUpdates(ctx, d, MASTER, a.ids, { committed: d.nextGid - 1 });
}
