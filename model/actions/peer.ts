/**
 * Peer-to-peer exchange (seed 001 3.2, "exchanging recent updates between nearby publishers in
 * the same geographic area"): a connected member host sends a connected member host of the same
 * cell its tentative updates (not committed at the sender) on items the receiver holds and lacks;
 * the mechanism decides which of them may be delivered (the hierarchical one holds back an update
 * whose causal past the receiver lacks). They become visible at the receiver as tentative updates.
 * Two forms:
 * - default: one fused step between mobile hosts (`peer`); `PEER` instances never appear;
 * - knob `peerInstances` (issue 13): a `send PEER` creates a PEER instance (at most one per
 *   ordered pair in existence), which migrates through the Host Manager (it may fail and be
 *   retried, be duplicated or have its acknowledgement lost) and executes at the receiver;
 *   fixed hosts take part too. A PEER instance still migrating is lost when either end
 *   disconnects, moves, crashes or is lost (the direct link is gone; the origin still propagates
 *   its own updates): see {@link dropPeerLinks}.
 * Knob `peerRelay` (issue 13): the receiver flags F what it inserted and is not committed there,
 * so its own RU carries the updates up (servers de-duplicate by update id, knob `relayDedup`).
 * Without it the receiver does not flag them (their origin propagates its own).
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { joinIds } from '../state.ts';
import { MOBILE } from '../topology.ts';
import type { Ctx } from './context.ts';
import { hasInstanceFrom, isCommittedAt } from './context.ts';
import { insertUpdates } from './merge.ts';
import type { Act } from './types.ts';

/** True when node `i`'s kind takes part in peer exchanges (mobile hosts; every host with `peerInstances`). */
export function peerKind(ctx: Ctx, i: number): boolean {
  return ctx.topo.knobs.peerInstances ? ctx.topo.isHost(i) : ctx.topo.kind[i] === MOBILE;
}

/** True when `i` can take part in a peer exchange at all (a mobile host; any host with `peerInstances`). */
export function canPeer(ctx: Ctx, s: ReplicationState, i: number): boolean {
  const n = s.nodes[i]!;
  return peerKind(ctx, i) && n.member && n.connected && !n.down;
}

/** True when node `a` holds some update it has not committed (something a peer exchange could ship). */
export function hasTentative(s: ReplicationState, a: number): boolean {
  const n = s.nodes[a]!;
  if (!n.applied.length) return false;
  for (const list of n.order) {
    for (let k = list.length - 1; k >= 0; k--) {
      if (!isCommittedAt(s.updates[list[k]!]!, n)) return true;
    }
  }
  return false;
}

const NONE: number[] = [];

/** What `a` would give `b` now (after the mechanism's filter), [] when nothing (a shared empty list: never edit the result). */
function peerIds(ctx: Ctx, s: ReplicationState, a: number, b: number): number[] {
  if (a === b || !canPeer(ctx, s, b)) return NONE;
  const sender = s.nodes[a]!;
  const receiver = s.nodes[b]!;
  if (sender.parent !== receiver.parent) return NONE;
  const shared = sender.objects & receiver.objects;
  if (!shared || !sender.applied.length) return NONE;
  // (Issue 17) A short log is scanned; a long one is looked up in a Set.
  const applied = receiver.applied;
  let visible: Set<number> | undefined;
  let candidates: number[] | undefined;
  for (const item of ctx.topo.itemsOf(shared)) {
    for (const id of sender.order[item]!) {
      if (isCommittedAt(s.updates[id]!, sender)) continue;
      if (applied.length > 16) {
        visible ??= new Set(applied);
        if (visible.has(id)) continue;
      } else if (applied.includes(id)) {
        continue;
      }
      // An update offered once per exchange, even where an order holds it twice (duplicateSuppression=false).
      if (candidates === undefined) candidates = [id];
      else if (!candidates.includes(id)) candidates.push(id);
    }
  }
  if (!candidates) return NONE;
  return ctx.mech.peer(ctx.mctx, s, a, b, candidates);
}

/**
 * The peer exchange from `a` to `b`, if it would deliver something: a fused `peer`, or with
 * `peerInstances` a `send PEER`. `fused` forces the fused form (the timed simulation, whose
 * network delay stands for the transfer).
 */
export function enumeratePeer(ctx: Ctx, s: ReplicationState, a: number, b: number, out: Act[], fused = false): void {
  const instances = ctx.topo.knobs.peerInstances && !fused;
  if (instances && hasInstanceFrom(s.instances, a, 'PEER', b)) return;
  const ids = peerIds(ctx, s, a, b);
  if (!ids.length) return;
  if (instances) out.push({ t: 'send', from: a, to: b, kind: 'PEER', n: s.nodes[a]!.made + 1, objects: 0, ids, ups: s.updates });
  else out.push({ t: 'peer', from: a, to: b, ids, ups: s.updates });
}

/** Applies a fused peer exchange. */
export function applyPeer(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'peer' }>): void {
  receivePeer(ctx, d, a.to, a.ids);
}

/**
 * The receiver's side of a peer exchange (fused, or a PEER instance executing): inserts the
 * updates as tentative ones; with `peerRelay` flags F those it inserted that are not committed
 * there and that it does not flag already (they go up in its next RU).
 */
export function receivePeer(ctx: Ctx, d: Draft, to: number, ids: readonly number[]): void {
  const inserted = insertUpdates(ctx, d, to, ids);
  if (!ctx.topo.knobs.peerRelay || !inserted.length) return;
  const n = d.get(to);
  const relay = inserted.filter((id) => !isCommittedAt(d.updates[id]!, n) && !n.flagF.includes(id) && !n.flagT.includes(id));
  if (relay.length) d.node(to).flagF = joinIds(n.flagF, relay);
}

/**
 * (`peerInstances`) PEER instances still migrating from or to node `i` are lost: `i` disconnected,
 * moved, crashed or was lost for good. Delivered ones (executing at the receiver) stay.
 */
export function dropPeerLinks(ctx: Ctx, d: Draft, i: number): void {
  if (!ctx.topo.knobs.peerInstances) return;
  for (let k = d.instances.length - 1; k >= 0; k--) {
    const x = d.instances[k]!;
    if (x.kind === 'PEER' && x.state === 'migrating' && (x.from === i || x.to === i)) d.removeInstance(k);
  }
}
