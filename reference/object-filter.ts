/**
 * (Issue 13, model/README.md finding 10, knob `moveCursorGuard`) What a ReRU was filtered on.
 * Seed 001 3.4.3 filters a ReRU on the Hosts-Replicated-Objects-Obj row of its sender: the
 * objects the cell believes the host holds. After a move that belief can be outdated (the host
 * added an object at another cell, or moved back before an old batch arrived), so where a host
 * can both move and add an object the engine makes the belief explicit and checks it on arrival:
 * - the ReRU names the objects it was filtered on (the view's `objects` of a ReRU instance);
 * - the host merges a ReRU only from the cell it is registered at (no relay), and only when that
 *   filter covers every object it holds or awaits from an IR instance; any other batch is dropped
 *   unmerged (merging it, even without moving the cursor, would leave the host with updates on
 *   some objects past what it has on the others: a causal gap); the cell's stream resends;
 * - a Change-Replicated-Data request names the Global ID the snapshot must reach (the host's
 *   cursor, or a higher Global ID of another node's update it holds), kept as the IR instance's
 *   cursor until it is served; the snapshot guard waits for it;
 * - a host's own report sets the cursor its cell holds for it (the cell may hold a higher one,
 *   acknowledged for the objects it knew by its batch while the host was elsewhere).
 * Written from the finding's text; shares no code with the model.
 */
import type { Ctx } from './context.ts';
import { isServerKind } from './topology.ts';
import type { Vlds } from './vlds.ts';

/** True when these rules apply: `moveCursorGuard`, metadata (not the oracle), and hosts that may both move and add objects. */
export function objectFilterOn(ctx: Ctx): boolean {
  const b = ctx.topo.config.bounds;
  return ctx.topo.knobs.moveCursorGuard && !ctx.topo.knobs.oracle && b.interestChanges > 0 && b.moves > 0;
}

/** True when node `i` is a host (not a server). */
function isHost(ctx: Ctx, i: number): boolean {
  return !isServerKind(ctx.topo.nodes[i].kind);
}

/** The filter a ReRU from a server to node `c` names: `objects` for a host under the rules, else 0 (none named). */
export function reruFilter(ctx: Ctx, c: number, objects: number): number | undefined {
  return objectFilterOn(ctx) && isHost(ctx, c) ? objects : undefined;
}

/** The objects host `h` holds or awaits (the selection of an IR instance with data addressed to it). */
function heldOrAwaited(ctx: Ctx, h: number): number {
  let mask = ctx.rt(h).store.objects;
  for (const x of ctx.s.instances) {
    const info = x.vlds.objectsInformation;
    if (x.vlds.kind === 'IR' && x.vlds.header.destination === h && info && !info.offerOnly) mask |= info.selected;
  }
  return mask;
}

/** True when host `dest` drops ReRU `v` unmerged (see the header). */
export function dropsBatch(ctx: Ctx, dest: number, v: Vlds): boolean {
  if (!objectFilterOn(ctx) || !isHost(ctx, dest)) return false;
  if (ctx.rt(dest).parent !== v.header.sender || v.header.relay !== undefined) return true;
  return (heldOrAwaited(ctx, dest) & ~(v.filter ?? 0)) !== 0;
}

/** The Global ID host `h`'s Change-Replicated-Data request says the snapshot must reach (0 when the rules are off). */
export function snapshotNeed(ctx: Ctx, h: number): number {
  if (!objectFilterOn(ctx)) return 0;
  const store = ctx.rt(h).store;
  let need = store.committed;
  for (const rows of store.rows) {
    for (const u of rows) {
      const r = ctx.s.updates[u];
      if (r.origin !== h && r.gid > need) need = r.gid;
    }
  }
  return need;
}

/** True when a report of host `host` arriving from `from` sets the cursor its server holds for it. */
export function reportSetsCursor(ctx: Ctx, from: number, host: number): boolean {
  return objectFilterOn(ctx) && from === host;
}
