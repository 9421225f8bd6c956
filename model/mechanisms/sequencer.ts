/**
 * The flat sequencer (README.md, "sequencer"): nothing orders below the MS. Cells and zones relay
 * collected updates in arrival order; the MS numbers them in arrival order, holding back only an
 * update whose origin's earlier updates have no Global ID yet (FIFO). Total order and FIFO hold;
 * causal order does not (a dependency created by a peer exchange can be numbered after its effect).
 */
import type { OrderingMechanism } from '../mechanism.ts';
import { arrangeByGid, releaseFifo } from './common.ts';
import { peerFifo } from './peer-filters.ts';
import { SKELETON, CONVERGENT, promiseList } from './promises.ts';

/** One flat sequencer at the MS, FIFO per origin, no causal ordering. */
export const sequencer: OrderingMechanism = {
  name: 'sequencer',
  promises: promiseList(SKELETON, CONVERGENT, 'total-order', 'fifo-order', 'monotonic-writes', 'read-your-writes', 'progress'),
  description: 'A single flat sequencer: cells and zones relay in arrival order, the MS assigns Global IDs in arrival order holding back only per-origin gaps; total order and FIFO, not causal order.',
  totalOrder: true,
  // (Stop 31) Its order needs no dependency list on the wire (measure's metadata bytes: the stamp alone).
  readsDeps: false,
  stamp: () => [],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit(ctx, s, collected) {
    if (!ctx.topo.knobs.fifoHoldBack) return collected.slice();
    return releaseFifo(s.updates, collected, (w) => s.updates[w]!.gid !== 0);
  },
  arrange: (_ctx, updates, _node, order, committed) => arrangeByGid(updates, order, committed),
  peer(ctx, s, _from, to, candidates) {
    if (!ctx.topo.knobs.fifoHoldBack) return candidates.slice();
    return peerFifo(ctx, s, to, candidates);
  },
};
