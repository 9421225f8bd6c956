/**
 * Environment actions (seed 001 3.1, 3.3, 3.5), each bounded by the configuration's `bounds`:
 * a host disconnects (a host failure counts as a disconnection) and reconnects; a mobile host
 * moves to another cell; a new host joins (its cell creates the Initial-Replication instance);
 * a host changes its replicated objects (Change-Replicated-Data: add an object with its related
 * objects through an IR instance, or drop one locally and report it upward with an ROI).
 * With the knob `recurringDisconnects`, a disconnection does not use up its budget, so a host may
 * disconnect and reconnect forever (the only environment behaviour that makes the graph cycle).
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { MOBILE } from '../topology.ts';
import type { Ctx } from './context.ts';
import { hasInstanceTo, reportedObjects } from './context.ts';
import { clearItem } from './merge.ts';
import { createPendingIR, reportRow } from './propagate.ts';
import { registerJoin, registeredAt } from './metadata.ts';
import { applyServerJoin, serverReady } from './growing.ts';
import type { Act } from './types.ts';
import { applySeedJoin, enumerateSeedChange, enumerateSeedJoin, seedOrder } from './initial-replication.ts';
import { dropPeerLinks } from './peer.ts';
import { snapshotNeed } from './handoff.ts';

/**
 * Environment actions of node `i`. With `pick` (random sampling) one random move and one random
 * interest change are listed. With `drain`, only those that can be drain actions (a reconnection,
 * the seed order's Change-Replicated-Data message): no join, disconnection, move or interest change.
 */
export function enumerateEnvironment(ctx: Ctx, s: ReplicationState, i: number, out: Act[], pick?: (n: number) => number, drain = false): void {
  const topo = ctx.topo;
  if (!topo.isHost(i)) return;
  const b = topo.config.bounds;
  const n = s.nodes[i]!;
  if (drain) {
    if (!n.member) return;
    if (!n.connected) out.push({ t: 'reconnect', node: i });
    if (seedOrder(ctx)) enumerateSeedChange(ctx, s, i, out);
    return;
  }
  if (!n.member) {
    // (Issue 13) A host of a joiner server joins once that server holds its full replica; a host that left never rejoins.
    if (topo.joiner[i] && !n.left && n.connected && s.used.joins < b.joins && serverReady(ctx, s, n.parent)) {
      if (seedOrder(ctx)) enumerateSeedJoin(ctx, s, i, out);
      else out.push({ t: 'join', node: i, objects: topo.interestMask[i]! });
    }
    return;
  }
  if (n.connected) {
    if (s.used.disconnects < b.disconnects) out.push({ t: 'disconnect', node: i });
  } else {
    out.push({ t: 'reconnect', node: i });
  }
  if (topo.kind[i] === MOBILE && s.used.moves < b.moves && topo.cellIndices.length > 1) {
    if (pick) {
      const k = pick(topo.cellIndices.length - 1);
      const c = topo.cellIndices[k]!;
      out.push({ t: 'move', node: i, to: c === n.parent ? topo.cellIndices[topo.cellIndices.length - 1]! : c });
    } else {
      for (const c of topo.cellIndices) if (c !== n.parent) out.push({ t: 'move', node: i, to: c });
    }
  }
  if (seedOrder(ctx)) {
    enumerateSeedChange(ctx, s, i, out);
    return;
  }
  if (n.connected && s.used.interestChanges < b.interestChanges && !hasInstanceTo(s.instances, i, 'IR')) {
    // (Issue 17) The possible changes as codes (2o: add o, 2o + 1: remove o), no action built
    // but the one listed (with `pick`, one of them: a drain sample looks at ~14 nodes a step).
    const changes = CHANGES;
    changes.length = 0;
    let registered: boolean | undefined; // (issue 17) asked once, not per object
    for (let o = 0; o < topo.objectCount; o++) {
      const bit = 1 << o;
      if (!(n.objects & bit)) {
        // (Issue 13) The Change-Replicated-Data message is served by a cell that has the host registered.
        if (!(registered ??= registeredAt(ctx, s, n.parent, i))) continue;
        changes.push(2 * o);
      } else if (!(requiredBy(ctx, n.objects & ~bit) & bit)) {
        changes.push(2 * o + 1);
      }
    }
    if (pick && changes.length) out.push(interestChange(i, changes[pick(changes.length)]!));
    else for (let k = 0; k < changes.length; k++) out.push(interestChange(i, changes[k]!));
  }
}

/** Scratch of {@link enumerateEnvironment} (enumeration is synchronous and not reentrant). */
const CHANGES: number[] = [];

/** The interest change of host `i` coded `c` (2o: add object o, 2o + 1: remove it). */
function interestChange(i: number, c: number): Act {
  const o = c >>> 1;
  return (c & 1) === 0 ? { t: 'interests', node: i, add: o, remove: -1 } : { t: 'interests', node: i, add: -1, remove: o };
}

/** Objects required by the Object-Related-Lists of the objects in `mask`. */
function requiredBy(ctx: Ctx, mask: number): number {
  let req = 0;
  for (let o = 0; o < ctx.topo.objectCount; o++) if (mask & (1 << o)) req |= ctx.topo.relatedMask[o]!;
  return req;
}

/** Applies an environment action. */
export function applyEnvironment(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'disconnect' | 'reconnect' | 'move' | 'join' | 'interests' }>): void {
  const topo = ctx.topo;
  switch (a.t) {
    case 'disconnect':
      // (Issue 11) Recurring disconnections leave the budget as it is: the graph cycles.
      if (!topo.knobs.recurringDisconnects) d.use('disconnects');
      d.node(a.node).connected = false;
      dropPeerLinks(ctx, d, a.node);
      return;
    case 'reconnect':
      d.node(a.node).connected = true;
      return;
    case 'move':
      d.use('moves');
      d.node(a.node).parent = a.to;
      dropPeerLinks(ctx, d, a.node);
      // (Issue 13) The host registers at its new cell: an ROI carrying its row and cursor.
      // (Stop 25, seed order) The row names the objects whose data it is owed with those it holds.
      if (!topo.knobs.oracle) reportRow(d, a.node, a.to, true, reportedObjects(topo, d.get(a.node)));
      return;
    case 'join':
      if (topo.isServer(a.node)) {
        applyServerJoin(ctx, d, a.node);
        return;
      }
      if (seedOrder(ctx)) {
        applySeedJoin(ctx, d, a);
        return;
      }
      d.use('joins');
      d.node(a.node).member = true;
      registerJoin(ctx, d, d.get(a.node).parent, a.node);
      createPendingIR(d, d.get(a.node).parent, a.node, a.objects);
      return;
    case 'interests': {
      d.use('interestChanges');
      const host = d.get(a.node);
      if (a.add >= 0) {
        createPendingIR(d, host.parent, a.node, topo.closure(1 << a.add) & ~host.objects, snapshotNeed(topo, d, a.node));
        return;
      }
      const bit = 1 << a.remove;
      for (const item of topo.objectItems[a.remove]!) clearItem(d, a.node, item);
      d.node(a.node).objects = host.objects & ~bit;
      if (topo.knobs.roiPropagation) reportRow(d, a.node, host.parent, !topo.knobs.oracle);
      return;
    }
  }
}
