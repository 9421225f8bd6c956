/**
 * Faults in the reference engine (issue 12), implemented from the written fault model
 * (model/README.md "Faults", seed 002 13.2 checkpoint and recovery), not from the model's code.
 *
 * Every node's Host Manager reports crashes and recoveries (`FaultRuntime`): a crashed node is
 * down (it takes no step, nothing is transferred to or from it, nothing executes there); its
 * stable storage decides what it keeps, by its kind's checkpoint policy:
 *  - `always` (write-ahead): everything it persisted is its live state; nothing persistent is lost;
 *  - `on-ack`: an arrival is persisted before the Host Manager acknowledges it, and the node
 *    writes a checkpoint after each execution; a crash restores the last checkpoint;
 *  - `every-k`: a checkpoint after every k-th execution; arrivals are not persisted;
 *  - `never`: nothing is persisted; a crash restores the initial state.
 * The persistent part is the local store (objects, rows, log, cursor), the Propagation-Flag
 * column, the Collection-VLDS and the Host Manager's executed names; instance counters, write
 * counters, clocks and metadata are stable storage under every policy. Lost at every crash:
 * RU and ReRU instances the node created that were not transferred yet, and arrivals it had not
 * persisted. A host lost for good never recovers; instances to it and those it had not sent
 * are gone. A lost acknowledgement: the Host Manager acknowledges a transfer (RU flags turn T)
 * and the instance never arrives. A partition cuts a cell-zone or zone-MS link until it heals.
 * A joint checkpoint (seed 002 13.2.1) writes a cell's or zone's and its parent's checkpoints at
 * once, only with nothing in transit between them unless `jointQuiescence` is off.
 *
 * This file holds the fault actions; a node's fault status and stable storage are in
 * fault-status.ts.
 */
import { acknowledge as acknowledgeCursor } from './metadata.ts';
import { demand, type Ctx } from './context.ts';
import { settle } from './iira.ts';
import { turnT } from './propagation.ts';
import type { InstanceRuntime, NodeRuntime } from './state.ts';
import { bodyUpdates } from './vlds.ts';
import { dropPeerLinks } from './peer.ts';
import { forgetLost, mustReregister, recoveryPlace } from './replacement.ts';
import { announceServer } from './growing.ts';
import { spreadReport } from './initial-replication.ts';
import { reportedObjects } from './initial-replication-seed.ts';
import { isServerKind } from './topology.ts';
import { demandUp, faultModel, faultOf, imageOf, policyOf, restoreImage, type StableImage } from './fault-status.ts';

/** Re-exported: the engine, the judges and the other actions import them from here. */
export { afterExecution, demandUp, isDown, linkBlocked, type FaultRuntime, type StableImage } from './fault-status.ts';

function dropInstances(ctx: Ctx, gone: (x: InstanceRuntime) => boolean): void {
  const senders = new Set<number>();
  ctx.s.instances = ctx.s.instances.filter((x) => {
    if (!gone(x)) return true;
    senders.add(x.vlds.header.sender);
    return false;
  });
  for (const i of senders) settle(ctx, i);
}

/** Applies `crash {node}`; `initial` is the node's runtime in the initial state. */
export function applyCrash(ctx: Ctx, id: string, initial: NodeRuntime): void {
  const f = faultModel(ctx, `crash ${id}`);
  const i = ctx.node(id);
  const rt = ctx.rt(i);
  demand(f.nodes.includes(id), `${id} is not among the nodes that may crash (faults.nodes)`);
  demand(rt.member, `${id} is not a member`);
  demandUp(ctx, i);
  demand((ctx.s.used.crashes ?? 0) < f.crashes, `the ${f.crashes} crash(es) allowed are used`);
  ctx.s.used.crashes = (ctx.s.used.crashes ?? 0) + 1;
  const policy = policyOf(f, ctx.topo.nodes[i].kind);
  if (policy === 'never') restoreImage(rt, imageOf(initial));
  else if (policy !== 'always') restoreImage(rt, faultOf(rt).stable ?? imageOf(initial));
  faultOf(rt).down = true;
  delete faultOf(rt).awaiting;
  const arrivalsPersisted = policy === 'always' || policy === 'on-ack';
  dropInstances(ctx, (x) => (x.vlds.header.sender === i && x.at === 'sender' && x.state === 'migrating' && (x.vlds.kind === 'RU' || x.vlds.kind === 'ReRU'))
    || (x.vlds.header.destination === i && x.at === 'destination' && !arrivalsPersisted));
  dropPeerLinks(ctx, i);
}

