/**
 * vector-causal: vector-clock causal broadcast. Each update's UT-DI carries its origin's vector
 * clock; the MSR-IIRA delivers (assigns stream positions to) an update once everything its
 * vector clock covers has been delivered, the classic causal-delivery test, which at the MS
 * (a full replica) is exact. Cells and zones relay in arrival order. Replicas keep delivery
 * order: no total order, Global IDs are only positions in the ReRU stream. Peers deliver
 * causally (on the dependencies: a partial replica cannot use vector clocks). Knob
 * `causalHoldBack: false` removes the hold-backs.
 */
import type { OrderingPolicy } from './policy.ts';
import { deliveryOrder } from './merge-orders.ts';
import { deliverAll, deliverCausally } from './peer-filters.ts';
import { arrival, hasGid, vectorRelease } from './release.ts';

/** Vector-clock causal broadcast. */
export const vectorCausal: OrderingPolicy = {
  name: 'vector-causal',
  description: 'vector-clock causal broadcast: causal delivery everywhere, replicas keep delivery order (no total order)',
  totalOrder: false,
  localApply: true,
  clock: 'vector',
  holdBack: 'their vector clocks cover updates not delivered yet',
  release: (_ctx, _i, pending) => arrival(pending),
  commit: (ctx, pending) => (ctx.topo.knobs.causalHoldBack ? vectorRelease(ctx, pending, hasGid(ctx)) : arrival(pending)),
  arrange: deliveryOrder,
  peer: (ctx, _from, to, candidates) => (ctx.topo.knobs.causalHoldBack ? deliverCausally(ctx, to, candidates) : deliverAll(candidates)),
};
