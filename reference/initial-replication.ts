/**
 * Initial replication and Change-Replicated-Data (seed 001, 3.5 and 3.5.1).
 * Join: the new host's join request reaches its cell server; the CSR-IIRA creates the host's
 * Hosts-Obj entry and an IIRA-Initial-Replication-Instance whose Objects-Information-VLDS offers
 * the objects of Objects-Details-Obj; the host's selection is taken with its Object-Related-List
 * closure (def 3.5.1.1). The instance is filled with the data and sent as its own `send` step.
 * At the host it creates the replicated database for the selection and installs the data
 * (steps 1-4), then builds a Replicated-Objects-Information-VLDS from Hosts-Replicated-Objects-Obj
 * and returns it to the cell (step 5); each server records it and passes it up until the MS has
 * it (steps 7-8). Change-Replicated-Data adds an object the same way (a new IR instance) or drops
 * one locally and reports the new list upward with an ROI instance.
 */
import { demand, type Ctx } from './context.ts';
import { createInstance, requestMigration } from './iira.ts';
import { snapshotUpdates } from './propagation.ts';
import { arrange, insertRow } from './replica.ts';
import type { InstanceRuntime } from './state.ts';
import { relatedClosure } from './topology.ts';
import { acknowledge, acknowledgeSnapshot, isChildOf, recordReport, registerJoin, reportVersion } from './metadata.ts';
import { reportSetsCursor, snapshotNeed } from './object-filter.ts';
import { oweData, receiveOwed, reportedObjects } from './initial-replication-seed.ts';
import { holdsFullReplica } from './growing.ts';

function bounded(ctx: Ctx, key: 'joins' | 'interestChanges'): void {
  const max = ctx.topo.config.bounds[key];
  demand(ctx.s.used[key] < max, `the ${max} ${key === 'joins' ? 'join(s)' : 'interest change(s)'} allowed are used`);
  ctx.s.used[key]++;
}

/** The items of an object mask. */
function itemsOf(ctx: Ctx, mask: number): number[] {
  return ctx.topo.items.map((it, d) => (mask & (1 << it.object) ? d : -1)).filter((d) => d >= 0);
}

/** The cell's IIRA creates an IR instance for host `h` with the selection `selected` (a closed mask). */
function createIr(ctx: Ctx, h: number, selected: number): InstanceRuntime {
  const cell = ctx.rt(h).parent;
  const inst = createInstance(ctx, cell, h, 'IR');
  inst.vlds.objectsInformation = { offered: ctx.topo.objects.map((_, o) => o), selected, data: [], cursor: 0 };
  return inst;
}

/** Applies `join {host, objects}`. */
export function applyJoin(ctx: Ctx, host: string, objects: string[]): void {
  const h = ctx.node(host);
  const rt = ctx.rt(h);
  demand(ctx.topo.nodes[h].joins, `${host} is configured as a member from the start; it does not join`);
  demand(!rt.member, `${host} has already joined`);
  demand(rt.hm.connected, `${host} is disconnected: its join request cannot reach its cell`);
  demand(!rt.left, `${host} left the system: it does not rejoin`);
  demand(holdsFullReplica(ctx, rt.parent), `${ctx.ids[rt.parent]} has not completed its own initial replication: ${host}'s join request waits`);
  const named = objects.map((o) => ctx.object(o)).reduce((m, o) => m | (1 << o), 0);
  const selection = relatedClosure(ctx.topo, ctx.topo.nodes[h].interests);
  demand(named === selection, `${host} selects [${ctx.objectNames(selection).join(', ')}] (its configured interests with their related objects), not [${objects.join(', ')}]`);
  bounded(ctx, 'joins');
  rt.member = true;
  registerJoin(ctx, rt.parent, h);
  createIr(ctx, h, selection);
}

/** Applies `changeInterests {host, add?, remove?}`. */
export function applyChangeInterests(ctx: Ctx, host: string, add?: string, remove?: string): void {
  const h = ctx.node(host);
  const rt = ctx.rt(h);
  const kind = ctx.topo.nodes[h].kind;
  demand(kind === 'mobile' || kind === 'fixed', `${host} is a server: servers replicate every object`);
  demand(rt.member, `${host} is not a member yet`);
  demand(rt.hm.connected, `${host} is disconnected: Change-Replicated-Data waits for the connection with its cell (3.5, step 2)`);
  demand((add === undefined) !== (remove === undefined), 'changeInterests adds or removes exactly one object');
  const pending = ctx.s.instances.find((x) => x.vlds.kind === 'IR' && x.vlds.header.destination === h);
  demand(!pending, `${host}'s initial replication ${pending ? ctx.instanceName(pending) : ''} is still under way`);
  if (add !== undefined) {
    const o = ctx.object(add);
    demand(!(rt.store.objects & (1 << o)), `${host} already replicates ${add}`);
    demand(isChildOf(ctx, rt.parent, h), `${ctx.ids[rt.parent]} has not registered ${host} yet: its Change-Replicated-Data message waits`);
    bounded(ctx, 'interestChanges');
    const inst = createIr(ctx, h, relatedClosure(ctx.topo, 1 << o) & ~rt.store.objects);
    // (Finding 10) The request names the Global ID the snapshot must reach.
    const need = snapshotNeed(ctx, h);
    if (need !== undefined) inst.vlds.objectsInformation!.need = need;
  } else {
    const o = ctx.object(remove!);
    demand(rt.store.objects & (1 << o), `${host} does not replicate ${remove}`);
    const keep = rt.store.objects & ~(1 << o);
    demand(relatedClosure(ctx.topo, keep) === keep, `${remove} is on the Object-Related-List of another object ${host} replicates`);
    bounded(ctx, 'interestChanges');
    rt.store.objects = keep;
    for (const d of itemsOf(ctx, 1 << o)) rt.store.rows[d] = [];
    sendRoi(ctx, h);
  }
}

