/**
 * arrival-order (deliberately broken): cells, zones and the MS order by arrival only, with no
 * hold-back anywhere, and peers deliver everything the receiver lacks. Replicas still merge by
 * Global ID, so the total order survives while causal order does not.
 */
import type { OrderingPolicy } from './policy.ts';
import { gidMerge } from './merge-orders.ts';
import { deliverAll } from './peer-filters.ts';
import { arrival } from './release.ts';

/** Arrival order everywhere. */
export const arrivalOrder: OrderingPolicy = {
  name: 'arrival-order',
  description: 'cells, zones and the MS order by arrival only (broken on purpose)',
  totalOrder: true,
  localApply: true,
  clock: 'none',
  holdBack: 'it holds nothing back',
  release: (_ctx, _i, pending) => arrival(pending),
  commit: (_ctx, pending) => arrival(pending),
  arrange: gidMerge,
  peer: (_ctx, _from, _to, candidates) => deliverAll(candidates),
};
