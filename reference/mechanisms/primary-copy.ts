/**
 * primary-copy (lazy primary copy, seed 003): every object's primary copy is at the MS, the one
 * node every update reaches. A write is forwarded up (its RU travels as usual) and not applied
 * at the writer until it comes back committed through the ReRU stream; the primary numbers
 * updates in arrival order holding back per-origin gaps (knob `fifoHoldBack`); secondaries apply
 * only the committed stream, by Global ID, and exchange nothing with peers.
 */
import type { OrderingPolicy } from './policy.ts';
import { gidMerge } from './merge-orders.ts';
import { deliverNothing } from './peer-filters.ts';
import { arrival, fifoRelease, hasGid } from './release.ts';

/** Lazy primary copy at the MS. */
export const primaryCopy: OrderingPolicy = {
  name: 'primary-copy',
  description: 'lazy primary copy at the MS: writes are forwarded, not applied locally; secondaries apply the committed stream',
  totalOrder: true,
  localApply: false,
  clock: 'none',
  holdBack: 'an earlier update of their origin has no Global ID yet',
  release: (_ctx, _i, pending) => arrival(pending),
  commit: (ctx, pending) => (ctx.topo.knobs.fifoHoldBack ? fifoRelease(ctx, pending, hasGid(ctx)) : arrival(pending)),
  arrange: gidMerge,
  peer: () => deliverNothing(),
};
