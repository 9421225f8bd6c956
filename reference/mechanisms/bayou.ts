/**
 * bayou: updates carry Lamport clocks; the MS is the primary that commits (assigns Global IDs) in
 * arrival order once an update's causal past is committed; cells and zones relay in arrival
 * order. A replica keeps the committed prefix in Global ID order and a tentative suffix in
 * timestamp order: every merge rolls the tentative writes back and replays them (merge-orders.ts).
 * Peers do anti-entropy, delivering causally. Knob `causalHoldBack: false` removes the hold-backs.
 */
import type { OrderingPolicy } from './policy.ts';
import { rollbackReplay } from './merge-orders.ts';
import { deliverAll, deliverCausally } from './peer-filters.ts';
import { arrival, causalRelease, hasGid } from './release.ts';

/** Bayou: primary commit, tentative suffix by timestamp. */
export const bayou: OrderingPolicy = {
  name: 'bayou',
  description: 'Bayou: the MS commits in causal arrival order; tentative writes are rolled back and replayed in Lamport order',
  totalOrder: true,
  localApply: true,
  clock: 'lamport',
  holdBack: 'their causal predecessors have no Global ID yet',
  release: (_ctx, _i, pending) => arrival(pending),
  commit: (ctx, pending) => (ctx.topo.knobs.causalHoldBack ? causalRelease(ctx, pending, hasGid(ctx)) : arrival(pending)),
  arrange: rollbackReplay,
  peer: (ctx, _from, to, candidates) => (ctx.topo.knobs.causalHoldBack ? deliverCausally(ctx, to, candidates) : deliverAll(candidates)),
};
