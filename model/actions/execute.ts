/**
 * An instance executes at its destination and removes itself (seed 001 3.4.3 (v)-(vi); executing
 * and removing are fused: nothing else runs inside the instance between them):
 * - RU at a cell, zone or MS: the updates join its Collection-VLDS (`collected`), except those it
 *   already collected, ordered or committed (duplicate suppression);
 * - ReRU: merge (phase 5) of the committed updates; the receiver's cursor advances to the
 *   instance's cursor;
 * - IR at a host: installs the snapshot (3.5 steps 2-4), then the migrated instance creates the
 *   ROI instance that returns to the host's cell (3.5 step 5, fused: it is the instance's own code);
 * - ROI at a cell or zone: recorded and forwarded one level up (3.5 steps 7-8, fused likewise);
 *   at the MS it is recorded; (issue 13) with metadata, recorded in the server's metadata
 *   (metadata.ts) and disseminated down to the other zones and cells too (roi-spread.ts);
 * - (issue 13) an executed ReRU or IR is acknowledged with the receiver's new cursor.
 * A delivered instance whose name the destination already executed is discarded (duplicate
 * suppression). While extra copies remain, the instance stays (state executing).
 */
import type { InstanceView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { append, copyInstance, joinIds } from '../state.ts';
import { MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';
import { isCommittedAt } from './context.ts';
import { insertUpdates } from './merge.ts';
import { reportRow } from './propagate.ts';
import { acknowledgeIR, setAcked } from './metadata.ts';
import { forwardRoi } from './roi-spread.ts';
import { objectFilterOn } from './handoff.ts';
import { checkpointAfterExecute } from './faults.ts';
import { installServer } from './growing.ts';
import { receivePeer } from './peer.ts';
import type { Act } from './types.ts';
import { instanceName } from './types.ts';

/** The execute action of one instance (when delivered). */
export function enumerateExecute(ctx: Ctx, s: ReplicationState, x: InstanceView, out: Act[]): void {
  if (x.state === 'executing' && !s.nodes[x.to]!.down && !waitsForOwedData(ctx, s, x)) out.push({ t: 'execute', from: x.from, n: x.n });
}

/**
 * (Stop 25, seed order, {@link objectFilterOn}) True when ReRU `x` waits at its host, unexecuted,
 * until the host's owed data installs: the host is owed data by another cell (the one its
 * selection report went to, or whose data instance is on its way), which it left by a move. Its
 * new cell's batch would move its cursor past updates of the owed objects that the other cell's
 * snapshot may not reach; dropping it instead would make the new cell resend it again and again
 * (an unbounded state space). A batch of the owing cell itself executes as usual (the snapshot
 * guard orders it with the data), and one of a cell it left is dropped (`dropsBatch`).
 */
export function waitsForOwedData(ctx: Ctx, s: ReplicationState, x: InstanceView): boolean {
  if (x.kind !== 'ReRU' || !s.nodes[x.to]!.owed || !objectFilterOn(ctx.topo)) return false;
  for (const y of s.instances) {
    if (y.kind === 'ROI' && y.added && y.from === x.to) return y.to !== x.from;
    if (y.kind === 'IR' && !y.offer && y.to === x.to) return y.from !== x.from;
  }
  return false;
}

function collect(ctx: Ctx, d: Draft, x: InstanceView): void {
  const server = d.get(x.to);
  // (Issue 13) `relayDedup: false` (a broken variant for peerRelay) keeps name-based suppression only.
  const suppress = ctx.topo.knobs.duplicateSuppression && ctx.topo.knobs.relayDedup;
  // (Issue 17) Short lists are scanned; a Set of what the server knows only for long ones.
  const small = server.collected.length + server.flagF.length + server.flagT.length + x.updates.length <= 32;
  let known: Set<number> | undefined;
  const fresh: number[] = [];
  for (const id of x.updates) {
    if (suppress) {
      if (isCommittedAt(d.updates[id]!, server) || (x.to === MASTER && d.updates[id]!.gid !== 0)) continue;
      if (small) {
        if (server.collected.includes(id) || server.flagF.includes(id) || server.flagT.includes(id) || fresh.includes(id)) continue;
      } else {
        known ??= new Set([...server.collected, ...server.flagF, ...server.flagT]);
        if (known.has(id)) continue;
        known.add(id);
      }
    }
    fresh.push(id);
  }
  if (fresh.length) d.node(x.to).collected = joinIds(server.collected, fresh);
}

function install(ctx: Ctx, d: Draft, x: InstanceView): void {
  const host = d.get(x.to);
  // (Stop 25, seed order) The owed items of the shipped objects become held with their data.
  if (host.owed) holdOwed(ctx, d, x.to, x.objects);
  const objects = d.get(x.to).objects | x.objects;
  if (objects !== d.get(x.to).objects) d.node(x.to).objects = objects;
  const ids = x.snapshot.flat().sort((a, b) => d.updates[a]!.gid - d.updates[b]!.gid);
  insertUpdates(ctx, d, x.to, ids, { committed: Math.max(host.committed, x.cursor) });
  const seed = ctx.topo.knobs.initialReplication === 'seed';
  // (Stop 24, seed order, hosts that may move) The host reported its selection before the data
  // came (3.5 step 5 precedes step 6), so the acknowledgement carries only its cursor: a row
  // written with a version of its own would overtake the registration of a move made while the
  // data was owed, and the old cell would register the host for good (metadata-convergence, 12
  // steps on test/fixtures/configs/move-add-gap-seed.json). Without moves that row only repeats
  // the report's Region and objects, and is kept (the seed presets' counts are unchanged).
  if (seed && ctx.topo.config.bounds.moves > 0) setAcked(d, x.from, x.to, d.get(x.to).committed);
  // (Issue 13) The acknowledgement carries the host's cursor and objects, versioned like its report.
  else acknowledgeIR(ctx, d, x, d.get(x.to).made + 1);
  // (Issue 13, seed order) The host reported its selection before the data came.
  if (ctx.topo.knobs.roiPropagation && !seed) reportRow(d, x.to, d.get(x.to).parent, !ctx.topo.knobs.oracle);
}

/**
 * (Stop 25, seed order) Host `h` installs the data of `objects`: its owed items of those objects
 * become held (with the items it already held); the items of its objects it still does not hold
 * are its `unselected` ones (what the user left out).
 */
function holdOwed(ctx: Ctx, d: Draft, h: number, objects: number): void {
  const topo = ctx.topo;
  const host = d.get(h);
  const owed = host.owed!;
  const now: number[] = [];
  const still: number[] = [];
  for (const item of owed) (objects & (1 << topo.itemObject[item]!) ? now : still).push(item);
  let mask = host.objects;
  for (const item of now) mask |= 1 << topo.itemObject[item]!;
  const holds = (item: number) => now.includes(item) || (topo.holdsItem(host.objects, item) && !host.unselected?.includes(item));
  const unselected = topo.itemsOf(mask).filter((item) => !holds(item));
  const n = d.node(h);
  n.objects = mask;
  if (unselected.length) n.unselected = unselected;
  else delete n.unselected;
  if (still.length) n.owed = still;
  else delete n.owed;
}

/**
 * The receiver's cursor after ReRU `x`. (Issue 13, finding 10, `moveCursorGuard`) A host's cursor
 * follows the cell it is registered at: a ReRU from another cell (its old cell, sent before it
 * learnt of a move) was filtered on that cell's view of the host's objects, which misses an
 * object the host added since, so it is merged without moving the cursor; so is a relay (its
 * cursor is the old cell's, its batch filtered on the old cell's view).
 */
function reruCursor(ctx: Ctx, d: Draft, x: InstanceView): number {
  const to = d.get(x.to);
  if (foreignBatch(ctx, d, x)) return to.committed;
  return Math.max(to.committed, x.cursor);
}

/**
 * (Finding 10, `objectFilterOn`) True when host `x.to` drops ReRU `x` unmerged: a batch of another
 * cell or a relay (filtered on another cell's view of its objects); one of its own cell that
 * starts above its cursor (`base`: sent on a cursor the cell held while the host was elsewhere);
 * one not filtered on every object it holds (`objects`); or any while it awaits a snapshot (an
 * IR instance with data; stop 25: a batch of the cell it moved to while owed data waits instead,
 * {@link waitsForOwedData}). Merging such a batch, even without moving the cursor, would give the
 * host updates on some objects past what it has on the others (a causal gap), or move its
 * cursor over a gap. Its cell's stream resends from the host's cursor.
 */
function dropsBatch(ctx: Ctx, d: Draft, x: InstanceView): boolean {
  if (!objectFilterOn(ctx.topo) || !ctx.topo.isHost(x.to)) return false;
  const host = d.get(x.to);
  if (foreignBatch(ctx, d, x) || (x.base ?? 0) > host.committed || (host.objects & ~x.objects) !== 0) return true;
  for (const y of d.instances) if (y.to === x.to && y.kind === 'IR' && !y.offer) return true;
  return false;
}


/**
 * (Finding 10) True when ReRU `x` must not move its host's cursor: from another cell or a relay,
 * in a configuration where a host can add an object (`interestChanges`); without that a host's
 * objects never outgrow a cell's view of them and the rule would only change state counts.
 */
function foreignBatch(ctx: Ctx, d: Draft, x: InstanceView): boolean {
  const topo = ctx.topo;
  if (!topo.knobs.moveCursorGuard || !topo.config.bounds.interestChanges || !topo.isHost(x.to)) return false;
  return x.from !== d.get(x.to).parent || x.relay !== undefined;
}

/** Applies one execution (or the discarding of a duplicate copy). */
export function applyExecute(ctx: Ctx, _s: ReplicationState, d: Draft, a: Extract<Act, { t: 'execute' }>): void {
  const x = d.instances[d.findInstance(a.from, a.n)]!;
  const name = instanceName(ctx.topo, x.from, x.n);
  const suppressed = ctx.topo.knobs.duplicateSuppression && d.get(x.to).executed.includes(name);
  if (!suppressed) {
    switch (x.kind) {
      case 'RU':
        collect(ctx, d, x);
        break;
      case 'ReRU':
        // (Issue 13) A batch relayed by a handoff without de-duplication is merged as it comes.
        if (!dropsBatch(ctx, d, x)) insertUpdates(ctx, d, x.to, x.updates, { committed: reruCursor(ctx, d, x), exactlyOnce: x.relay === undefined || ctx.topo.knobs.handoffDedup });
        // (Issue 13) The acknowledgement carries the receiver's new cursor back to the sender.
        // (Finding 10) A batch of another cell, merged without moving the cursor, is acknowledged as
        // delivered up to its own cursor, so that the old cell does not send it again and again.
        setAcked(d, x.from, x.to, x.relay === undefined && foreignBatch(ctx, d, x) ? Math.max(d.get(x.to).committed, x.cursor) : d.get(x.to).committed);
        break;
      case 'IR':
        if (ctx.topo.isServer(x.to)) installServer(ctx, d, x);
        else install(ctx, d, x);
        break;
      case 'ROI':
        forwardRoi(ctx, d, x);
        break;
      case 'PEER':
        // (Issue 13, knob peerInstances) The receiver's side of a peer exchange (peer.ts).
        receivePeer(ctx, d, x.to, x.updates);
        break;
    }
    const dest = d.node(x.to);
    dest.executed = append(dest.executed, name);
    checkpointAfterExecute(ctx, d, x.to);
  }
  const k = d.findInstance(a.from, a.n);
  if (x.copies > 0) {
    const y = copyInstance(x);
    y.copies = x.copies - 1;
    d.setInstance(k, y);
  }
  else d.removeInstance(k);
}
