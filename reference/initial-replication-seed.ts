/**
 * (Issue 13) Initial replication and Change-Replicated-Data in the order of seed 001 3.5 (knob
 * `initialReplication: seed`), written from model/README.md ("Initial replication in the seed's
 * order") and the seed, not from the model's code:
 * 1. The join request reaches the host's cell, which verifies it. Refused (at most
 *    `joinRefusals` times a run): nothing happens but the budgets; the host stays outside and may
 *    ask again while `bounds.joins` allows. Accepted: the cell creates the Hosts-Obj row and an
 *    IIRA-Initial-Replication-Instance whose Objects-Information-VLDS lists every object and
 *    carries no data; it migrates to the host.
 * 2. At the host the instance shows the objects and the user selects (steps 1-5): some objects
 *    (at most `selectMax` picked, their Object-Related-List added whole) and, with
 *    `itemSelection`, at least one data item of each picked object (def 3.1.3). The replicated
 *    database is created for the selection at once (step 2: items not held before are empty;
 *    items left out are dropped). The instance reports the selection upward with a
 *    Replicated-Objects-Information-VLDS naming the objects whose data is owed.
 * 3. The cell executing that report creates an ordinary instance for the owed data (3.5 step 6),
 *    filled and sent by a later `send` (propagation.ts, same snapshot guard as every IR).
 * Change-Replicated-Data: the user invokes it at any time (step 1); the message reaches the cell
 * once the host is connected and registered there (steps 2-4), which sends a new offer (step 5).
 */
import type { LocalStore } from './state.ts';
import { demand, type Ctx } from './context.ts';
import { createInstance, removeInstance, requestMigration, advance } from './iira.ts';
import { afterExecution } from './faults.ts';
import { isChildOf, registerJoin } from './metadata.ts';
import { allObjects, relatedClosure } from './topology.ts';
import { snapshotNeed } from './object-filter.ts';

/** The cell's IIRA sends host `h` an offer: object details only. */
function sendOffer(ctx: Ctx, cell: number, h: number): void {
  const inst = createInstance(ctx, cell, h, 'IR');
  inst.vlds.objectsInformation = { offered: ctx.topo.objects.map((_, o) => o), selected: allObjects(ctx.topo), data: [], cursor: 0, offerOnly: true };
  requestMigration(ctx, inst);
}

/** `join {host, objects: [], refused?}` under the seed's order. */
export function joinRequest(ctx: Ctx, host: string, objects: string[], refused: boolean): void {
  const h = ctx.node(host);
  const rt = ctx.rt(h);
  const b = ctx.topo.config.bounds;
  demand(ctx.topo.nodes[h].joins, `${host} is configured as a member from the start; it does not join`);
  demand(!rt.member, `${host} has already joined`);
  demand(rt.hm.connected, `${host} is disconnected: its join request cannot reach its cell`);
  demand(objects.length === 0, `in the seed's order a join names no objects: ${host} selects them when the offer arrives`);
  demand(ctx.s.used.joins < b.joins, `the ${b.joins} join request(s) allowed are used`);
  const refusals = ctx.s.used.refusedJoins ?? 0;
  if (refused) demand(refusals < ctx.topo.knobs.joinRefusals, `the ${ctx.topo.knobs.joinRefusals} join refusal(s) allowed are used`);
  ctx.s.used.joins++;
  if (refused) {
    ctx.s.used.refusedJoins = refusals + 1;
    return;
  }
  rt.member = true;
  registerJoin(ctx, rt.parent, h);
  sendOffer(ctx, rt.parent, h);
}

