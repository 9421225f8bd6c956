/**
 * Cheap necessary conditions a drain-only random sample uses to skip nodes without enumerating
 * their actions (index.ts, `sampleAct`). Each may say "maybe" where nothing is enabled, never
 * "no" where a drain action is: a node ruled out here has no drain action, so skipping it changes
 * how often a walk asks its random source, never which actions a drain can reach.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Ctx } from './context.ts';
import { committedSince } from './context.ts';
import { fedByParentAlone, feedersOf, knownCursor, knownObjects } from './metadata.ts';
import { canPeer, hasTentative, peerKind } from './peer.ts';
import { awaitsHandoff, handoffOn } from './handoff.ts';
import { CELL } from '../topology.ts';

let servingFor: readonly unknown[] | null = null;
let serving = new Set<number>();

/** The nodes an IR instance still being created is addressed to (kept for the last instance list asked about). */
export function servingOf(s: ReplicationState): Set<number> {
  if (servingFor !== s.instances) {
    serving = new Set();
    for (const x of s.instances) if (x.state === 'creating') serving.add(x.to);
    servingFor = s.instances;
  }
  return serving;
}

/** A necessary condition for some peer exchange to be enabled: a host that is up and could send one (canPeer: mobile, or any host with peerInstances). */
export function mayPeerAnywhere(ctx: Ctx, s: ReplicationState): boolean {
  if (!ctx.topo.knobs.peerExchange) return false;
  for (let i = ctx.topo.firstHost; i < ctx.topo.nodeCount; i++) {
    if (!s.nodes[i]!.down && canPeer(ctx, s, i) && hasTentative(s, i)) return true;
  }
  return false;
}

/**
 * A cheap necessary condition for node `i` to have a drain action (so a drain-only sample skips
 * idle nodes without enumerating them): {@link nodeMayDrain}, or it is a member that is up and
 * has an IR instance waiting to be served, or is a cell holding a ReRU that awaits its handoff.
 * `alone`: metadata.ts `fedByParentAlone` for `i`, when the caller knows it (see {@link nodeMayDrain});
 * false is always safe (every server that may feed `i` is then looked at, without the memo).
 */
export function mayDrain(ctx: Ctx, s: ReplicationState, i: number, serving: Set<number>, alone?: boolean): boolean {
  if (nodeMayDrain(ctx, s, i, alone)) return true;
  const n = s.nodes[i]!;
  if (!n.member || n.down) return false;
  if (serving.has(i)) return true;
  // (Sweep 33 F1) A cell's ReRU to a host that moved away waits for the cell's handoff step.
  if (ctx.topo.kind[i] === CELL && handoffOn(ctx.topo)) {
    for (const x of s.instances) if (x.from === i && awaitsHandoff(ctx, s, x)) return true;
  }
  return false;
}

/**
 * The part of {@link mayDrain} that reads no instance (issue 17: drain-index.ts keeps it per
 * node over a walk): node `i` is down and may recover, its link is cut, it awaits
 * re-registrations; or it is a member that is up and is disconnected, has something flagged F or
 * collected, has a CRD step pending, is owed committed updates by a server that feeds it
 * ({@link owed}), or holds tentative updates a peer could lack. While `i` is fed by its parent
 * alone (metadata.ts `fedByParentAlone`, which a caller that knows it passes as `alone`), it reads
 * node `i`, its parent's node and the update list.
 */
export function nodeMayDrain(ctx: Ctx, s: ReplicationState, i: number, alone?: boolean): boolean {
  const n = s.nodes[i]!;
  // (Sweep 33 F2) A joiner server's link may be cut before it joins: its heal drains it.
  if ((n.down && !n.lost) || n.cut || n.rebind) return true;
  if (!n.member || n.down) return false;
  if (!n.connected || n.flagF.length || n.collected.length || n.crd) return true;
  if (n.parent >= 0 && owed(ctx, s, i, alone ?? fedByParentAlone(ctx, s, i))) return true;
  return peerKind(ctx, i) && ctx.topo.knobs.peerExchange && tentative(ctx, s, i);
}

