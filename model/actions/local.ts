/**
 * Phase 2, local data updates (seed 001 3.2 item 2, definitions 3.1.5 and 3.1.7): a member node
 * writes one item it holds, without contacting anyone; a host's attempt on an infrequently
 * changed object is refused (single publisher, 3.2); reads are recorded for the session
 * guarantees.
 */
import type { ReplicationState, UpdateView } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { append, appendId } from '../state.ts';
import { CELL, MASTER, ZONE } from '../topology.ts';
import type { Ctx } from './context.ts';
import { visibleIds } from './context.ts';
import { insertUpdates } from './merge.ts';
import type { Act } from './types.ts';

/**
 * True when `node` may update `item` (default policy: infrequently changed objects only at the
 * MS; an object with a placed primary only at its primary, knob `primaryPlacement`).
 */
export function mayUpdate(ctx: Ctx, s: ReplicationState, node: number, item: number): boolean {
  if (ctx.mech.mayUpdate) return ctx.mech.mayUpdate(ctx.mctx, s, node, item);
  const primary = ctx.topo.primaryOf[ctx.topo.itemObject[item]!]!;
  if (primary >= 0) return node === primary;
  const infrequent = (ctx.topo.infrequentMask & (1 << ctx.topo.itemObject[item]!)) !== 0;
  return !infrequent || node === MASTER;
}

/**
 * (Issue 14) A write of `item` at `node` that `mayUpdate` forbids because the object's primary
 * is elsewhere and secondaries redirect: the primary's own writes stand for it (the forwarding
 * hop holds no state), so it is neither a write nor a refused attempt here.
 */
export function redirected(ctx: Ctx, node: number, item: number): boolean {
  const primary = ctx.topo.primaryOf[ctx.topo.itemObject[item]!]!;
  return primary >= 0 && primary !== node && ctx.topo.knobs.secondaryWrites !== 'reject';
}

/** True when `node` applies its own write of `item` at once: the mechanism applies locally, or `node` is the item's placed primary. */
export function appliesOwnWrite(ctx: Ctx, node: number, item: number): boolean {
  return ctx.mech.localApply !== false || ctx.topo.primaryOf[ctx.topo.itemObject[item]!] === node;
}

/**
 * Knob `waitOwnCommit` (formerly `eager`): true when node `i` has an own update that is not yet
 * committed at `i` itself, so its client's transaction has not returned and it can neither
 * write nor read (see mechanisms/README.md, "Design knobs").
 */
export function awaitingOwnCommit(ctx: Ctx, s: ReplicationState, i: number): boolean {
  if (!ctx.topo.knobs.waitOwnCommit || s.nodes[i]!.writes === 0) return false;
  const committed = s.nodes[i]!.committed;
  for (const u of s.updates) if (u.origin === i && (u.gid === 0 || u.gid > committed)) return true;
  return false;
}

/** True when update `id` is in every member replica that holds its item (eager propagation's condition for the write to return). */
export function mergedEverywhere(ctx: Ctx, s: ReplicationState, id: number): boolean {
  const item = s.updates[id]!.item;
  for (const n of s.nodes) {
    if (n.member && ctx.topo.holdsItem(n.objects, item) && !n.order[item]!.includes(id)) return false;
  }
  return true;
}

/**
 * Knob `propagation: eager` (issue 14): true when node `i` may not write or read `item` now
 * (`item` -1: any item): its own last write has not yet reached every replica holding its item
 * (the client's transaction has not returned), or an update of `item` is still on its way to
 * one (the item is locked until every replica has it, so no read is ever stale).
 */
export function eagerBlocked(ctx: Ctx, s: ReplicationState, i: number, item: number): boolean {
  if (ctx.topo.knobs.propagation !== 'eager') return false;
  for (let id = s.updates.length - 1; id >= 0; id--) {
    const u = s.updates[id]!;
    if ((u.origin === i || u.item === item) && !mergedEverywhere(ctx, s, id)) return true;
  }
  return false;
}

const eager = (ctx: Ctx) => ctx.topo.knobs.propagation === 'eager';

/**
 * Update and refused-attempt actions of node `i`; one refused attempt per node (its first
 * infrequent item). With `pick` (random sampling) only one random update is listed.
 */