/** `changeInterests {host, stage}` under the seed's order. */
export function changeReplicatedData(ctx: Ctx, host: string, stage: 'invoke' | 'message' | undefined, add?: string, remove?: string): void {
  const h = ctx.node(host);
  const rt = ctx.rt(h);
  demand(add === undefined && remove === undefined && stage !== undefined, 'in the seed\'s order Change-Replicated-Data is invoked (stage invoke), its message sent (stage message), and what changes is selected later');
  demand(rt.member, `${host} is not a member yet`);
  if (stage === 'invoke') {
    demand(!rt.changeRequested, `${host} already invoked Change-Replicated-Data`);
    const b = ctx.topo.config.bounds;
    demand(ctx.s.used.interestChanges < b.interestChanges, `the ${b.interestChanges} interest change(s) allowed are used`);
    const busy = ctx.s.instances.find((x) => (x.vlds.kind === 'IR' && x.vlds.header.destination === h) || (x.vlds.kind === 'ROI' && x.vlds.header.sender === h));
    demand(!busy, `${host}'s previous replication ${busy ? ctx.instanceName(busy) : ''} is still under way`);
    ctx.s.used.interestChanges++;
    rt.changeRequested = true;
    return;
  }
  demand(rt.changeRequested, `${host} has not invoked Change-Replicated-Data`);
  demand(rt.hm.connected, `${host} is disconnected: the Change-Replicated-Data-Msg waits (3.5, step 2)`);
  demand(isChildOf(ctx, rt.parent, h), `${ctx.ids[rt.parent]} has not registered ${host} yet`);
  delete rt.changeRequested;
  sendOffer(ctx, rt.parent, h);
}

/** The picks (object masks) of at most `selectMax` objects whose closure is `objects`. */
export function picksFor(ctx: Ctx, objects: number): number[] {
  const out: number[] = [];
  for (let p = objects; p > 0; p = (p - 1) & objects) {
    let n = 0;
    for (let q = p; q; q &= q - 1) n++;
    if (n <= ctx.topo.knobs.selectMax && relatedClosure(ctx.topo, p) === objects) out.push(p);
  }
  return out;
}

/** True when `items` (item indices) is a selection over `objects` some pick allows: picked objects ≥ 1 item, others whole. */
export function validItems(ctx: Ctx, objects: number, items: Set<number>): boolean {
  return picksFor(ctx, objects).some((pick) => ctx.topo.objects.every((o, k) => {
    if (!(objects & (1 << k))) return o.items.every((d) => !items.has(d));
    const n = o.items.filter((d) => items.has(d)).length;
    return pick & (1 << k) && ctx.topo.knobs.itemSelection ? n >= 1 : n === o.items.length;
  }));
}

/** Distinct selections the user could make, counted up to `limit`. */
function countSelections(ctx: Ctx, limit: number): number {
  let n = 0;
  for (let m = 1; m <= allObjects(ctx.topo) && n < limit; m++) {
    if (relatedClosure(ctx.topo, m) !== m || !picksFor(ctx, m).length) continue;
    const partial = ctx.topo.knobs.itemSelection && picksFor(ctx, m).some((p) => ctx.topo.objects.some((o, k) => p & (1 << k) && o.items.length > 1));
    n += partial ? 2 : 1;
  }
  return n;
}

