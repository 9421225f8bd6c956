/**
 * A worked example of an ordering-mechanism plugin (`--mechanism examples/my-ordering.ts`):
 * "cell-causal", a variant of the hierarchical mechanism that keeps the causal hold-back at cells
 * and zones but lets the MS number updates in plain arrival order (no hold-back at the top).
 *
 * The question it answers: is the MS's own causal hold-back load-bearing, or do causally ordered
 * cells and zones suffice? The checker's answer is that they suffice: a cell releases an update
 * only once each of its deps is ordered there or committed there, so whatever reaches the MS
 * finds its causes already numbered or ahead of it in the same stream, even when a host writes
 * in c1, moves to c2 and writes again while its first update is still on its way up (the
 * fixture test/fixtures/mechanisms/fifo-move.json). Every property gives the same verdict as
 * with `hierarchical` (test/model/mechanisms/plugin.test.ts pins it); remove the cells' hold-back
 * too (`release: (_c, _s, _n, collected) => collected.slice()`) and causal-order breaks. (Stop 31)
 * Without a `promises` list a plugin promises every property, so `check --config small` exits 1
 * on strong-convergence, which hierarchical violates too but does not promise (its run exits 0);
 * add `promises: MECHANISMS.hierarchical.promises` (MECHANISMS from 'replcheck/mechanism') to be
 * judged as hierarchical is.
 *
 *   npx replcheck check --config test/fixtures/mechanisms/fifo-move.json --mechanism examples/my-ordering.ts
 *   npx replcheck compare --config small --mechanisms hierarchical,examples/my-ordering.ts
 *
 * A plugin is any module whose default export implements OrderingMechanism (model/mechanism.ts);
 * the building blocks in model/mechanisms/common.ts are free to use. Every method must be a pure
 * function of its arguments (no clock, no randomness): the checker calls them on states in any
 * order and expects the same answer each time.
 */
import type { OrderingMechanism } from '../model/mechanism.ts';
import { arrangeByGid, committedAt, orderedAt, releaseCausally } from '../model/mechanisms/common.ts';
import { peerCausally } from '../model/mechanisms/peer-filters.ts';

const cellCausal: OrderingMechanism = {
  name: 'cell-causal',
  description: 'Cells and zones release collected updates in causal order; the MS numbers them in arrival order (no hold-back at the top).',
  // The MS's Global IDs are still the one order every replica merges by.
  totalOrder: true,

  // No metadata: causality is read from `deps`, which the skeleton records for every update.
  stamp: () => [],

  // A cell or zone lets an update go once each of its deps is known there (ordered there
  // before, committed there by the ReRU stream, or released earlier in this same step).
  release(_ctx, s, server, collected) {
    const node = s.nodes[server]!;
    const ordered = orderedAt(node);
    return releaseCausally(s.updates, collected, (d) => committedAt(s.updates[d]!, node.committed) || ordered.has(d));
  },

  // The MS: everything it collected, in arrival order.
  commit: (_ctx, _s, collected) => collected.slice(),

  // Replicas: committed prefix in Global ID order, then tentative updates as received.
  arrange: (_ctx, updates, _node, order, committed) => arrangeByGid(updates, order, committed),

  // Peers: only updates whose causal past the receiver already has.
  peer: (ctx, s, _from, to, candidates) => peerCausally(ctx, s, to, candidates),
};

export default cellCausal;
