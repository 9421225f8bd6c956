/**
 * A deliberately broken mechanism: cells and zones forward collected updates in arrival order
 * and the MS assigns Global IDs in arrival order, with no causal hold-back anywhere (peer
 * exchanges deliver everything the receiver lacks). Replicas merge like the hierarchical
 * mechanism (committed prefix in Global ID order). A checker must find causal-order violations:
 * an effect that reaches a server before its cause gets the smaller Global ID.
 */
import type { OrderingMechanism } from '../mechanism.ts';
import { arrangeByGid } from './common.ts';
import { SKELETON, CONVERGENT, CAUSAL_SESSIONS, promiseList } from './promises.ts';

/** Arrival order at every level (broken on purpose). */
export const arrivalOrder: OrderingMechanism = {
  name: 'arrival-order',
  // A broken implementation of the seed's strategy, not a design of its own: it makes
  // hierarchical's promises, and breaks causal order (and FIFO, with a moving writer).
  promises: promiseList(SKELETON, CONVERGENT, CAUSAL_SESSIONS, 'causal-order', 'total-order', 'fifo-order', 'progress'),
  description: 'Cells, zones and the MS order collected updates by arrival only (no causal hold-back): a deliberately broken variant.',
  totalOrder: true,
  // (Stop 31) Its order needs no dependency list on the wire (measure's metadata bytes: the stamp alone).
  readsDeps: false,
  stamp: () => [],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit: (_ctx, _s, collected) => collected.slice(),
  arrange: (_ctx, updates, _node, order, committed) => arrangeByGid(updates, order, committed),
  peer: (_ctx, _s, _from, _to, candidates) => candidates.slice(),
};
