/**
 * (Issue 13) The actions of initial replication in the seed's order (knob `initialReplication:
 * seed`) enabled in a state of the reference engine: joins (and refused joins), the user's
 * selections at a host holding an offer, and Change-Replicated-Data (invoked, then its message).
 * The effects of these actions are in initial-replication-seed.ts.
 */
import type { ReplicationAction } from '../traces/replication.ts';
import type { Ctx } from './context.ts';
import { isChildOf } from './metadata.ts';
import { allObjects, relatedClosure } from './topology.ts';
import { picksFor, validItems } from './initial-replication-seed.ts';

/** Every selection the user may make at host `h` now: [objects mask, selected item indices]. */
function choices(ctx: Ctx, h: number): [number, number[]][] {
  const out: [number, number[]][] = [];
  for (let m = 1; m <= allObjects(ctx.topo); m++) {
    if (relatedClosure(ctx.topo, m) !== m || !picksFor(ctx, m).length) continue;
    const every = ctx.topo.items.map((_, d) => d).filter((d) => m & (1 << ctx.topo.items[d].object));
    if (!ctx.topo.knobs.itemSelection) { out.push([m, every]); continue; }
    for (let sub = 1; sub < 2 ** every.length; sub++) {
      const items = every.filter((_, k) => sub & (2 ** k));
      if (validItems(ctx, m, new Set(items))) out.push([m, items]);
    }
  }
  const store = ctx.rt(h).store;
  if (store.objects === 0) return out;
  const held = ctx.topo.items.map((_, d) => d).filter((d) => ctx.holds(h, d)).join();
  const changes = out.filter(([m, items]) => m !== store.objects || items.join() !== held);
  return changes.length ? changes : out;
}

/** (Seed order) The join, select and Change-Replicated-Data actions enabled now. */
export function seedEnabled(ctx: Ctx): ReplicationAction[] {
  const { topo, s } = ctx;
  const out: ReplicationAction[] = [];
  const b = topo.config.bounds;
  s.nodes.forEach((rt, i) => {
    const kind = topo.nodes[i].kind;
    if (kind !== 'mobile' && kind !== 'fixed') return;
    const host = ctx.ids[i];
    if (!rt.member) {
      if (topo.nodes[i].joins && rt.hm.connected && s.used.joins < b.joins) {
        out.push({ type: 'join', host, objects: [] });
        if ((s.used.refusedJoins ?? 0) < topo.knobs.joinRefusals) out.push({ type: 'join', host, objects: [], refused: true });
      }
      return;
    }
    if (rt.changeRequested) {
      if (rt.hm.connected && isChildOf(ctx, rt.parent, i)) out.push({ type: 'changeInterests', host, stage: 'message' });
      return;
    }
    const busy = s.instances.some((x) => (x.vlds.kind === 'IR' && x.vlds.header.destination === i) || (x.vlds.kind === 'ROI' && x.vlds.header.sender === i));
    if (s.used.interestChanges < b.interestChanges && !busy) out.push({ type: 'changeInterests', host, stage: 'invoke' });
  });
  for (const inst of s.instances) {
    const h = inst.vlds.header.destination;
    const name = ctx.instanceName(inst);
    if (!inst.vlds.objectsInformation?.offerOnly || inst.at !== 'destination' || ctx.rt(h).hm.executed.includes(name)) continue;
    for (const [m, items] of choices(ctx, h)) {
      out.push({ type: 'select', instance: name, host: ctx.ids[h], objects: ctx.objectNames(m), ...(topo.knobs.itemSelection ? { items: items.map((d) => topo.items[d].id) } : {}) });
    }
  }
  return out;
}
