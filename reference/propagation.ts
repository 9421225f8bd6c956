/**
 * Phase 3, propagation (seed 001, 3.2 item 3 and 3.4.3 (i)-(iv)): the resident IIRA's `send`.
 * - RU up: a reachable member with F-flagged updates and no RU instance of its own still in
 *   existence retrieves them all (in flagging order), builds an RU-Propagation-VLDS (grouped by
 *   object, each update with its UT-DI: the send times of the earlier hops, as the RU that
 *   brought it carried them, plus this hop's) and addresses it to its current parent.
 * - ReRU down (issue 13: the child's cursor and objects as the server's metadata knows them,
 *   metadata.ts): a server whose cursor is ahead of a reachable member child's (with no ReRU to that
 *   child in existence and, under the snapshot guard, no IR instance to it either) ships the
 *   committed updates past the child's cursor on the items the child holds, in Global ID order,
 *   with its cursor; when there are none it sends nothing.
 * - IR: the Initial-Replication instance a join or an interest change created is filled with the
 *   Objects-Information-VLDS and the data of the selected objects; with the snapshot guard only
 *   when the server is not behind the host and no ReRU to the host exists.
 * The action must name exactly what the engine would ship (else it refuses, saying what).
 */
import type { ReplicationAction, VldsKind } from '../traces/replication.ts';
import { demand, refuse, sameList, type Ctx } from './context.ts';
import { createInstance, inFlight, requestMigration } from './iira.ts';
import type { InstanceRuntime } from './state.ts';
import { isServerKind } from './topology.ts';
import { groupByObject, type BodyEntry } from './vlds.ts';
import { committedAt } from './replica.ts';
import { isDown, linkBlocked } from './faults.ts';
import { cursorKnown, isChildOf, knownChildren, objectsKnown } from './metadata.ts';
import { metadataSnapshot } from './growing.ts';
import { sendPeer } from './peer.ts';
import { reruFilter } from './object-filter.ts';

type Send = Extract<ReplicationAction, { type: 'send' }>;

/**
 * Body entries for updates node `i` ships, each UT-DI's send times being the earlier hops' (as
 * the RU that brought the update to `i` carried them, {@link recordSendTimes}) plus this hop's.
 */
export function entries(ctx: Ctx, i: number, us: number[]): BodyEntry[] {
  const earlier = ctx.rt(i).iira.sendTimes;
  return us.map((u, pos) => {
    const r = ctx.s.updates[u];
    const before = earlier?.find((t) => t.update === u)?.sent ?? [];
    return { update: u, item: r.item, value: r.value, pos, tracking: { updateNumber: r.seq, origin: r.origin, generated: r.generated, sent: [...before, ctx.s.clock], gid: r.gid, clock: r.clock } };
  });
}

/**
 * A server keeps the send times an arriving RU's UT-DI carried for each update it collects (the
 * first arrival's), so that its own RU extends them by one hop (3.4.1: the UT-DI grow on the way up).
 */
export function recordSendTimes(ctx: Ctx, i: number, e: BodyEntry): void {
  const iira = ctx.rt(i).iira;
  const list = (iira.sendTimes ??= []);
  if (!list.some((t) => t.update === e.update)) list.push({ update: e.update, sent: [...e.tracking.sent] });
}

/** What node `i` would ship up now as RU (its F rows), or a reason it cannot. */
export function ruPayload(ctx: Ctx, i: number): number[] | string {
  const rt = ctx.rt(i);
  if (!rt.member) return `${ctx.ids[i]} is not a member`;
  if (!ctx.reachable(i)) return `${ctx.ids[i]} is disconnected`;
  if (i === ctx.topo.master) return 'the MS sends nothing up';
  const f = rt.iira.flags.filter((r) => r.flag === 'F').map((r) => r.update);
  if (f.length === 0) return `${ctx.ids[i]} has no F-flagged update`;
  const busy = inFlight(ctx, i, 'RU');
  if (busy.length) return `${ctx.ids[i]}'s RU instance ${ctx.instanceName(busy[0])} still exists`;
  return f;
}

/**
 * The children a server's ReRU stream feeds: zones of the MS, cells of a zone, and the hosts its
 * Hosts-Obj registers in the cell (issue 13; under the oracle: member hosts currently in it).
 */
export function childrenOf(ctx: Ctx, i: number): number[] {
  return knownChildren(ctx, i);
}