/** Applies `recover {node}`: the node restarts from what its stable storage kept. */
export function applyRecover(ctx: Ctx, id: string): void {
  faultModel(ctx, `recover ${id}`);
  const i = ctx.node(id);
  const fr = ctx.rt(i).fault;
  demand(fr?.down, `${id} is not down`);
  demand(!fr.lost, `${id} was lost for good`);
  fr.down = false;
  // (Issue 13) A joined server announces itself again: its installing instance may have been lost (growing.ts).
  announceServer(ctx, i);
  // (Seed 002 13.2.2) On a replacement, the bound neighbours must re-register (replacement.ts);
  // their re-registrations carry the cursors.
  if (recoveryPlace(ctx, i) === 'replacement') {
    const waiting = mustReregister(ctx, i);
    if (waiting.length) fr.awaiting = waiting;
    return;
  }
  // (Issue 13) Recovered in place, the node re-registers its restored cursor at its parent.
  const parent = ctx.rt(i).parent;
  if (parent < 0) return;
  if (!isServerKind(ctx.topo.nodes[i].kind)) reregisterHost(ctx, i, parent);
  acknowledgeCursor(ctx, parent, i, ctx.rt(i).store.committed);
}

/**
 * (Issue 13; seed 002 13.2.2: the objects bound to a recovered cluster must be able to detect the
 * recovery) A host recovered in place registers again at its cell, as a report from a new
 * incarnation: its restored objects, Region its cell, versioned by a new instance number (its
 * instance counter is stable storage, so every report it sent before the crash has a lower
 * version), recorded and passed on like any report. A report still in flight from before the crash (a move's
 * registration carrying the cursor the crash lost) is then older than the row every server holds
 * and is ignored, instead of raising the cell's acknowledged cursor back above the host's.
 */
function reregisterHost(ctx: Ctx, h: number, cell: number): void {
  if (!ctx.rt(cell).metadata) return;
  const rt = ctx.rt(h);
  // It takes a number of its own: no later report of the host ties with it (a hop of it may still travel with `roiHops`).
  rt.iira.made++;
  spreadReport(ctx, cell, h, h, reportedObjects(ctx, rt.store), { region: cell, version: rt.iira.made, cursor: rt.store.committed });
}

/** Applies `loseHost {host}`. */
export function applyLoseHost(ctx: Ctx, id: string): void {
  const f = faultModel(ctx, `loseHost ${id}`);
  const i = ctx.node(id);
  const kind = ctx.topo.nodes[i].kind;
  demand(kind === 'mobile' || kind === 'fixed', `${id} is a server: only hosts are lost for good`);
  demand(f.nodes.includes(id), `${id} is not among the nodes that may fail (faults.nodes)`);
  demand(ctx.rt(i).member, `${id} is not a member`);
  demandUp(ctx, i);
  demand((ctx.s.used.permanent ?? 0) < f.permanent, `the ${f.permanent} permanent host loss(es) allowed are used`);
  ctx.s.used.permanent = (ctx.s.used.permanent ?? 0) + 1;
  Object.assign(faultOf(ctx.rt(i)), { down: true, lost: true });
  forgetLost(ctx, i);
  dropInstances(ctx, (x) => (x.vlds.header.sender === i && x.at === 'sender') || x.vlds.header.destination === i);
}

