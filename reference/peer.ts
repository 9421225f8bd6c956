/**
 * Peer-to-peer exchange (seed 001, 3.2: "exchanging recent updates between nearby publishers in
 * the same geographic area"): a connected mobile member offers a connected mobile member of the
 * same cell its tentative updates (not committed at the sender) on items the receiver holds and
 * has not applied, in the sender's order (item by item, each in its value sequence). The
 * mechanism decides what is delivered and in which order (mechanisms/peer-filters.ts: causal
 * delivery for hierarchical, vector-causal and bayou, FIFO for sequencer, nothing for lamport
 * and primary-copy, everything otherwise). The receiver merges them as tentative updates and
 * does not flag them (their origins propagate their own). One step: sending and executing are
 * fused.
 */
import { demand, sameList, type Ctx } from './context.ts';
import { committedAt, merge } from './replica.ts';

/** What `from` offers `to` before the mechanism filters it, or a reason the pair cannot exchange. */
export function peerCandidates(ctx: Ctx, from: number, to: number): number[] | string {
  if (!ctx.topo.knobs.peerExchange) return 'peer exchange is switched off (knob peerExchange)';
  if (from === to) return 'a host does not exchange with itself';
  for (const i of [from, to]) {
    const rt = ctx.rt(i);
    if (ctx.topo.nodes[i].kind !== 'mobile') return `${ctx.ids[i]} is not a mobile host`;
    if (!rt.member) return `${ctx.ids[i]} is not a member`;
    if (!rt.hm.connected) return `${ctx.ids[i]} is disconnected`;
  }
  if (ctx.rt(from).parent !== ctx.rt(to).parent) return `${ctx.ids[from]} and ${ctx.ids[to]} are in different cells`;
  const applied = new Set(ctx.rt(to).store.log);
  return ctx.rt(from).store.rows
    .flatMap((rows, d) => (ctx.holds(to, d) ? rows : []))
    .filter((u, k, all) => all.indexOf(u) === k && !committedAt(ctx, from, u) && !applied.has(u));
}

/** What `from` would give `to` now ([] when nothing), or a reason the pair cannot exchange. */
export function peerPayload(ctx: Ctx, from: number, to: number): number[] | string {
  const candidates = peerCandidates(ctx, from, to);
  return typeof candidates === 'string' ? candidates : ctx.policy.peer(ctx, from, to, candidates);
}

/** Applies `peer {from, to, updates}`. */
export function applyPeer(ctx: Ctx, fromId: string, toId: string, names: string[]): void {
  const from = ctx.node(fromId);
  const to = ctx.node(toId);
  const p = peerPayload(ctx, from, to);
  demand(typeof p !== 'string', p as string);
  const list = p as number[];
  const offered = peerCandidates(ctx, from, to) as number[];
  demand(offered.length > 0, `${fromId} has nothing ${toId} lacks and may receive`);
  demand(list.length > 0, `${ctx.mechanism} delivers none of [${ctx.updateNames(offered).join(', ')}] from ${fromId} to ${toId} now`);
  const listed = names.map((n) => ctx.update(n));
  demand(sameList(listed, list), `${fromId} would give ${toId} [${ctx.updateNames(list).join(', ')}], not [${names.join(', ')}]`);
  merge(ctx, to, list);
}