/** What server `i` would ship down to `c` as ReRU now, or a reason it cannot. */
export function reruPayload(ctx: Ctx, i: number, c: number): { updates: number[]; cursor: number; objects: number; base: number } | string {
  const from = ctx.rt(i);
  const to = ctx.rt(c);
  if (!isServerKind(ctx.topo.nodes[i].kind)) return `${ctx.ids[i]} is not a server`;
  if (!isChildOf(ctx, i, c)) return `${ctx.ids[c]} is not a member below ${ctx.ids[i]} (as ${ctx.ids[i]}'s metadata knows)`;
  if (!ctx.reachable(c)) return `${ctx.ids[c]} is disconnected`;
  if (isDown(ctx, i)) return `${ctx.ids[i]} is down`;
  const blocked = linkBlocked(ctx, i, c);
  if (blocked) return blocked;
  const known = cursorKnown(ctx, i, c);
  if (from.store.committed <= known) return `${ctx.ids[c]}'s acknowledged cursor ${known} is not behind ${ctx.ids[i]}'s ${from.store.committed}`;
  const busy = inFlight(ctx, i, 'ReRU', c);
  if (busy.length) return `ReRU instance ${ctx.instanceName(busy[0])} to ${ctx.ids[c]} still exists`;
  const ir = ctx.topo.knobs.snapshotGuard && ctx.s.instances.find((x) => x.vlds.kind === 'IR' && x.vlds.header.destination === c && !x.vlds.objectsInformation?.offerOnly);
  if (ir) return `${ctx.ids[c]} is being initialised by ${ctx.instanceName(ir)}: the ReRU stream waits for its snapshot`;
  const lo = known;
  const hi = from.store.committed;
  const gid = (u: number) => ctx.s.updates[u].gid;
  const objects = objectsKnown(ctx, i, c);
  // (Issue 13, cross-zone gap) A report from the host naming an object this server does not know
  // it holds is on its way (an IR of another cell installed it): the stream waits for it, else the
  // batch would move the host's cursor past that object's updates.
  if (ctx.topo.knobs.moveCursorGuard && !isServerKind(ctx.topo.nodes[c].kind)) {
    const report = ctx.s.instances.find((x) => x.vlds.kind === 'ROI' && x.vlds.header.sender === c && x.vlds.header.destination === i && (x.vlds.replicatedObjects!.objects & ~objects) !== 0);
    if (report) return `${ctx.ids[c]}'s report ${ctx.instanceName(report)} names objects ${ctx.ids[i]} does not know it holds: the ReRU stream waits for it`;
  }
  const updates = from.store.rows
    .flatMap((rows, d) => (objects & (1 << ctx.topo.items[d].object) ? rows : []))
    .filter((u) => gid(u) > lo && gid(u) <= hi)
    .sort((a, b) => gid(a) - gid(b));
  if (updates.length === 0) return `${ctx.ids[i]} has no committed update past ${ctx.ids[c]}'s cursor ${lo} on the items it holds`;
  return { updates, cursor: hi, objects, base: lo };
}

/** Why the IR instance cannot be served now, or undefined. */
export function irBlocked(ctx: Ctx, inst: InstanceRuntime): string | undefined {
  const { sender: i, destination: h } = inst.vlds.header;
  if (inst.state !== 'creating') return `${ctx.instanceName(inst)} was already sent`;
  if (!ctx.reachable(h)) return `${ctx.ids[h]} is disconnected`;
  if (isDown(ctx, i)) return `${ctx.ids[i]} is down`;
  if (ctx.topo.knobs.snapshotGuard) {
    const known = cursorKnown(ctx, i, h);
    if (ctx.rt(i).store.committed < known) return `snapshot guard: ${ctx.ids[i]} (cursor ${ctx.rt(i).store.committed}) is behind ${ctx.ids[h]} (acknowledged cursor ${known})`;
    // (Finding 10) Nor behind the Global ID the host's request named.
    const need = inst.vlds.objectsInformation?.need ?? 0;
    if (ctx.rt(i).store.committed < need) return `snapshot guard: ${ctx.ids[i]} (cursor ${ctx.rt(i).store.committed}) is behind what ${ctx.ids[h]} holds (Global ID ${need}, named by its request)`;
    const busy = inFlight(ctx, i, 'ReRU', h);
    if (busy.length) return `snapshot guard: ReRU instance ${ctx.instanceName(busy[0])} to ${ctx.ids[h]} still exists`;
  }
  return undefined;
}