/** Applies `partition {node}` (cut) or `heal {node}`. */
export function applyLink(ctx: Ctx, id: string, cut: boolean): void {
  const f = faultModel(ctx, `${cut ? 'partition' : 'heal'} ${id}`);
  const i = ctx.node(id);
  demand(f.links.includes(id), `the link from ${id} to its parent may not be partitioned (faults.links)`);
  const fr = faultOf(ctx.rt(i));
  if (cut) {
    demand(!fr.cut, `the link from ${id} is already partitioned`);
    demand((ctx.s.used.partitions ?? 0) < f.partitions, `the ${f.partitions} partition(s) allowed are used`);
    ctx.s.used.partitions = (ctx.s.used.partitions ?? 0) + 1;
  } else {
    demand(fr.cut, `the link from ${id} is not partitioned`);
  }
  fr.cut = cut;
}

function sameImage(a: StableImage | undefined, b: StableImage): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Applies `checkpoint {node, with}`: a joint checkpoint of a cell or zone and its parent (13.2.1). */
export function applyJointCheckpoint(ctx: Ctx, id: string, withId: string): void {
  const f = faultModel(ctx, `checkpoint ${id}`);
  demand(f.joint, 'joint checkpoints are not offered (faults.joint)');
  const c = ctx.node(id);
  const p = ctx.node(withId);
  const kind = ctx.topo.nodes[c].kind;
  demand(kind === 'cell' || kind === 'zone', `${id} is not a cell or zone server`);
  demand(ctx.rt(c).parent === p, `${withId} is not ${id}'s parent`);
  demandUp(ctx, c);
  demandUp(ctx, p);
  const keeps = (k: string) => ['on-ack', 'every-k'].includes(policyOf(f, k));
  demand(keeps(kind) && keeps(ctx.topo.nodes[p].kind), `joint checkpoints need the on-ack or every-k policy at both ${id} and ${withId}`);
  if (f.jointQuiescence) {
    const between = ctx.s.instances.find((x) => {
      const { sender, destination } = x.vlds.header;
      return (sender === c && destination === p) || (sender === p && destination === c);
    });
    if (between) demand(false, `${ctx.instanceName(between)} is in transit between ${id} and ${withId} (13.2.1: both must reflect the same interactions)`);
  }
  const ci = imageOf(ctx.rt(c), p), pi = imageOf(ctx.rt(p), c);
  demand(!sameImage(ctx.rt(c).fault?.stable, ci) || !sameImage(ctx.rt(p).fault?.stable, pi), `${id} and ${withId} have nothing new to checkpoint`);
  faultOf(ctx.rt(c)).stable = ci;
  faultOf(ctx.rt(p)).stable = pi;
}

/** Applies `lose {instance}`: acknowledged by the Host Manager, never delivered. */
export function applyLose(ctx: Ctx, name: string, blocked: string | undefined): void {
  const f = faultModel(ctx, `lose ${name}`);
  if (blocked !== undefined) demand(false, blocked);
  const inst = ctx.instance(name);
  demand(inst.vlds.kind !== 'IR', `${name} is an initial-replication instance (losses apply to RU, ReRU and ROI)`);
  demand(!inst.vlds.replicatedObjects?.owed, `${name} is a selection report whose data is owed (3.5 step 6): like an initial-replication instance, it is not lost`);
  demand((ctx.s.used.losses ?? 0) < f.losses, `the ${f.losses} lost acknowledgement(s) allowed are used`);
  ctx.s.used.losses = (ctx.s.used.losses ?? 0) + 1;
  const sender = inst.vlds.header.sender;
  if (inst.vlds.kind === 'RU' && !ctx.topo.knobs.flagOnSend) acknowledge(ctx, sender, bodyUpdates(inst.vlds.updates));
  dropInstances(ctx, (x) => x === inst);
}

/** The sender's flags turn T for `us`; its own updates among them are recorded as acknowledged. */
export function acknowledge(ctx: Ctx, sender: number, us: readonly number[]): void {
  turnT(ctx, sender, us);
  if (!ctx.topo.config.faults) return;
  for (const u of us) if (ctx.s.updates[u].origin === sender) ctx.s.updates[u].acknowledged = true;
}
