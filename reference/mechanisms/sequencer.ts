/**
 * sequencer: one flat sequencer at the MS and nothing below it. Cells and zones relay in arrival
 * order; the MSR-IIRA numbers updates in arrival order, holding back only an update whose
 * origin's earlier updates have no Global ID yet (FIFO); replicas merge by Global ID; peers
 * deliver in FIFO order. Knob `fifoHoldBack: false` removes both hold-backs.
 */
import type { OrderingPolicy } from './policy.ts';
import { gidMerge } from './merge-orders.ts';
import { deliverAll, deliverFifo } from './peer-filters.ts';
import { arrival, fifoRelease, hasGid } from './release.ts';

/** A single sequencer at the MS. */
export const sequencer: OrderingPolicy = {
  name: 'sequencer',
  description: 'a flat sequencer at the MS numbers updates in arrival order, FIFO per origin; cells and zones relay',
  totalOrder: true,
  localApply: true,
  clock: 'none',
  holdBack: 'an earlier update of their origin has no Global ID yet',
  release: (_ctx, _i, pending) => arrival(pending),
  commit: (ctx, pending) => (ctx.topo.knobs.fifoHoldBack ? fifoRelease(ctx, pending, hasGid(ctx)) : arrival(pending)),
  arrange: gidMerge,
  peer: (ctx, _from, to, candidates) => (ctx.topo.knobs.fifoHoldBack ? deliverFifo(ctx, to, candidates) : deliverAll(candidates)),
};