export function enumerateWrites(ctx: Ctx, s: ReplicationState, i: number, out: Act[], pick?: (n: number) => number): void {
  const topo = ctx.topo;
  const n = s.nodes[i]!;
  if (!topo.writer[i] || !n.member || n.writes >= topo.config.bounds.updatesPerHost) return;
  if (awaitingOwnCommit(ctx, s, i) || eagerBlocked(ctx, s, i, -1)) return;
  const values = topo.config.bounds.values;
  let refusedAdded = s.refused >= topo.knobs.refusals;
  const writable: number[] = [];
  for (const item of topo.itemsOf(n.objects)) {
    if (n.unselected?.includes(item)) continue;
    if (eagerBlocked(ctx, s, i, item) || redirected(ctx, i, item)) continue;
    if (mayUpdate(ctx, s, i, item)) {
      if (pick) writable.push(item);
      else for (let v = 1; v <= values; v++) out.push({ t: 'update', node: i, item, value: v, seq: n.writes + 1 });
    } else if (!refusedAdded) {
      out.push({ t: 'refused', node: i, item });
      refusedAdded = true;
    }
  }
  if (pick && writable.length) {
    out.push({ t: 'update', node: i, item: writable[pick(writable.length)]!, value: 1 + pick(values), seq: n.writes + 1 });
  }
}

/** Read actions of host `i` (one per item it holds, or one random one with `pick`) while it has read budget. */
export function enumerateReads(ctx: Ctx, s: ReplicationState, i: number, out: Act[], pick?: (n: number) => number): void {
  const topo = ctx.topo;
  const bound = topo.config.bounds.reads;
  if (bound === 0 || !topo.isHost(i)) return;
  const n = s.nodes[i]!;
  if (!n.member) return;
  let done = 0;
  for (const r of s.reads) if (r.host === i) done++;
  if (done >= bound || awaitingOwnCommit(ctx, s, i) || eagerBlocked(ctx, s, i, -1)) return;
  const all = n.unselected ? topo.itemsOf(n.objects).filter((d) => !n.unselected!.includes(d)) : topo.itemsOf(n.objects);
  const items = eager(ctx) ? all.filter((it) => !eagerBlocked(ctx, s, i, it)) : all;
  if (pick) {
    if (items.length) out.push({ t: 'read', node: i, item: items[pick(items.length)]! });
    return;
  }
  for (const item of items) out.push({ t: 'read', node: i, item });
}

/**
 * A local write: a new update with deps = everything visible at the writer. A host keeps it
 * tentative and flags it F; a cell or zone puts it in its own collection (it is ordered with
 * what it collects); the MS commits it at once (next Global ID). With a mechanism whose
 * `localApply` is false, a node other than the MS does not insert its own write into its
 * replica (it arrives, committed, through the ReRU stream).
 */
export function applyUpdate(ctx: Ctx, s: ReplicationState, d: Draft, a: Extract<Act, { t: 'update' }>): void {
  const i = a.node;
  const before = d.get(i);
  const u: UpdateView = {
    origin: i,
    seq: before.writes + 1,
    item: a.item,
    value: a.value,
    deps: visibleIds(before.applied),
    gid: 0,
    stamp: ctx.mech.stamp(ctx.mctx, s, i, a.item),
  };
  const id = d.updates.length;
  const kind = ctx.topo.kind[i]!;
  if (kind === MASTER) u.gid = d.nextGid++;
  d.updates = append(d.updates, u);
  const n = d.node(i);
  n.writes = before.writes + 1;
  if (kind === MASTER) {
    insertUpdates(ctx, d, i, [id], { committed: u.gid, heldOnly: false });
  } else {
    if (appliesOwnWrite(ctx, i, a.item)) insertUpdates(ctx, d, i, [id], { heldOnly: false });
    const m = d.node(i);
    if (kind === ZONE || kind === CELL) m.collected = appendId(m.collected, id);
    else m.flagF = appendId(m.flagF, id);
  }
}

/** A refused attempt: nothing changes but the counter. */
export function applyRefused(d: Draft): void {
  d.refused++;
}

/** A read: records what the host's order for the item holds now. */
export function applyRead(d: Draft, a: Extract<Act, { t: 'read' }>): void {
  const n = d.get(a.node);
  d.reads = append(d.reads, { host: a.node, item: a.item, seen: n.order[a.item]!, writesBefore: n.writes });
}
