/**
 * The hierarchical mechanism (seed 001, 3.0 and 3.4.2; the default). Cells and zones give a
 * unified causal order, the MS a unified total order:
 * - a cell or zone releases a collected update only when each of its deps is already known
 *   there (ordered there before, committed there by the ReRU stream, or released earlier in the
 *   same step), in an order consistent with deps and otherwise in arrival order;
 * - the MS assigns Global IDs in the same way: an update whose causal predecessors have not
 *   reached the MS (have no Global ID yet) is held back until they have;
 * - a replica's per-item order is the committed prefix in Global ID order followed by its
 *   tentative updates in the order it received or generated them;
 * - a peer exchange delivers a tentative update only when its causal past on the receiver's
 *   items is already visible there (or delivered earlier in the same exchange).
 * The `causalHoldBack` knob set to false removes all three hold-backs (a broken variant).
 */
import type { OrderingMechanism } from '../mechanism.ts';
import { arrangeByGid, committedAt, orderedAt, releaseCausally } from './common.ts';
import { peerCausally } from './peer-filters.ts';
import { SKELETON, CONVERGENT, CAUSAL_SESSIONS, promiseList } from './promises.ts';

/** The seed's hierarchical strategy: causal order at cells and zones, total order at the MS. */
export const hierarchical: OrderingMechanism = {
  name: 'hierarchical',
  promises: promiseList(SKELETON, CONVERGENT, CAUSAL_SESSIONS, 'causal-order', 'total-order', 'fifo-order', 'progress'),
  description: 'Cells and zones release collected updates in causal order (hold-back until every dep is known there); the MS assigns Global IDs in causal order; replicas merge the committed prefix in Global ID order before their tentative updates.',
  totalOrder: true,
  // (Stop 31) Its causal hold-back reads each update's dependency list, which travels with it (measure charges it).
  readsDeps: true,

  stamp: () => [],

  release(ctx, s, server, collected) {
    if (!ctx.topo.knobs.causalHoldBack) return collected.slice();
    const node = s.nodes[server]!;
    let ordered: Set<number> | undefined;
    return releaseCausally(s.updates, collected, (d) => {
      if (committedAt(s.updates[d]!, node.committed)) return true;
      ordered ??= orderedAt(node);
      return ordered.has(d);
    });
  },

  commit(ctx, s, collected) {
    if (!ctx.topo.knobs.causalHoldBack) return collected.slice();
    return releaseCausally(s.updates, collected, (d) => s.updates[d]!.gid !== 0);
  },

  arrange: (_ctx, updates, _node, order, committed) => arrangeByGid(updates, order, committed),

  peer(ctx, s, _from, to, candidates) {
    if (!ctx.topo.knobs.causalHoldBack) return candidates.slice();
    return peerCausally(ctx, s, to, candidates);
  },
};
