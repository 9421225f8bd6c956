/**
 * An instance executes at its destination and removes itself (seed 001, 3.4.3 (v)-(vi)):
 * - RU at a server: its updates (with their UT-DI, plus this arrival) join the Collection-VLDS,
 *   except those the server already collected, ordered or committed (duplicate suppression);
 * - ReRU: merging (phase 5) of the committed updates on the items the receiver holds; the
 *   receiver's cursor advances to the instance's;
 * - IR at a host: installs the snapshot (initial-replication.ts);
 * - ROI at a server: recorded in Hosts-Replicated-Objects-Obj and passed one level up;
 * - (issue 13) PEER at a host: the receiver's side of a peer exchange (peer.ts).
 * A delivery whose instance name the destination's Host Manager already let execute is
 * discarded (duplicate suppression). While extra copies remain the instance stays, executing.
 */
import { demand, type Ctx } from './context.ts';
import { removeInstance } from './iira.ts';
import { installSnapshot, recordRoi } from './initial-replication.ts';
import { committedAt, merge } from './replica.ts';
import type { InstanceRuntime } from './state.ts';
import { bodyEntries } from './vlds.ts';
import { afterExecution, demandUp } from './faults.ts';
import { acknowledge } from './metadata.ts';
import { installServer } from './growing.ts';
import { isServerKind } from './topology.ts';
import { receivePeer } from './peer.ts';
import { recordSendTimes } from './propagation.ts';
import { awaitsOwedData, dropsBatch } from './object-filter.ts';

/** Applies `execute {instance}`. */
export function applyExecute(ctx: Ctx, name: string): void {
  const inst = ctx.instance(name);
  demand(inst.at === 'destination' && inst.state === 'executing', `${name} has not been delivered (it is ${inst.state} at ${ctx.ids[inst.vlds.header.sender]})`);
  const dest = inst.vlds.header.destination;
  demandUp(ctx, dest);
  const hm = ctx.rt(dest).hm;
  const suppressed = ctx.topo.knobs.duplicateSuppression && hm.executed.includes(name);
  // (Issue 13, seed order) An offer executes as the user's selection (select); only a copy of an executed one is discarded here.
  demand(suppressed || !inst.vlds.objectsInformation?.offerOnly, `${name} is an offer: it executes as the user's selection (select)`);
  // (Stop 25) A batch of a cell the host moved to waits while another cell owes it data.
  demand(!awaitsOwedData(ctx, inst), `${name} waits at ${ctx.ids[dest]} until the data another cell owes it has been installed`);
  if (!suppressed) {
    hm.executed.push(name);
    run(ctx, inst);
    afterExecution(ctx, dest);
  }
  if (inst.copies > 0) inst.copies--;
  else {
    inst.state = 'removing';
    inst.trail.push('removing');
    removeInstance(ctx, inst);
  }
}

function run(ctx: Ctx, inst: InstanceRuntime): void {
  const dest = inst.vlds.header.destination;
  const v = inst.vlds;
  if (v.kind === 'RU') {
    const iira = ctx.rt(dest).iira;
    // (Issue 13) `relayDedup: false` (a broken variant for peerRelay) suppresses by instance name only.
    const byId = ctx.topo.knobs.duplicateSuppression && ctx.topo.knobs.relayDedup;
    for (const e of bodyEntries(v.updates)) {
      const u = e.update;
      const known = iira.collection.includes(u) || iira.flags.some((r) => r.update === u) || committedAt(ctx, dest, u);
      if (byId && known) continue;
      iira.collection.push(u);
      recordSendTimes(ctx, dest, e);
    }
  } else if (v.kind === 'ReRU') {
    const us = bodyEntries(v.updates).map((e) => e.update).filter((u) => ctx.holds(dest, ctx.s.updates[u].item));
    // (Issue 13) A relayed batch without de-duplication is inserted as it comes.
    // (Issue 13, cross-zone gap) Only the stream of the cell the host is registered at moves its
    // cursor: another cell (or a relay of it) filtered the batch on its own, possibly outdated, view of the host's objects.
    // Only where a host can add an object (interestChanges): else its objects never outgrow a cell's view.
    const foreign = ctx.topo.knobs.moveCursorGuard && ctx.topo.config.bounds.interestChanges > 0 && !isServerKind(ctx.topo.nodes[dest].kind) && (ctx.rt(dest).parent !== v.header.sender || v.header.relay !== undefined);
    // (Finding 10, object-filter.ts) A batch not filtered on everything the host holds or awaits is dropped.
    if (!dropsBatch(ctx, dest, v)) merge(ctx, dest, us, foreign ? undefined : v.cursor, v.header.relay === undefined || ctx.topo.knobs.handoffDedup);
    // (Issue 13) The acknowledgement carries the receiver's cursor back to the sender.
    // (Cross-zone gap) Another cell's batch, merged without moving the cursor, is acknowledged up
    // to its own cursor all the same: that cell delivered its view up to there and must not resend it.
    const store = ctx.rt(dest).store;
    acknowledge(ctx, v.header.sender, dest, foreign && v.header.relay === undefined ? Math.max(store.committed, v.cursor) : store.committed);
  } else if (v.kind === 'IR') {
    // (Issue 13) An IR to a joining server installs a full replica (growing.ts).
    if (isServerKind(ctx.topo.nodes[dest].kind)) installServer(ctx, inst);
    else installSnapshot(ctx, inst);
  } else if (v.kind === 'ROI') {
    recordRoi(ctx, inst);
  } else if (v.kind === 'PEER') {
    // (Issue 13, knob peerInstances) The receiver's side of a peer exchange (peer.ts).
    receivePeer(ctx, dest, bodyEntries(v.updates).map((e) => e.update));
  }
}