/** `select {instance, host, objects, items?}`: the offer executes at the host with the user's selection. */
export function userSelects(ctx: Ctx, name: string, host: string, objects: string[], items?: string[]): void {
  const inst = ctx.instance(name);
  const h = ctx.node(host);
  const info = inst.vlds.objectsInformation;
  demand(inst.vlds.kind === 'IR' && info?.offerOnly && inst.vlds.header.destination === h, `${name} is not an offer to ${host}`);
  demand(inst.at === 'destination' && inst.state === 'executing', `${name} has not been delivered`);
  const hm = ctx.rt(h).hm;
  demand(!hm.executed.includes(name), `${name} already executed at ${host}: a further copy is discarded by execute`);
  const mask = objects.map((o) => ctx.object(o)).reduce((m, o) => m | (1 << o), 0);
  demand(mask !== 0, 'a replica holds at least one data item (def 3.1.3)');
  demand(picksFor(ctx, mask).length > 0, `[${objects.join(', ')}] is not the Object-Related-List closure of at most ${ctx.topo.knobs.selectMax} selected object(s)`);
  const every = ctx.topo.items.map((_, d) => d).filter((d) => mask & (1 << ctx.topo.items[d].object));
  demand(items === undefined || ctx.topo.knobs.itemSelection, 'items are selected only with the knob itemSelection');
  const chosen = new Set(items ? items.map((i) => ctx.item(i)) : every);
  demand(validItems(ctx, mask, chosen), `the items [${items?.join(', ')}] are not a selection over [${objects.join(', ')}]`);
  const unselected = every.filter((d) => !chosen.has(d));
  const store = ctx.rt(h).store;
  const before = store.unselected ?? [];
  if (store.objects !== 0 && countSelections(ctx, 2) > 1) {
    demand(store.objects !== mask || before.join() !== unselected.join(), `${host} already replicates exactly this selection: a change changes something`);
  }
  // Step 2: the schema of the selection; items no longer selected are dropped. (Stop 25) A newly
  // selected item is owed: it is replicated here only once step 6's data has been installed
  // (def 3.1.3: a replica is a copy of the object); the host replicates the items it kept.
  let owed = 0;
  const owedItems: number[] = [];
  const kept = new Set<number>();
  ctx.topo.items.forEach((it, d) => {
    const had = (store.objects & (1 << it.object)) !== 0 && !before.includes(d);
    const has = chosen.has(d);
    if (had && !has) store.rows[d] = [];
    if (has && !had) {
      owed |= 1 << it.object;
      owedItems.push(d);
    }
    if (had && has) kept.add(d);
  });
  replicateItems(ctx, store, kept);
  if (owedItems.length) store.owed = owedItems;
  else delete store.owed;
  hm.executed.push(name);
  if (inst.copies > 0) inst.copies--;
  else {
    advance(inst, 'removing');
    removeInstance(ctx, inst);
  }
  const cell = ctx.rt(h).parent;
  const roi = createInstance(ctx, h, cell, 'ROI');
  roi.vlds.replicatedObjects = { host: h, objects: mask, items: every.filter((d) => chosen.has(d)), ...(owed ? { owed } : {}) };
  if (!ctx.topo.knobs.oracle) roi.vlds.replicatedObjects.registration = { region: cell, version: roi.vlds.header.instanceId, cursor: store.committed };
  // (Finding 10) Like an interest change's request, the report of owed data names the Global ID
  // its snapshot must reach (what the host holds now, after step 2); the cell's data instance keeps it.
  const need = owed ? snapshotNeed(ctx, h) : undefined;
  if (need !== undefined) roi.vlds.replicatedObjects.need = need;
  requestMigration(ctx, roi);
  afterExecution(ctx, h);
}

/** Host store `store` replicates exactly the items `items`: their objects, the rest of those objects' items unselected. */
function replicateItems(ctx: Ctx, store: LocalStore, items: Set<number>): void {
  let objects = 0;
  for (const d of items) objects |= 1 << ctx.topo.items[d].object;
  const unselected = ctx.topo.items.map((_, d) => d).filter((d) => (objects & (1 << ctx.topo.items[d].object)) !== 0 && !items.has(d));
  store.objects = objects;
  if (unselected.length) store.unselected = unselected;
  else delete store.unselected;
}

/**
 * (Stop 25) The data of `objects` installs at a host: the owed items of those objects are
 * replicated from now on, with the items it replicated already (called before the rows go in).
 */
export function receiveOwed(ctx: Ctx, store: LocalStore, objects: number): void {
  if (!store.owed) return;
  const items = new Set(ctx.topo.items.map((_, d) => d).filter((d) => (store.objects & (1 << ctx.topo.items[d].object)) !== 0 && !store.unselected?.includes(d)));
  const rest: number[] = [];
  for (const d of store.owed) {
    if (objects & (1 << ctx.topo.items[d].object)) items.add(d);
    else rest.push(d);
  }
  replicateItems(ctx, store, items);
  if (rest.length) store.owed = rest;
  else delete store.owed;
}

/** (Stop 25) The objects a host's reports name: those it replicates and those whose data it is owed. */
export function reportedObjects(ctx: Ctx, store: LocalStore): number {
  return (store.owed ?? []).reduce((m, d) => m | (1 << ctx.topo.items[d].object), store.objects);
}

/** (3.5 step 6) Cell `i` owes host `h` the data of `owed`: an instance waiting to be filled and sent (`need`: finding 10, the report's). */
export function oweData(ctx: Ctx, i: number, h: number, owed: number, need?: number): void {
  const inst = createInstance(ctx, i, h, 'IR');
  inst.vlds.objectsInformation = { offered: ctx.topo.objects.map((_, o) => o), selected: owed, data: [], cursor: 0, ...(need !== undefined ? { need } : {}) };
}
