/**
 * Fault actions (issue 12; seed 002 13.2 checkpoint and recovery, seed 001 3.1 failures), each
 * bounded by the configuration's `faults` budgets: a node crashes (it keeps what its checkpoint
 * policy persisted, see faults-policy.ts) and recovers in place; a host is lost for good; the
 * Host Manager acknowledges a transfer whose instance then never arrives (a lost
 * acknowledgement); the link between a cell or zone and its parent is cut and heals; a cell or
 * zone takes a joint checkpoint with its parent (13.2.1). Redo after recovery is the protocol's
 * own: the parent's ReRU stream resumes from the child's (rolled back) cursor, children re-send
 * what they still flag F, and duplicates are suppressed by update id and instance name.
 */
import type { InstanceView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { copyUpdate } from '../state.ts';
import { CELL, ZONE } from '../topology.ts';
import {
  checkpointsAfterExecute, faultFacts, isUp, keepsCheckpoint, linkUp, neighboursOf, persistsArrivals, recoversOnReplacement, snapshotOf,
  survivingSnapshot,
} from '../faults-policy.ts';
import type { Ctx } from './context.ts';
import { reportedObjects } from './context.ts';
import { setAcked } from './metadata.ts';
import { announceServer } from './growing.ts';
import type { Act } from './types.ts';
import { dropPeerLinks } from './peer.ts';
import { spreadRoi } from './roi-spread.ts';

/** Fault actions attributed to node `i` (its crash, recovery, loss, link, joint checkpoint). */
export function enumerateFaults(ctx: Ctx, s: ReplicationState, i: number, out: Act[]): void {
  const f = faultFacts(ctx.topo);
  if (!f) return;
  const n = s.nodes[i]!;
  const used = s.used;
  if (n.down) {
    if (!n.lost) out.push({ t: 'recover', node: i });
  } else if (f.crashable[i] && n.member) {
    if ((used.crashes ?? 0) < f.config.crashes) out.push({ t: 'crash', node: i });
    if (ctx.topo.isHost(i) && (used.permanent ?? 0) < f.config.permanent) out.push({ t: 'loseHost', node: i });
  }
  if (n.rebind && !n.down && f.config.reregister !== false) {
    // (Seed 002 13.2.2) A neighbour re-registers with the replacement once a message can pass:
    // it is up (a host connected) and the link between them is not cut.
    for (const j of n.rebind) {
      const m = s.nodes[j]!;
      if (m.down || (ctx.topo.isHost(j) && !m.connected) || (n.cut && n.parent === j) || (m.cut && m.parent === i)) continue;
      out.push({ t: 'reregister', node: i, with: j });
    }
  }
  if (f.cuttable[i]) {
    if (n.cut) out.push({ t: 'heal', node: i });
    else if ((used.partitions ?? 0) < f.config.partitions) out.push({ t: 'cut', node: i });
  }
  if (f.config.joint && !n.down && (ctx.topo.kind[i] === CELL || ctx.topo.kind[i] === ZONE)) {
    const p = n.parent;
    if (!keepsCheckpoint(f.policy[i]!) || !keepsCheckpoint(f.policy[p]!) || !isUp(s, p)) return;
    if (f.config.jointQuiescence && s.instances.some((x) => (x.from === i && x.to === p) || (x.from === p && x.to === i))) return;
    const pn = s.nodes[p]!;
    if (sameAsLive(n.checkpoint, n, p) && sameAsLive(pn.checkpoint, pn, i)) return;
    out.push({ t: 'ckpt', node: i, with: p });
  }
}

function sameAsLive(c: ReturnType<typeof snapshotOf> | undefined, n: ReplicationState['nodes'][number], withNode: number): boolean {
  if (!c || c.with !== withNode) return false;
  return JSON.stringify(c) === JSON.stringify(snapshotOf(n, withNode));
}

/** True when a lost acknowledgement of instance `x` is possible now. */
export function canLose(ctx: Ctx, s: ReplicationState, x: InstanceView): boolean {
  const f = faultFacts(ctx.topo);
  // (Issue 13) Nor a seed-order selection report (`added`): losing it would strand the initial replication like losing an IR.
  return !!f && x.kind !== 'IR' && !x.added && (s.used.losses ?? 0) < f.config.losses;
}

/** Marks the updates of `ids` whose origin is `from` as acknowledged (history, for `durability`). */
export function markAcked(ctx: Ctx, d: Draft, from: number, ids: readonly number[]): void {
  if (!ctx.topo.config.faults) return;
  let updates: typeof d.updates | undefined;
  for (const id of ids) {
    const u = d.updates[id]!;
    if (u.origin !== from || u.acked) continue;
    updates ??= d.updates.slice();
    const acked = copyUpdate(u);
    acked.acked = true;
    updates[id] = acked;
  }
  if (updates) d.updates = updates;
}

/** After node `i` executed an instance: the checkpoint its policy takes then (on-ack, every-k). */
export function checkpointAfterExecute(ctx: Ctx, d: Draft, i: number): void {
  const f = faultFacts(ctx.topo);
  if (!f || !checkpointsAfterExecute(f, i, d.get(i).executed.length)) return;
  const n = d.node(i);
  n.checkpoint = snapshotOf(n);
}

/** Applies a fault action. */
export function applyFault(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'crash' | 'recover' | 'reregister' | 'ckpt' | 'lose' | 'loseHost' | 'cut' | 'heal' }>): void {
  const f = faultFacts(ctx.topo)!;
  switch (a.t) {
    case 'crash': {
      d.use('crashes');
      const before = d.get(a.node);
      const keep = survivingSnapshot(ctx.topo, f, before, a.node);
      const n = d.node(a.node);
      n.objects = keep.objects; n.order = keep.order; n.applied = keep.applied; n.flagF = keep.flagF; n.flagT = keep.flagT;
      n.collected = keep.collected; n.committed = keep.committed; n.executed = keep.executed;
      n.down = true;
      delete n.rebind;
      const arrivalsSurvive = persistsArrivals(f.policy[a.node]!);
      dropInstances(d, (x) => (x.from === a.node && x.state === 'migrating' && (x.kind === 'RU' || x.kind === 'ReRU'))
        || (x.to === a.node && x.state === 'executing' && !arrivalsSurvive));
      dropPeerLinks(ctx, d, a.node);
      return;
    }
    case 'recover': {
      const n = d.node(a.node);
      delete n.down;
      // (Issue 13) A joined server announces itself again (growing.ts).
      announceServer(ctx, d, a.node);
      // (Seed 002 13.2.2) On a replacement: the same persistent state (from the checkpoint
      // storage), but every neighbour must re-register before anything passes between them
      // (the re-registrations carry the cursors, below).
      if (recoversOnReplacement(ctx.topo, a.node)) {
        const pending = neighboursOf(Array.from({ length: ctx.topo.nodeCount }, (_, j) => d.get(j)), a.node);
        if (pending.length) n.rebind = pending;
        return;
      }
      // (Issue 13) Recovered in place, the node re-registers its (restored) cursor at its parent;
      // a host's re-registration supersedes the reports it sent before the crash (below).
      const r = d.get(a.node);
      if (r.parent < 0) return;
      if (ctx.topo.isHost(a.node)) reregisterHost(ctx, d, a.node);
      setAcked(d, r.parent, a.node, r.committed);
      return;
    }
    case 'reregister': {
      const n = d.node(a.node);
      const rest = n.rebind!.filter((j) => j !== a.with);
      if (rest.length) n.rebind = rest;
      else delete n.rebind;
      // (Issue 13) The re-registration carries the child's cursor to its (replacement) server:
      // a child of the replacement tells it its cursor; the replacement tells its parent its own.
      const other = d.get(a.with);
      if (other.parent === a.node) setAcked(d, a.node, a.with, other.committed);
      else if (n.parent === a.with) setAcked(d, a.with, a.node, d.get(a.node).committed);
      return;
    }
    case 'loseHost': {
      d.use('permanent');
      const n = d.node(a.node);
      n.down = true;
      n.lost = true;
      // A host lost for good never re-registers with a replacement.
      for (let i = 0; i < ctx.topo.nodeCount; i++) {
        const r = d.get(i).rebind;
        if (!r?.includes(a.node)) continue;
        const rest = r.filter((j) => j !== a.node);
        if (rest.length) d.node(i).rebind = rest;
        else delete d.node(i).rebind;
      }
      dropInstances(d, (x) => (x.from === a.node && x.state !== 'executing') || x.to === a.node);
      return;
    }
    case 'cut':
      d.use('partitions');
      d.node(a.node).cut = true;
      return;
    case 'heal':
      delete d.node(a.node).cut;
      return;
    case 'ckpt': {
      const c = d.node(a.node);
      c.checkpoint = snapshotOf(c, a.with);
      const p = d.node(a.with);
      p.checkpoint = snapshotOf(p, a.node);
      return;
    }
    case 'lose': {
      d.use('losses');
      const k = d.findInstance(a.from, a.n);
      const x = d.instances[k]!;
      if (x.kind === 'RU') {
        const sender = d.node(x.from);
        const shipped = new Set(x.updates);
        sender.flagT = sender.flagT.concat(sender.flagF.filter((id) => shipped.has(id)));
        sender.flagF = sender.flagF.filter((id) => !shipped.has(id));
        markAcked(ctx, d, x.from, x.updates);
      }
      d.removeInstance(k);
      return;
    }
  }
}