/** Applies `send`. */
export function applySend(ctx: Ctx, a: Send): void {
  const i = ctx.node(a.from);
  const to = ctx.node(a.to);
  const listed = a.updates.map((n) => ctx.update(n));
  const kind: VldsKind = a.kind;
  if (kind === 'RU') {
    const p = ruPayload(ctx, i);
    if (typeof p === 'string') refuse(p);
    demand(to === ctx.rt(i).parent, `${a.from}'s RU goes to its parent ${ctx.ids[ctx.rt(i).parent]}, not ${a.to}`);
    demand(sameList(listed, p), `${a.from} would ship [${ctx.updateNames(p).join(', ')}], not [${a.updates.join(', ')}]`);
    const inst = createInstance(ctx, i, to, 'RU');
    checkName(ctx, inst, a.instance);
    inst.vlds.updates = groupByObject(entries(ctx, i, p), (d) => ctx.topo.items[d].object);
    requestMigration(ctx, inst);
    if (ctx.topo.knobs.flagOnSend) turnT(ctx, i, p);
  } else if (kind === 'ReRU') {
    const p = reruPayload(ctx, i, to);
    if (typeof p === 'string') refuse(p);
    demand(sameList(listed, p.updates), `${a.from} would ship [${ctx.updateNames(p.updates).join(', ')}] to ${a.to}, not [${a.updates.join(', ')}]`);
    const inst = createInstance(ctx, i, to, 'ReRU');
    checkName(ctx, inst, a.instance);
    inst.vlds.updates = groupByObject(entries(ctx, i, p.updates), (d) => ctx.topo.items[d].object);
    inst.vlds.cursor = p.cursor;
    // (Finding 10) The objects the batch was filtered on travel with it.
    const filter = reruFilter(ctx, to, p.objects);
    if (filter !== undefined) {
      inst.vlds.filter = filter;
      inst.vlds.base = p.base;
    }
    requestMigration(ctx, inst);
  } else if (kind === 'IR') {
    const inst = ctx.instance(a.instance);
    demand(inst.vlds.kind === 'IR' && inst.vlds.header.sender === i && inst.vlds.header.destination === to, `${a.instance} is not an IR instance from ${a.from} to ${a.to}`);
    const why = irBlocked(ctx, inst);
    if (why) refuse(why);
    const info = inst.vlds.objectsInformation!;
    const named = (a.objects ?? []).map((o) => ctx.object(o)).reduce((m, o) => m | (1 << o), 0);
    demand(named === info.selected, `${a.instance} carries objects [${ctx.objectNames(info.selected).join(', ')}], not [${(a.objects ?? []).join(', ')}]`);
    fillSnapshot(ctx, i, inst);
    const shipped = snapshotUpdates(ctx, info.data);
    demand(sameList(listed, shipped), `${a.instance} ships the data [${ctx.updateNames(shipped).join(', ')}], not [${a.updates.join(', ')}]`);
    requestMigration(ctx, inst);
  } else if (kind === 'PEER') {
    sendPeer(ctx, a);
  } else {
    refuse(`${kind} instances are not sent by a send step (ROI instances are created by the instances that execute)`);
  }
}

/**
 * Objects-Information-VLDS data: the committed part of the server's value sequences for the
 * selected objects' items (its trusted replica: what the cursor vouches for; the server's own
 * tentative updates reach the host later through the ReRU stream), and its cursor.
 */
export function snapshotData(ctx: Ctx, i: number, selected: number): number[][] {
  const store = ctx.rt(i).store;
  return ctx.topo.items.map((it, d) => (selected & (1 << it.object) ? store.rows[d].filter((u) => committedAt(ctx, i, u)) : []));
}

/** The updates a snapshot ships, in Global ID order (all are committed at the sender). */
export function snapshotUpdates(ctx: Ctx, data: number[][]): number[] {
  return data.flat().sort((a, b) => ctx.s.updates[a].gid - ctx.s.updates[b].gid);
}

/**
 * The objects whose data an IR instance for host `h` ships: the selection and, under the
 * snapshot guard, what the host already replicates too (so that installing the snapshot, which
 * moves the host's cursor to the server's, never skips updates on the host's other items).
 */
export function shippedObjects(ctx: Ctx, i: number, h: number, selected: number): number {
  return ctx.topo.knobs.snapshotGuard ? selected | objectsKnown(ctx, i, h) : selected;
}

/** Fills an IR instance's Objects-Information-VLDS from server `i`. */
export function fillSnapshot(ctx: Ctx, i: number, inst: InstanceRuntime): void {
  const info = inst.vlds.objectsInformation!;
  info.data = snapshotData(ctx, i, shippedObjects(ctx, i, inst.vlds.header.destination, info.selected));
  info.cursor = ctx.rt(i).store.committed;
  delete info.need;
  // (Issue 13) To a joining server the instance also carries the metadata objects (growing.ts).
  const h = inst.vlds.header.destination;
  if (isServerKind(ctx.topo.nodes[h].kind)) {
    const m = metadataSnapshot(ctx, i);
    if (m) info.metadata = m;
  }
}

function checkName(ctx: Ctx, inst: InstanceRuntime, name: string): void {
  const mine = ctx.instanceName(inst);
  demand(mine === name, `the new instance is ${mine}, not ${name}`);
}

/** Propagation-Flag: the shipped updates turn from F to T at node `i` (seed 001, def 3.1.12). */
export function turnT(ctx: Ctx, i: number, us: readonly number[]): void {
  const flags = ctx.rt(i).iira.flags;
  const shipped = new Set(us);
  const moved = flags.filter((r) => r.flag === 'F' && shipped.has(r.update));
  ctx.rt(i).iira.flags = [...flags.filter((r) => !(r.flag === 'F' && shipped.has(r.update))), ...moved.map((r) => ({ update: r.update, flag: 'T' as const }))];
}
