/**
 * Phase 2, local data updates (seed 001 3.2 item 2, definitions 3.1.5 and 3.1.7): a member node
 * writes one item it holds, without contacting anyone; a host's attempt on an infrequently
 * changed object is refused (single publisher, 3.2); reads are recorded for the session
 * guarantees.
 */
import type { ReplicationState, UpdateView } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { append } from '../state.ts';
import { CELL, MASTER, ZONE } from '../topology.ts';
import type { Ctx } from './context.ts';
import { visibleIds } from './context.ts';
import { insertUpdates } from './merge.ts';
import type { Act } from './types.ts';

/** True when `node` may update `item` (default policy: infrequently changed objects only at the MS). */
export function mayUpdate(ctx: Ctx, s: ReplicationState, node: number, item: number): boolean {
  if (ctx.mech.mayUpdate) return ctx.mech.mayUpdate(ctx.mctx, s, node, item);
  const infrequent = (ctx.topo.infrequentMask & (1 << ctx.topo.itemObject[item]!)) !== 0;
  return !infrequent || node === MASTER;
}

/**
 * Eager propagation (knob `eager`): true when node `i` has an own update that is not yet
 * committed at `i` itself, so its client's transaction has not returned and it can neither
 * write nor read (see mechanisms/README.md, "Design knobs").
 */
export function awaitingOwnCommit(ctx: Ctx, s: ReplicationState, i: number): boolean {
  if (!ctx.topo.knobs.eager || s.nodes[i]!.writes === 0) return false;
  const committed = s.nodes[i]!.committed;
  for (const u of s.updates) if (u.origin === i && (u.gid === 0 || u.gid > committed)) return true;
  return false;
}

/**
 * Update and refused-attempt actions of node `i`; one refused attempt per node (its first
 * infrequent item). With `pick` (random sampling) only one random update is listed.
 */
export function enumerateWrites(ctx: Ctx, s: ReplicationState, i: number, out: Act[], pick?: (n: number) => number): void {
  const topo = ctx.topo;
  const n = s.nodes[i]!;
  if (!topo.writer[i] || !n.member || n.writes >= topo.config.bounds.updatesPerHost) return;
  if (awaitingOwnCommit(ctx, s, i)) return;
  const values = topo.config.bounds.values;
  let refusedAdded = s.refused >= topo.knobs.refusals;
  const writable: number[] = [];
  for (const item of topo.itemsOf(n.objects)) {
    if (n.unselected?.includes(item)) continue;
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
  if (done >= bound || awaitingOwnCommit(ctx, s, i)) return;
  const items = n.unselected ? topo.itemsOf(n.objects).filter((d) => !n.unselected!.includes(d)) : topo.itemsOf(n.objects);
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
    if (ctx.mech.localApply !== false) insertUpdates(ctx, d, i, [id], { heldOnly: false });
    const m = d.node(i);
    if (kind === ZONE || kind === CELL) m.collected = append(m.collected, id);
    else m.flagF = append(m.flagF, id);
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
