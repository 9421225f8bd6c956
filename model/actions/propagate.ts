/**
 * Phase 3, propagation (seed 001 3.2 item 3, 3.4.3): the resident IIRA's `send`, which fuses
 * monitoring, retrieving, creating and the request to migrate (nothing observable can happen
 * inside one IIRA between them). Three kinds:
 * - RU up: a connected member with F-flagged updates and no RU instance of its own in flight
 *   sends them all to its parent (a host to its current cell, a cell to its zone, a zone to the MS);
 * - ReRU down: a server whose cursor is ahead of a connected child's sends the committed updates
 *   past the child's cursor on the items the child holds (none in flight to that child yet); the
 *   server knows the child's cursor and objects from its metadata (metadata.ts, issue 13);
 * - IR serve: an initial-replication instance created at a join or interest change is filled
 *   with the snapshot and sent (with the snapshot guard: only when the server is not behind the
 *   host and no ReRU to the host is in flight).
 */
import type { InstanceView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { copyInstance, EMPTY, joinIds, SENT_TRAIL } from '../state.ts';
import { MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';
import { committedSince, hasInstanceFrom, reachable } from './context.ts';
import type { Act } from './types.ts';
import { linkUp } from '../faults-policy.ts';
import { feedersOf, knownCursor, knownObjects } from './metadata.ts';
import { shippedMeta } from './growing.ts';
import { objectFilterOn } from './handoff.ts';
import { keptAlone } from './drain-index.ts';


const FEEDERS: number[] = [];

/** RU send of node `i` (if enabled). */
export function enumerateSendUp(ctx: Ctx, s: ReplicationState, i: number, out: Act[]): void {
  if (i === MASTER) return;
  const n = s.nodes[i]!;
  if (!n.member || !n.flagF.length || !reachable(s, ctx.topo, i)) return;
  if (hasInstanceFrom(s.instances, i, 'RU')) return;
  out.push({ t: 'send', from: i, to: n.parent, kind: 'RU', n: n.made + 1, objects: 0, ids: n.flagF, ups: s.updates });
}

/**
 * ReRU sends to node `c` from each server that feeds it (its parent; for a host, every cell whose
 * Hosts-Obj registers it), or the serving of an IR instance waiting for `c`. The server decides
 * from its metadata (metadata.ts): the cursor `c` acknowledged and the objects it reported.
 */
export function enumerateSendDown(ctx: Ctx, s: ReplicationState, c: number, out: Act[]): void {
  if (c === MASTER) return;
  const topo = ctx.topo;
  const child = s.nodes[c]!;
  if (!reachable(s, topo, c)) return;
  const guard = topo.knobs.snapshotGuard;
  let irWaiting = false;
  if (topo.isHost(c) || topo.joiner[c]) {
    for (const x of s.instances) {
      // (Issue 13, seed order) An offer carries no data: it neither waits to be served nor holds the stream back.
      if (x.to !== c || x.kind !== 'IR' || x.offer) continue;
      irWaiting = true;
      if (x.state === 'creating') enumerateServe(ctx, s, x, out);
    }
  }
  if (guard && irWaiting) return;
  if (!child.member) return;
  // One reused list (enumeration is synchronous and feedersOf is called nowhere in the loop).
  const feeders = FEEDERS;
  while (feeders.length) feeders.pop(); // (cheaper than setting `length`)
  // (Stop 41) Along a random walk the drain index may know that `c` has no feeder but its parent.
  feedersOf(ctx, s, c, feeders, keptAlone(ctx, s, c));
  for (let f = 0; f < feeders.length; f++) {
    const p = feeders[f]!;
    const server = s.nodes[p]!;
    if (server.down || !linkUp(s, c, p)) continue;
    const after = knownCursor(s, p, c);
    if (server.committed <= after || hasInstanceFrom(s.instances, p, 'ReRU', c)) continue;
    const known = knownObjects(ctx, s, p, c);
    if (topo.knobs.moveCursorGuard && topo.isHost(c) && reportPending(s, c, p, known)) continue;
    const ids = committedSince(topo, s, p, known, after, ctx.mech.totalOrder);
    if (!ids.length) continue;
    // (Finding 10) A ReRU to a host names the objects it was filtered on.
    const filter = topo.isHost(c) && objectFilterOn(topo) ? known : 0;
    out.push({ t: 'send', from: p, to: c, kind: 'ReRU', n: server.made + 1, objects: filter, ids, ups: s.updates });
  }
}

/**
 * (Issue 13, finding 10, `moveCursorGuard`) True when host `c` has a report (ROI) to server `p`
 * in flight naming an object `p` does not know it holds (`known`): an object added through an IR
 * from another cell after a move. A ReRU sent now would move the host's cursor past that
 * object's updates, so the stream waits for the report (as it waits for an IR).
 */
function reportPending(s: ReplicationState, c: number, p: number, known: number): boolean {
  for (const x of s.instances) if (x.from === c && x.to === p && x.kind === 'ROI' && (x.objects & ~known) !== 0) return true;
  return false;
}

/** The objects an IR instance's snapshot covers: the selection and, under the guard, what the server believes the host holds. */
function snapshotMask(ctx: Ctx, s: ReplicationState, x: InstanceView): number {
  return ctx.topo.knobs.snapshotGuard ? knownObjects(ctx, s, x.from, x.to) | x.objects : x.objects;
}

function enumerateServe(ctx: Ctx, s: ReplicationState, x: InstanceView, out: Act[]): void {
  const server = s.nodes[x.from]!;
  if (server.down) return;
  if (ctx.topo.knobs.snapshotGuard) {
    // (Finding 10) Not behind the host's cursor as it knows it, nor behind what the host's request named (`need`).
    if (server.committed < Math.max(knownCursor(s, x.from, x.to), x.need ?? 0) || hasInstanceFrom(s.instances, x.from, 'ReRU', x.to)) return;
  }
  const ids = committedSince(ctx.topo, s, x.from, snapshotMask(ctx, s, x), 0);
  out.push({ t: 'send', from: x.from, to: x.to, kind: 'IR', n: x.n, objects: x.objects, ids, ups: s.updates });
}

/** Applies a send. */
export function applySend(ctx: Ctx, s: ReplicationState, d: Draft, a: Extract<Act, { t: 'send' }>): void {
  if (a.kind === 'IR') {
    const k = d.findInstance(a.from, a.n);
    const x = d.instances[k]!;
    const server = d.get(a.from);
    const mask = snapshotMask(ctx, s, x);
    const snapshot = Array.from({ length: ctx.topo.itemCount }, () => EMPTY as number[]);
    for (const item of ctx.topo.itemsOf(mask)) {
      snapshot[item] = server.order[item]!.filter((id) => {
        const g = d.updates[id]!.gid;
        return g !== 0 && g <= server.committed;
      });
    }
    // (Issue 13) An IR to a joining server also ships the parent's metadata objects.
    const meta = ctx.topo.isServer(a.to) ? shippedMeta(server.meta) : undefined;
    const y = copyInstance(x);
    y.state = 'migrating';
    y.trail = [...x.trail, 'migrating'];
    y.snapshot = snapshot;
    y.cursor = server.committed;
    delete y.need;
    if (meta) y.meta = meta;
    d.setInstance(k, y);
    return;
  }
  const sender = d.node(a.from);
  sender.made = a.n;
  const x: InstanceView = {
    from: a.from, n: a.n, to: a.to, kind: a.kind, state: 'migrating', trail: SENT_TRAIL,
    updates: a.ids as number[], objects: a.kind === 'ReRU' ? a.objects : 0, snapshot: [], cursor: a.kind === 'ReRU' ? d.get(a.from).committed : 0,
    failures: 0, copies: 0,
  };
  // (Finding 10) A ReRU to a host names the cursor it starts after (with the objects it was filtered on).
  if (a.kind === 'ReRU' && ctx.topo.isHost(a.to) && objectFilterOn(ctx.topo)) x.base = knownCursor(s, a.from, a.to);
  d.addInstance(x);
  if (a.kind === 'RU' && ctx.topo.knobs.flagOnSend) {
    sender.flagT = joinIds(sender.flagT, sender.flagF);
    sender.flagF = EMPTY as number[];
  }
}

/**
 * Creates (and sends) an instance in one step: used by fused steps (ROI reports and forwarding).
 * `row` and `cursor` (issue 13, with metadata): the Hosts-Obj row an ROI reports and the host's cursor.
 */
export function createInstance(d: Draft, from: number, to: number, kind: InstanceView['kind'], objects: number, row?: InstanceView['row'], cursor = 0): void {
  const n = d.node(from);
  n.made += 1;
  d.addInstance({
    from, n: n.made, to, kind, state: 'migrating', trail: SENT_TRAIL,
    updates: [], objects, snapshot: [], cursor, failures: 0, copies: 0, ...(row ? { row } : {}),
  });
}

/**
 * (Issue 13) Host `h` reports its Hosts-Obj and Hosts-Replicated-Objects-Obj row to cell `to` with
 * an ROI instance (its objects, its cursor, the version being the instance's own number).
 * Under the oracle the instance carries only the objects, as before issue 13.
 */
export function reportRow(d: Draft, h: number, to: number, meta: boolean, objects = d.get(h).objects, added = 0, need?: number): void {
  const host = d.get(h);
  if (!meta) createInstance(d, h, to, 'ROI', objects);
  else createInstance(d, h, to, 'ROI', objects, { host: h, region: to, version: host.made + 1 }, host.committed);
  // (Issue 13, `initialReplication: seed`) A selection's report names the objects whose data is
  // owed and (finding 10, when given) the Global ID their snapshot must reach, as an interest change does.
  if (added) {
    const k = d.findInstance(h, d.get(h).made);
    const y = copyInstance(d.instances[k]!);
    y.added = added;
    if (need !== undefined) y.need = need;
    d.setInstance(k, y);
  }
}

/**
 * Creates an initial-replication instance at `server` for `host`, waiting to be served (state
 * creating). `need` (finding 10, when given): the Global ID the snapshot must reach; the snapshot
 * guard (`enumerateServe`) waits for it as for the host's acknowledged cursor. Both ways of
 * adding data name it: an interest change (environment.ts) and, in the seed's order, the
 * selection report the cell creates the data instance from (its `need`, execute.ts `forwardRoi`;
 * until ir24 that path named none: see model/README.md finding 10).
 */
export function createPendingIR(d: Draft, server: number, host: number, objects: number, need?: number): void {
  const n = d.node(server);
  n.made += 1;
  d.addInstance({
    from: server, n: n.made, to: host, kind: 'IR', state: 'creating', trail: ['monitoring', 'retrieving', 'creating'],
    updates: [], objects, snapshot: [], cursor: 0, failures: 0, copies: 0, ...(need !== undefined ? { need } : {}),
  });
}
