/**
 * Phase 3, propagation (seed 001 3.2 item 3, 3.4.3): the resident IIRA's `send`, which fuses
 * monitoring, retrieving, creating and the request to migrate (nothing observable can happen
 * inside one IIRA between them). Three kinds:
 * - RU up: a connected member with F-flagged updates and no RU instance of its own in flight
 *   sends them all to its parent (a host to its current cell, a cell to its zone, a zone to the MS);
 * - ReRU down: a server whose cursor is ahead of a connected child's sends the committed updates
 *   past the child's cursor on the items the child holds (none in flight to that child yet);
 * - IR serve: an initial-replication instance created at a join or interest change is filled
 *   with the snapshot and sent (with the snapshot guard: only when the server is not behind the
 *   host and no ReRU to the host is in flight).
 */
import type { InstanceView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { EMPTY } from '../state.ts';
import { MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';
import { committedSince, hasInstanceFrom, hasInstanceTo, reachable } from './context.ts';
import type { Act } from './types.ts';
import { linkUp } from '../faults-policy.ts';

/** The trail of an instance when it starts migrating. */
const SENT_TRAIL: InstanceView['trail'] = ['monitoring', 'retrieving', 'creating', 'migrating'];

/** RU send of node `i` (if enabled). */
export function enumerateSendUp(ctx: Ctx, s: ReplicationState, i: number, out: Act[]): void {
  if (i === MASTER) return;
  const n = s.nodes[i]!;
  if (!n.member || !n.flagF.length || !reachable(s, ctx.topo, i)) return;
  if (hasInstanceFrom(s.instances, i, 'RU')) return;
  out.push({ t: 'send', from: i, to: n.parent, kind: 'RU', n: n.made + 1, objects: 0, ids: n.flagF, ups: s.updates });
}

/** ReRU send from node `c`'s parent to `c`, or the serving of an IR instance waiting for `c`. */
export function enumerateSendDown(ctx: Ctx, s: ReplicationState, c: number, out: Act[]): void {
  if (c === MASTER) return;
  const topo = ctx.topo;
  const child = s.nodes[c]!;
  if (!child.member || !reachable(s, topo, c)) return;
  const guard = topo.knobs.snapshotGuard;
  let irWaiting = false;
  if (topo.isHost(c)) {
    for (const x of s.instances) {
      if (x.to !== c || x.kind !== 'IR') continue;
      irWaiting = true;
      if (x.state === 'creating') enumerateServe(ctx, s, x, out);
    }
  }
  if (guard && irWaiting) return;
  const p = child.parent;
  const server = s.nodes[p]!;
  if (server.down || !linkUp(s, c, p)) return;
  if (server.committed <= child.committed || hasInstanceFrom(s.instances, p, 'ReRU', c)) return;
  const ids = committedSince(topo, s, p, child.objects, child.committed, ctx.mech.totalOrder);
  if (!ids.length) return;
  out.push({ t: 'send', from: p, to: c, kind: 'ReRU', n: server.made + 1, objects: 0, ids, ups: s.updates });
}

function snapshotMask(ctx: Ctx, s: ReplicationState, x: InstanceView): number {
  const host = s.nodes[x.to]!;
  return ctx.topo.knobs.snapshotGuard ? host.objects | x.objects : x.objects;
}

function enumerateServe(ctx: Ctx, s: ReplicationState, x: InstanceView, out: Act[]): void {
  const host = s.nodes[x.to]!;
  const server = s.nodes[x.from]!;
  if (server.down) return;
  if (ctx.topo.knobs.snapshotGuard) {
    if (server.committed < host.committed || hasInstanceTo(s.instances, x.to, 'ReRU')) return;
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
    d.setInstance(k, { ...x, state: 'migrating', trail: [...x.trail, 'migrating'], snapshot, cursor: server.committed });
    return;
  }
  const sender = d.node(a.from);
  sender.made = a.n;
  d.addInstance({
    from: a.from, n: a.n, to: a.to, kind: a.kind, state: 'migrating', trail: SENT_TRAIL,
    updates: a.ids as number[], objects: 0, snapshot: [], cursor: a.kind === 'ReRU' ? d.get(a.from).committed : 0,
    failures: 0, copies: 0,
  });
  if (a.kind === 'RU' && ctx.topo.knobs.flagOnSend) {
    sender.flagT = sender.flagT.concat(sender.flagF);
    sender.flagF = EMPTY as number[];
  }
}

/** Creates (and sends) an instance in one step: used by fused steps (ROI forwarding). */
export function createInstance(d: Draft, from: number, to: number, kind: InstanceView['kind'], objects: number): void {
  const n = d.node(from);
  n.made += 1;
  d.addInstance({
    from, n: n.made, to, kind, state: 'migrating', trail: SENT_TRAIL,
    updates: [], objects, snapshot: [], cursor: 0, failures: 0, copies: 0,
  });
}

/** Creates an initial-replication instance at `server` for `host`, waiting to be served (state creating). */
export function createPendingIR(d: Draft, server: number, host: number, objects: number): void {
  const n = d.node(server);
  n.made += 1;
  d.addInstance({
    from: server, n: n.made, to: host, kind: 'IR', state: 'creating', trail: ['monitoring', 'retrieving', 'creating'],
    updates: [], objects, snapshot: [], cursor: 0, failures: 0, copies: 0,
  });
}
