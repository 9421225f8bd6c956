/**
 * hierarchical (seed 001's strategy, the default): CSR and ZSR-IIRAs release causally (an update
 * waits until each of its dependencies is ordered or committed at the server), the MSR-IIRA
 * assigns Global IDs causally (each dependency has one), replicas merge by Global ID, and peers
 * deliver causally. Knob `causalHoldBack: false` removes every hold-back (a broken variant).
 */
import type { OrderingPolicy } from './policy.ts';
import { gidMerge } from './merge-orders.ts';
import { deliverAll, deliverCausally } from './peer-filters.ts';
import { arrival, causalRelease, hasGid, knownAtServer } from './release.ts';

/** The hierarchical strategy. */
export const hierarchical: OrderingPolicy = {
  name: 'hierarchical',
  description: 'cells and zones order causally, the MS assigns Global IDs extending happens-before; replicas merge by Global ID',
  totalOrder: true,
  localApply: true,
  clock: 'none',
  holdBack: 'their causal predecessors are not known there',
  release: (ctx, i, pending) => (ctx.topo.knobs.causalHoldBack ? causalRelease(ctx, pending, knownAtServer(ctx, i)) : arrival(pending)),
  commit: (ctx, pending) => (ctx.topo.knobs.causalHoldBack ? causalRelease(ctx, pending, hasGid(ctx)) : arrival(pending)),
  arrange: gidMerge,
  peer: (ctx, _from, to, candidates) => (ctx.topo.knobs.causalHoldBack ? deliverCausally(ctx, to, candidates) : deliverAll(candidates)),
};
