/**
 * Lazy primary copy (seed 003, 3.2.1; README.md, "primary-copy"): the primary copy of every
 * object is at the MS. A write is forwarded to the primary and not applied at the writer until
 * it comes back committed (`localApply: false`); the primary orders in arrival order with FIFO
 * hold-back; secondaries apply only the primary's committed stream and never exchange updates.
 */
import type { OrderingMechanism } from '../mechanism.ts';
import { arrangeByGid, releaseFifo } from './common.ts';
import { SKELETON, CONVERGENT, promiseList } from './promises.ts';

/** Lazy primary copy at the MS. */
export const primaryCopy: OrderingMechanism = {
  name: 'primary-copy',
  promises: promiseList(SKELETON, CONVERGENT, 'causal-order', 'total-order', 'fifo-order', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'strong-convergence', 'progress'),
  description: 'Lazy primary copy: writes are forwarded to the primary (the MS), ordered there in arrival order (FIFO per origin), and applied everywhere, the writer included, only in the primary\'s order.',
  totalOrder: true,
  // (Stop 31) Its order needs no dependency list on the wire (measure's metadata bytes: the stamp alone).
  readsDeps: false,
  localApply: false,
  stamp: () => [],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit(ctx, s, collected) {
    if (!ctx.topo.knobs.fifoHoldBack) return collected.slice();
    return releaseFifo(s.updates, collected, (w) => s.updates[w]!.gid !== 0);
  },
  arrange: (_ctx, updates, _node, order, committed) => arrangeByGid(updates, order, committed),
  peer: () => [],
};
