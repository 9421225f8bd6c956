/**
 * lww (last writer wins): each update's UT-DI carries the writer's physical timestamp (a global
 * time ticking once per write, the first writer's clock `clockSkew` ticks ahead); nothing holds
 * anything back; every replica orders each item by (timestamp, origin), committed or not, so the
 * latest timestamp wins everywhere. Global IDs are only positions in the ReRU stream.
 */
import type { OrderingPolicy } from './policy.ts';
import { timestampOrder } from './merge-orders.ts';
import { deliverAll } from './peer-filters.ts';
import { arrival } from './release.ts';

/** Last writer wins on skewed physical clocks. */
export const lww: OrderingPolicy = {
  name: 'lww',
  description: 'last writer wins on physical timestamps with clock skew: every replica orders by (timestamp, origin)',
  totalOrder: false,
  localApply: true,
  clock: 'physical',
  holdBack: 'it holds nothing back',
  release: (_ctx, _i, pending) => arrival(pending),
  commit: (_ctx, pending) => arrival(pending),
  arrange: timestampOrder,
  peer: (_ctx, _from, _to, candidates) => deliverAll(candidates),
};
