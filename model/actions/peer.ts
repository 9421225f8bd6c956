/**
 * Peer-to-peer exchange (seed 001 3.2, "exchanging recent updates between nearby publishers in
 * the same geographic area"): a connected mobile member sends a connected mobile member of the
 * same cell its tentative updates (not committed at the sender) on items the receiver holds and
 * lacks; the mechanism decides which of them may be delivered (the hierarchical one holds back
 * an update whose causal past the receiver lacks). They become visible at the receiver as
 * tentative updates; the receiver does not flag them (their origin propagates its own).
 * One fused step (the seed gives no agent protocol for it): `PEER` instances never appear.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { MOBILE } from '../topology.ts';
import type { Ctx } from './context.ts';
import { isCommittedAt } from './context.ts';
import { insertUpdates } from './merge.ts';
import type { Act } from './types.ts';

/** True when `i` can take part in a peer exchange at all. */
export function canPeer(ctx: Ctx, s: ReplicationState, i: number): boolean {
  const n = s.nodes[i]!;
  return ctx.topo.kind[i] === MOBILE && n.member && n.connected && !n.down;
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

/** The peer exchange from `a` to `b`, if it would deliver something. */
export function enumeratePeer(ctx: Ctx, s: ReplicationState, a: number, b: number, out: Act[]): void {
  if (a === b || !canPeer(ctx, s, b)) return;
  const sender = s.nodes[a]!;
  const receiver = s.nodes[b]!;
  if (sender.parent !== receiver.parent) return;
  const shared = sender.objects & receiver.objects;
  if (!shared || !sender.applied.length) return;
  let visible: Set<number> | undefined;
  const candidates: number[] = [];
  for (const item of ctx.topo.itemsOf(shared)) {
    for (const id of sender.order[item]!) {
      if (isCommittedAt(s.updates[id]!, sender)) continue;
      visible ??= new Set(receiver.applied);
      if (!visible.has(id)) candidates.push(id);
    }
  }
  if (!candidates.length) return;
  const ids = ctx.mech.peer(ctx.mctx, s, a, b, candidates);
  if (ids.length) out.push({ t: 'peer', from: a, to: b, ids, ups: s.updates });
}

/** Applies a peer exchange: the receiver inserts the updates as tentative ones. */
export function applyPeer(ctx: Ctx, d: Draft, a: Extract<Act, { t: 'peer' }>): void {
  insertUpdates(ctx, d, a.to, a.ids);
}
