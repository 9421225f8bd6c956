/**
 * Bayou-style commit (README.md, "bayou"): the primary (the MS) commits in arrival order once an
 * update's causal past is committed; every replica keeps the committed prefix in Global ID order
 * and re-sorts its tentative suffix by Lamport timestamp at each merge (roll back, insert, replay).
 * Anti-entropy between peers delivers causally covered updates only.
 */
import type { OrderingMechanism } from '../mechanism.ts';
import { arrangeByGidThenKey, lamportClock, releaseCausally } from './common.ts';
import { peerCausally } from './peer-filters.ts';
import { SKELETON, CONVERGENT, CAUSAL_SESSIONS, promiseList } from './promises.ts';

/** Committed prefix by the primary, tentative suffix by timestamp. */
export const bayou: OrderingMechanism = {
  name: 'bayou',
  promises: promiseList(SKELETON, CONVERGENT, CAUSAL_SESSIONS, 'causal-order', 'total-order', 'fifo-order', 'strong-convergence', 'progress'),
  description: 'Bayou: a committed prefix ordered by the primary (the MS\'s Global IDs), then a tentative suffix in Lamport-timestamp order, re-sorted at every merge.',
  totalOrder: true,
  // (Stop 31) Its causal hold-back reads each update's dependency list, which travels with it (measure charges it).
  readsDeps: true,
  symmetric: false,
  stamp: (_ctx, s, origin) => [lamportClock(s, origin)],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit(ctx, s, collected) {
    if (!ctx.topo.knobs.causalHoldBack) return collected.slice();
    return releaseCausally(s.updates, collected, (d) => s.updates[d]!.gid !== 0);
  },
  arrange: (_ctx, updates, _node, order, committed) => arrangeByGidThenKey(updates, order, committed),
  peer(ctx, s, _from, to, candidates) {
    if (!ctx.topo.knobs.causalHoldBack) return candidates.slice();
    return peerCausally(ctx, s, to, candidates);
  },
};
