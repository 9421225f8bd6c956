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
import { CELL, ZONE } from '../topology.ts';
import {
  checkpointsAfterExecute, faultFacts, isUp, keepsCheckpoint, linkUp, persistsArrivals, snapshotOf, survivingSnapshot,
} from '../faults-policy.ts';
import type { Ctx } from './context.ts';
import { setAcked } from './metadata.ts';
import type { Act } from './types.ts';
import { dropPeerLinks } from './peer.ts';

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
  return !!f && x.kind !== 'IR' && (s.used.losses ?? 0) < f.config.losses;
}

/** Marks the updates of `ids` whose origin is `from` as acknowledged (history, for `durability`). */
export function markAcked(ctx: Ctx, d: Draft, from: number, ids: readonly number[]): void {
  if (!ctx.topo.config.faults) return;
  let updates: typeof d.updates | undefined;
  for (const id of ids) {
    const u = d.updates[id]!;
    if (u.origin !== from || u.acked) continue;
    updates ??= d.updates.slice();
    updates[id] = { ...u, acked: true };
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
export function applyFault(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'crash' | 'recover' | 'ckpt' | 'lose' | 'loseHost' | 'cut' | 'heal' }>): void {
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
      const arrivalsSurvive = persistsArrivals(f.policy[a.node]!);
      dropInstances(d, (x) => (x.from === a.node && x.state === 'migrating' && (x.kind === 'RU' || x.kind === 'ReRU'))
        || (x.to === a.node && x.state === 'executing' && !arrivalsSurvive));
      dropPeerLinks(ctx, d, a.node);
      return;
    }
    case 'recover': {
      delete d.node(a.node).down;
      // (Issue 13) The recovered node re-registers its (restored) cursor at its parent.
      const r = d.get(a.node);
      if (r.parent >= 0) setAcked(d, r.parent, a.node, r.committed);
      return;
    }
    case 'loseHost': {
      d.use('permanent');
      const n = d.node(a.node);
      n.down = true;
      n.lost = true;
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

function dropInstances(d: Draft, gone: (x: InstanceView) => boolean): void {
  for (let k = d.instances.length - 1; k >= 0; k--) if (gone(d.instances[k]!)) d.removeInstance(k);
}

/** True when a transfer between `a` and `b` is possible as far as faults go (both up, link not cut). */
export function faultsAllowTransfer(s: ReplicationState, a: number, b: number): boolean {
  return isUp(s, a) && isUp(s, b) && linkUp(s, a, b);
}