/**
 * (Issue 17) The memos of {@link owed} and {@link tentative}, per node index: one flat record of
 * {@link STRIDE} slots (so a look-up touches one cache line, not one per array: a drain sample
 * asks about random nodes of 10,000 on `huge`). Owed: the node object, its parent's node object
 * and the update list last asked about, and the answer; tentative: the node object and the update
 * list, and the answer. Node objects and the update list are replaced, never edited, when they
 * change (model/state.ts), so the same key objects give the same answer.
 */
const STRIDE = 8;
const O_NODE = 0, O_PARENT = 1, O_UPDATES = 2, O_VALUE = 3, T_NODE = 4, T_UPDATES = 5, T_VALUE = 6;
let memoCtx: Ctx | null = null;
let memo: unknown[] = [];
/** Set while {@link withoutMemo} runs. */
let bypass = false;

function memoOf(ctx: Ctx): unknown[] {
  if (memoCtx !== ctx) {
    memoCtx = ctx;
    memo = new Array(STRIDE * ctx.topo.nodeCount).fill(null);
  }
  return memo;
}

/** Runs `f` with the memos of this file consulted by no look-up (each answer computed afresh): for tests. */
export function withoutMemo<T>(f: () => T): T {
  bypass = true;
  try {
    return f();
  } finally {
    bypass = false;
  }
}

/**
 * peer.ts `hasTentative`, remembered per node index while the node object and the update list are
 * the same (both are replaced, never edited, when they change): a host's log is scanned to its
 * start when every update in it is committed, and a drain step asks about every mobile host it samples.
 */
function tentative(ctx: Ctx, s: ReplicationState, i: number): boolean {
  const m = memoOf(ctx);
  const n = s.nodes[i]!;
  const at = STRIDE * i;
  if (m[at + T_NODE] === n && m[at + T_UPDATES] === s.updates && !bypass) return m[at + T_VALUE] === true;
  const v = hasTentative(s, i);
  m[at + T_NODE] = n;
  m[at + T_UPDATES] = s.updates;
  m[at + T_VALUE] = v;
  return v;
}

/** Scratch for {@link owed} (synchronous, not reentrant). */
const FEEDERS: number[] = [];

/**
 * (Issue 17) Whether a server that feeds node `i` (metadata.ts `feedersOf`: its parent, and after a
 * move an old cell that still registers it) may owe it a ReRU: it has committed an update past the
 * cursor it knows `i` has, on an object it believes `i` holds (propagate.ts `enumerateSendDown`'s
 * test before its guards). Before, the test was "its parent's cursor is ahead of its own": on
 * `huge` most hosts trail their cell only by updates on objects they do not hold, and every drain
 * step enumerated about six of them to find nothing; and a host whose own cursor had moved ahead
 * of what its server knew (`handoff`) was skipped while a ReRU to it was enabled.
 */
function owed(ctx: Ctx, s: ReplicationState, i: number, alone: boolean): boolean {
  if (!alone) return owedBy(ctx, s, i);
  // (Issue 17) Fed by its parent alone (metadata.ts), the answer is a function of the node, its
  // parent and the update list: about three in four hosts a drain sample asks about on `huge` are
  // unchanged since they were last asked about.
  const m = memoOf(ctx);
  const n = s.nodes[i]!;
  const parent = s.nodes[n.parent]!;
  const at = STRIDE * i;
  if (m[at + O_NODE] === n && m[at + O_PARENT] === parent && m[at + O_UPDATES] === s.updates && !bypass) return m[at + O_VALUE] === true;
  const v = owedBy(ctx, s, i, true);
  m[at + O_NODE] = n;
  m[at + O_PARENT] = parent;
  m[at + O_UPDATES] = s.updates;
  m[at + O_VALUE] = v;
  return v;
}

/** {@link owed} without the memo (`alone`: as there, so only the parent is a feeder to look at). */
function owedBy(ctx: Ctx, s: ReplicationState, i: number, alone = false): boolean {
  const feeders = FEEDERS;
  feeders.length = 0;
  feedersOf(ctx, s, i, feeders, alone);
  for (let f = 0; f < feeders.length; f++) {
    const p = feeders[f]!;
    const after = knownCursor(s, p, i);
    if (s.nodes[p]!.committed > after && committedSince(ctx.topo, s, p, knownObjects(ctx, s, p, i), after, ctx.mech.totalOrder).length > 0) return true;
  }
  return false;
}
