/**
 * The actions the engine allows in a state, as ReplicationAction JSON, computed from its own
 * protocol code (the same payload functions `apply` checks against). The scheduler draws from
 * this list for random schedules; tests check that each one applies.
 */
import type { ReplicationAction } from '../traces/replication.ts';
import type { Ctx } from './context.ts';
import { transferBlocked } from './host-manager.ts';
import { releasable } from './ordering.ts';
import { eagerLock, eagerWait, primaryOf } from './local.ts';
import { peerPayload } from './peer.ts';
import { childrenOf, irBlocked, reruPayload, ruPayload, shippedObjects, snapshotData, snapshotUpdates } from './propagation.ts';
import { relatedClosure } from './topology.ts';
import { isChildOf } from './metadata.ts';
import { seedEnabled } from './initial-replication-enabled.ts';
import { holdsFullReplica, leaveBlocked } from './growing.ts';
import { handoffPlans } from './handoff.ts';
import { awaitsOwedData } from './object-filter.ts';

/** Every action enabled in `ctx.s`, in a deterministic order (node by node, then instances, then environment). */
export function enabledActions(ctx: Ctx): ReplicationAction[] {
  const { topo, s } = ctx;
  const b = topo.config.bounds;
  const out: ReplicationAction[] = [];
  const hostLike = (i: number) => topo.nodes[i].kind === 'mobile' || topo.nodes[i].kind === 'fixed';
  s.nodes.forEach((rt, i) => {
    const id = ctx.ids[i];
    if (!rt.member) return;
    const waiting = eagerWait(ctx, i) !== undefined || eagerLock(ctx, i, -1) !== undefined;
    const locked = (d: number) => eagerLock(ctx, i, d) !== undefined;
    if ((!topo.writers || topo.writers.has(i)) && rt.writes < b.updatesPerHost && !waiting) {
      let attempt = s.refused < topo.knobs.refusals;
      topo.items.forEach((it, d) => {
        if (!ctx.holds(i, d) || locked(d)) return;
        const primary = primaryOf(ctx, d);
        if (primary !== undefined && primary !== i && topo.knobs.secondaryWrites !== 'reject') return;
        if ((primary !== undefined && primary !== i) || (primary === undefined && topo.objects[it.object].kind === 'infrequent' && i !== topo.master)) {
          // a refused attempt: offered on the node's first infrequently changed item only (one is as good as another)
          if (attempt) out.push({ type: 'update', host: id, item: it.id, value: 1 });
          attempt = false;
          return;
        }
        for (let v = 1; v <= b.values; v++) out.push({ type: 'update', host: id, item: it.id, value: v });
      });
    }
    if (hostLike(i) && rt.reads < b.reads && !waiting) topo.items.forEach((it, d) => ctx.holds(i, d) && !locked(d) && out.push({ type: 'read', host: id, item: it.id }));
    const ru = ruPayload(ctx, i);
    if (typeof ru !== 'string') out.push({ type: 'send', from: id, to: ctx.ids[rt.parent], kind: 'RU', instance: `${id}/${rt.iira.made + 1}`, updates: ctx.updateNames(ru) });
    for (const c of childrenOf(ctx, i)) {
      const p = reruPayload(ctx, i, c);
      if (typeof p !== 'string') out.push({ type: 'send', from: id, to: ctx.ids[c], kind: 'ReRU', instance: `${id}/${rt.iira.made + 1}`, updates: ctx.updateNames(p.updates) });
    }
    if (rt.iira.collection.length) {
      const rel = releasable(ctx, i);
      if (rel.length) out.push({ type: 'order', server: id, updates: ctx.updateNames(rel) });
    }
    s.nodes.forEach((_, j) => {
      if (!hostLike(i) || !hostLike(j)) return;
      const p = peerPayload(ctx, i, j);
      if (typeof p === 'string' || !p.length) return;
      // (Issue 13) With peerInstances the exchange is a PEER instance's send.
      if (topo.knobs.peerInstances) out.push({ type: 'send', from: id, to: ctx.ids[j], kind: 'PEER', instance: `${id}/${rt.iira.made + 1}`, updates: ctx.updateNames(p) });
      else out.push({ type: 'peer', from: id, to: ctx.ids[j], updates: ctx.updateNames(p) });
    });
  });
  for (const inst of s.instances) {
    const name = ctx.instanceName(inst);
    const { sender, destination } = inst.vlds.header;
    if (inst.vlds.kind === 'IR' && inst.state === 'creating' && !irBlocked(ctx, inst)) {
      const sel = inst.vlds.objectsInformation!.selected;
      const data = snapshotUpdates(ctx, snapshotData(ctx, sender, shippedObjects(ctx, sender, destination, sel)));
      out.push({ type: 'send', from: ctx.ids[sender], to: ctx.ids[destination], kind: 'IR', instance: name, updates: ctx.updateNames(data), objects: ctx.objectNames(sel) });
    }
    if (inst.state === 'migrating' && !transferBlocked(ctx, name)) {
      out.push({ type: 'migrate', instance: name, ok: true });
      if (s.used.failures < b.failedMigrations) out.push({ type: 'migrate', instance: name, ok: false });
    }
    // (Issue 13, seed order) An offer executes as a selection (seedEnabled), only a copy of an executed one by execute.
    const offer = inst.vlds.objectsInformation?.offerOnly && !ctx.rt(destination).hm.executed.includes(name);
    if (inst.at === 'destination') {
      if (!offer && !awaitsOwedData(ctx, inst)) out.push({ type: 'execute', instance: name });
      if (inst.copies === 0 && s.used.duplicates < b.duplicates) out.push({ type: 'duplicate', instance: name });
    }
  }
  if (topo.knobs.initialReplication === 'seed') {
    out.push(...seedEnabled(ctx));
  }
  // (Issue 13) Handoffs of moved hosts (handoff.ts).
  for (const p of handoffPlans(ctx)) {
    out.push({ type: 'handoff', host: ctx.ids[p.host], from: ctx.ids[p.from], to: ctx.ids[p.to], instances: p.held.map((x) => ctx.instanceName(x)), updates: ctx.updateNames(p.relayed) });
  }
  s.nodes.forEach((rt, i) => {
    const id = ctx.ids[i];
    // (Issue 13) A joining server sends its join request once its parent holds its full replica.
    if (!hostLike(i)) {
      if (i !== topo.master && topo.nodes[i].joins && !rt.member && !rt.fault?.down && holdsFullReplica(ctx, rt.parent)) out.push({ type: 'join', host: id, objects: ctx.objectNames((1 << topo.objects.length) - 1) });
      return;
    }
    if (!leaveBlocked(ctx, i)) out.push({ type: 'leave', host: id });
    if (!rt.member) {
      if (topo.knobs.initialReplication !== 'seed' && topo.nodes[i].joins && !rt.left && rt.hm.connected && s.used.joins < b.joins && holdsFullReplica(ctx, rt.parent)) out.push({ type: 'join', host: id, objects: ctx.objectNames(relatedClosure(topo, topo.nodes[i].interests)) });
      return;
    }
    if (rt.hm.connected && s.used.disconnects < b.disconnects) out.push({ type: 'disconnect', host: id });
    if (!rt.hm.connected) out.push({ type: 'reconnect', host: id });
    if (topo.nodes[i].kind === 'mobile' && s.used.moves < b.moves) {
      topo.nodes.forEach((n, c) => n.kind === 'cell' && c !== rt.parent && out.push({ type: 'move', host: id, to: n.id }));
    }
    const initialising = s.instances.some((x) => x.vlds.kind === 'IR' && x.vlds.header.destination === i);
    if (topo.knobs.initialReplication !== 'seed' && s.used.interestChanges < b.interestChanges && !initialising && rt.hm.connected) {
      const known = isChildOf(ctx, rt.parent, i);
      topo.objects.forEach((o, k) => {
        const held = (rt.store.objects & (1 << k)) !== 0;
        if (!held) { if (known) out.push({ type: 'changeInterests', host: id, add: o.id }); }
        else {
          const keep = rt.store.objects & ~(1 << k);
          if (relatedClosure(topo, keep) === keep) out.push({ type: 'changeInterests', host: id, remove: o.id });
        }
      });
    }
  });
  return out;
}