/** The instance at host `h` builds a Replicated-Objects-Information-VLDS and sends it to the host's cell. */
function sendRoi(ctx: Ctx, h: number): void {
  if (!ctx.topo.knobs.roiPropagation) return;
  reportTo(ctx, h, ctx.rt(h).parent);
}

/**
 * Host `h` sends its Replicated-Objects-Information-VLDS to cell `cell`; with metadata it also
 * carries the registration (Region `cell`, version = the instance's number, the host's cursor).
 */
export function reportTo(ctx: Ctx, h: number, cell: number): void {
  const rt = ctx.rt(h);
  const inst = createInstance(ctx, h, cell, 'ROI');
  // (Stop 25, seed order) A report names the objects whose data the host is owed too (its cell ships, then streams them).
  const objects = reportedObjects(ctx, rt.store);
  inst.vlds.replicatedObjects = { host: h, objects, items: itemsOf(ctx, objects) };
  if (!ctx.topo.knobs.oracle) inst.vlds.replicatedObjects.registration = { region: cell, version: inst.vlds.header.instanceId, cursor: rt.store.committed };
  requestMigration(ctx, inst);
}

/**
 * Executes an IR instance at its host: creates the replicated objects and installs the shipped
 * data (each row not already there, in Global ID order) and moves the host's cursor up to the
 * snapshot's: under the snapshot guard the data covers every object the host will hold and the
 * server was not behind the host, so nothing is skipped; without it (a broken variant) the cursor
 * may skip updates of the host's other items. Then it reports upward (ROI).
 */
export function installSnapshot(ctx: Ctx, inst: InstanceRuntime): void {
  const h = inst.vlds.header.destination;
  const info = inst.vlds.objectsInformation!;
  const store = ctx.rt(h).store;
  // (Stop 25, seed order) The owed items of the shipped objects are replicated from now on.
  receiveOwed(ctx, store, info.selected);
  store.objects |= info.selected;
  const touched: number[] = [];
  for (const u of snapshotUpdates(ctx, info.data)) if (ctx.holds(h, ctx.s.updates[u].item) && insertRow(ctx, h, u)) touched.push(ctx.s.updates[u].item);
  if (info.cursor > store.committed) {
    store.committed = info.cursor;
    arrange(ctx, h);
  } else arrange(ctx, h, touched);
  const seed = ctx.topo.knobs.initialReplication === 'seed';
  // (Stop 24) In the seed's order the host reported its selection before the data was sent; where
  // hosts may move its acknowledgement names its cursor only (a row of a newer version would
  // outrank the report of a move made while the data was owed, and the old cell would keep the
  // host for good). Without moves the row repeats the report's Region and objects.
  if (seed && ctx.topo.config.bounds.moves > 0) acknowledge(ctx, inst.vlds.header.sender, h, store.committed);
  else acknowledgeSnapshot(ctx, inst.vlds.header.sender, h, ctx.rt(h).iira.made + 1);
  // (Issue 13) In the seed's order the host reported its selection before the data was sent.
  if (!seed) sendRoi(ctx, h);
}

/**
 * (Issue 13) A report of host `host` with registration `reg` is recorded at server `at` (coming
 * from `from`), then passed up and down (metadata.ts): as new instances with `roiHops`, else
 * recorded by every further server in the same step, depth first.
 */
export function spreadReport(ctx: Ctx, at: number, from: number, host: number, objects: number, reg: { region: number; version: number; cursor: number }): void {
  // (Finding 10) A host's own (current) report sets the cursor its server holds for it.
  if (reportSetsCursor(ctx, from, host) && reg.version >= reportVersion(ctx, at, host)) acknowledge(ctx, at, host, reg.cursor);
  for (const next of recordReport(ctx, at, from, host, objects, reg)) {
    if (!ctx.topo.knobs.roiHops) {
      spreadReport(ctx, next, at, host, objects, reg);
      continue;
    }
    const fwd = createInstance(ctx, at, next, 'ROI');
    fwd.vlds.replicatedObjects = { host, objects, items: itemsOf(ctx, objects), registration: { ...reg } };
    requestMigration(ctx, fwd);
  }
}

/** Executes an ROI instance at a server: records the host's replicated objects and passes the information up. */
export function recordRoi(ctx: Ctx, inst: InstanceRuntime): void {
  const i = inst.vlds.header.destination;
  const info = inst.vlds.replicatedObjects!;
  // (Issue 13, seed order, 3.5 step 6) A host's selection report: the cell owes it the data.
  if (info.owed && inst.vlds.header.sender === info.host) oweData(ctx, i, info.host, info.owed, info.need);
  if (info.registration) {
    // (Issue 13) Recorded in the metadata objects, then up and down (metadata.ts): as new
    // instances with `roiHops`, else recorded by every further server in the same step.
    spreadReport(ctx, i, inst.vlds.header.sender, info.host, info.objects, info.registration);
    return;
  }
  if (i === ctx.topo.master) return;
  const up = createInstance(ctx, i, ctx.rt(i).parent, 'ROI');
  up.vlds.replicatedObjects = { ...info, items: [...info.items] };
  requestMigration(ctx, up);
}
