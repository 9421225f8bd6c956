/**
 * Vector-clock causal broadcast (README.md, "vector-causal"): causal delivery everywhere (the MS
 * numbers an update only after its causal past, peers deliver only causally covered updates),
 * but no total order: every replica keeps its delivery order, so concurrent updates may be
 * ordered differently at different replicas. Global IDs are stream positions only.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { OrderingMechanism } from '../mechanism.ts';
import { releaseCausally } from './common.ts';
import { peerCausally } from './peer-filters.ts';
import { SKELETON, CAUSAL_SESSIONS, promiseList } from './promises.ts';

/**
 * The vector clock of a write at `origin` as a sparse list [node, count, ...] (nodes ascending,
 * non-zero entries only): component-wise max over the clocks and (origin, seq) of every update
 * in past(origin), then origin's own entry set to the new update's seq.
 */
export function vectorClock(s: ReplicationState, origin: number): number[] {
  const vc = new Map<number, number>();
  const bump = (q: number, c: number) => { if ((vc.get(q) ?? 0) < c) vc.set(q, c); };
  const absorb = (id: number) => {
    const u = s.updates[id]!;
    bump(u.origin, u.seq);
    for (let k = 0; k + 1 < u.stamp.length; k += 2) bump(u.stamp[k]!, u.stamp[k + 1]!);
  };
  for (const id of s.nodes[origin]!.applied) absorb(id);
  s.updates.forEach((u, id) => { if (u.origin === origin) absorb(id); });
  vc.set(origin, s.nodes[origin]!.writes + 1);
  return [...vc.entries()].sort((a, b) => a[0] - b[0]).flat();
}

/** Causal, not total: replicas order by delivery. */
export const vectorCausal: OrderingMechanism = {
  name: 'vector-causal',
  promises: promiseList(SKELETON, CAUSAL_SESSIONS, 'causal-order', 'fifo-order', 'committed-prefix', 'progress'),
  description: 'Vector-clock causal broadcast: every replica delivers an update after its causal past and keeps delivery order; causal order without a total order.',
  totalOrder: false,
  // (Stop 31) Its order needs no dependency list on the wire (measure's metadata bytes: the stamp alone).
  readsDeps: false,
  symmetric: false,
  stamp: (_ctx, s, origin) => vectorClock(s, origin),
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit(ctx, s, collected) {
    if (!ctx.topo.knobs.causalHoldBack) return collected.slice();
    return releaseCausally(s.updates, collected, (d) => s.updates[d]!.gid !== 0);
  },
  arrange: (_ctx, _updates, _node, order) => order,
  peer(ctx, s, _from, to, candidates) {
    if (!ctx.topo.knobs.causalHoldBack) return candidates.slice();
    return peerCausally(ctx, s, to, candidates);
  },
};