/**
 * (Issue 13, fix of the stale registration) A host recovered in place registers again at its cell
 * with its restored objects, versioned by a new instance number (the instance counter is stable
 * storage, so the version is newer than any report it sent before the crash): the row is recorded and spread like
 * an ROI report, and a report still in flight from before the crash (a move's registration with
 * the old cursor) is then stale everywhere and ignored, so it can no longer raise the cell's
 * acknowledged cursor above what the host still holds. The caller then sets the cursor itself.
 */
function reregisterHost(ctx: Ctx, d: Draft, h: number): void {
  if (!d.get(d.get(h).parent).meta) return;
  // The re-registration takes its own number, so no later report ties with it (with `roiHops`
  // its hops may still be on their way when the host moves and registers again).
  d.node(h).made += 1;
  const host = d.get(h);
  spreadRoi(ctx, d, {
    from: h, n: host.made, to: host.parent, kind: 'ROI', state: 'executing', trail: [], updates: [], objects: reportedObjects(ctx.topo, host), snapshot: [],
    cursor: host.committed, failures: 0, copies: 0, row: { host: h, region: host.parent, version: host.made },
  });
}

function dropInstances(d: Draft, gone: (x: InstanceView) => boolean): void {
  for (let k = d.instances.length - 1; k >= 0; k--) if (gone(d.instances[k]!)) d.removeInstance(k);
}

/** True when a transfer between `a` and `b` is possible as far as faults go (both up, link not cut). */
export function faultsAllowTransfer(s: ReplicationState, a: number, b: number): boolean {
  return isUp(s, a) && isUp(s, b) && linkUp(s, a, b);
}
