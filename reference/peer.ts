/**
 * Peer-to-peer exchange (seed 001, 3.2: "exchanging recent updates between nearby publishers in
 * the same geographic area"): a connected mobile member gives a connected mobile member of the
 * same cell its tentative updates (not committed at the sender) on items the receiver holds and
 * lacks, in the sender's order (item by item, each in its value sequence). hierarchical holds
 * back an update whose causal past on the receiver's items is not visible there nor delivered
 * earlier in the same exchange (its deps, looking through those on items the receiver does not
 * hold: the cause may be carried by an item only the sender holds); with the
 * `causalHoldBack` knob off, and for `arrival-order`, everything lacking is delivered. The
 * receiver merges them as tentative updates and does not flag them (their origins propagate
 * their own). One step: sending and executing are fused.
 */
import { passRelease } from './causality.ts';
import { demand, sameList, type Ctx } from './context.ts';
import { committedAt, merge, visibleSet } from './replica.ts';

/** What `from` would give `to` now ([] when nothing), or a reason the pair cannot exchange. */
export function peerPayload(ctx: Ctx, from: number, to: number): number[] | string {
  if (!ctx.topo.knobs.peerExchange) return 'peer exchange is switched off (knob peerExchange)';
  if (from === to) return 'a host does not exchange with itself';
  for (const i of [from, to]) {
    const rt = ctx.rt(i);
    if (ctx.topo.nodes[i].kind !== 'mobile') return `${ctx.ids[i]} is not a mobile host`;
    if (!rt.member) return `${ctx.ids[i]} is not a member`;
    if (!rt.hm.connected) return `${ctx.ids[i]} is disconnected`;
  }
  if (ctx.rt(from).parent !== ctx.rt(to).parent) return `${ctx.ids[from]} and ${ctx.ids[to]} are in different cells`;
  const seen = visibleSet(ctx, to);
  const candidates = ctx.rt(from).store.rows
    .flatMap((rows, d) => (ctx.holds(to, d) ? rows : []))
    .filter((u, k, all) => all.indexOf(u) === k && !committedAt(ctx, from, u) && !seen.has(u));
  if (ctx.mechanism === 'arrival-order' || !ctx.topo.knobs.causalHoldBack) return candidates;
  return passRelease(candidates, (u, released) => pastCovered(ctx, to, u, (p) => seen.has(p) || released.has(p)));
}

/**
 * True when `u`'s causal past on the items `to` holds is covered: each dep on such an item is
 * visible there (or delivered earlier in the exchange); a dep on an item `to` does not hold is
 * looked through, to its own deps (the receiver cannot see it, but must see what it depended on).
 */
function pastCovered(ctx: Ctx, to: number, u: number, visible: (p: number) => boolean): boolean {
  const todo = [...ctx.s.updates[u].deps];
  const looked = new Set<number>();
  while (todo.length) {
    const d = todo.pop()!;
    if (looked.has(d)) continue;
    looked.add(d);
    if (ctx.holds(to, ctx.s.updates[d].item)) {
      if (!visible(d)) return false;
    } else todo.push(...ctx.s.updates[d].deps);
  }
  return true;
}

/** Applies `peer {from, to, updates}`. */
export function applyPeer(ctx: Ctx, fromId: string, toId: string, names: string[]): void {
  const from = ctx.node(fromId);
  const to = ctx.node(toId);
  const p = peerPayload(ctx, from, to);
  demand(typeof p !== 'string', p as string);
  const list = p as number[];
  demand(list.length > 0, `${fromId} has nothing ${toId} lacks and may receive`);
  const listed = names.map((n) => ctx.update(n));
  demand(sameList(listed, list), `${fromId} would give ${toId} [${ctx.updateNames(list).join(', ')}], not [${names.join(', ')}]`);
  merge(ctx, to, list);
}
