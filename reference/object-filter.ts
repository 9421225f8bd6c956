/**
 * (Issue 13, model/README.md finding 10, knob `moveCursorGuard`) What a ReRU was filtered on.
 * Seed 001 3.4.3 filters a ReRU on the Hosts-Replicated-Objects-Obj row of its sender: the
 * objects the cell believes the host holds. After a move that belief can be outdated (the host
 * added an object at another cell, or moved back before an old batch arrived), so where a host
 * can both move and add an object the engine makes the belief explicit and checks it on arrival:
 * - the ReRU names the objects it was filtered on (the view's `objects` of a ReRU instance) and
 *   the cursor it starts after (`base`: the sender's acknowledged cursor for the host);
 * - the host merges a ReRU only from the cell it is registered at (no relay), only when that
 *   filter covers every object it holds, its base is not above the host's cursor, and no IR
 *   instance with data for the host exists; any other batch is dropped unmerged (merging it,
 *   even without moving the cursor, would leave the host with updates on some objects past what
 *   it has on the others: a causal gap, or a cursor over a gap); the cell's stream resends;
 * - a Change-Replicated-Data request names the Global ID the snapshot must reach (`need`: the
 *   host's cursor, or a higher Global ID of another node's update it holds); the snapshot guard
 *   waits for it; in the seed's order the request is the selection report naming owed data
 *   (initial-replication-seed.ts), and the cell's data instance takes the `need` it names;
 * - a host's own report sets the cursor its cell holds for it (the cell may hold a higher one,
 *   acknowledged for the objects it knew by its batch while the host was elsewhere).
 * Written from the finding's text; shares no code with the model.
 */
import type { Ctx } from './context.ts';
import { isServerKind } from './topology.ts';
import type { Vlds } from './vlds.ts';
import type { InstanceRuntime } from './state.ts';

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

/** True when host `h` awaits data: an IR instance (not an offer) addressed to it exists. */
function awaitsSnapshot(ctx: Ctx, h: number): boolean {
  return ctx.s.instances.some((x) => x.vlds.kind === 'IR' && x.vlds.header.destination === h && !x.vlds.objectsInformation?.offerOnly);
}

/** True when host `dest` drops ReRU `v` unmerged (see the header). */
export function dropsBatch(ctx: Ctx, dest: number, v: Vlds): boolean {
  if (!objectFilterOn(ctx) || !isHost(ctx, dest)) return false;
  if (ctx.rt(dest).parent !== v.header.sender || v.header.relay !== undefined) return true;
  const store = ctx.rt(dest).store;
  if ((v.base ?? 0) > store.committed || (store.objects & ~(v.filter ?? 0)) !== 0) return true;
  return awaitsSnapshot(ctx, dest);
}

/**
 * (Stop 25, seed order) True when ReRU `inst` must stay at its host, unexecuted, until the data
 * the host is owed has been installed: the host owes its selection's data to a cell other than
 * the batch's sender (it moved after reporting). Executing it would move the host's cursor past
 * updates of the owed objects the other cell's snapshot may not cover; dropping it would have the
 * sender resend it without end.
 */
export function awaitsOwedData(ctx: Ctx, inst: InstanceRuntime): boolean {
  const v = inst.vlds;
  const h = v.header.destination;
  if (v.kind !== 'ReRU' || !isHost(ctx, h) || !ctx.rt(h).store.owed || !objectFilterOn(ctx)) return false;
  // The cell that owes the data: where the selection report is going, or the data instance's sender.
  const owing = ctx.s.instances.find((x) => (x.vlds.kind === 'ROI' && x.vlds.header.sender === h && x.vlds.replicatedObjects?.owed)
    || (x.vlds.kind === 'IR' && x.vlds.header.destination === h && !x.vlds.objectsInformation?.offerOnly));
  if (!owing) return false;
  const cell = owing.vlds.kind === 'ROI' ? owing.vlds.header.destination : owing.vlds.header.sender;
  return cell !== v.header.sender;
}

/** The Global ID host `h`'s Change-Replicated-Data request says the snapshot must reach (undefined when the rules are off). */
export function snapshotNeed(ctx: Ctx, h: number): number | undefined {
  if (!objectFilterOn(ctx)) return undefined;
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
