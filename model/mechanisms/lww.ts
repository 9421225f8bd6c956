/**
 * Last-writer-wins on skewed physical clocks (README.md, "lww"): a write's timestamp is a global
 * clock that ticks once per write plus its writer's offset (the first writer runs `clockSkew`
 * ticks ahead); every replica sorts each item by (timestamp, host). Converges, but an effect
 * written on a slow clock can be ordered before its cause. No hold-back anywhere.
 */
import type { OrderingMechanism } from '../mechanism.ts';
import type { Topology } from '../topology.ts';
import { arrangeByKey } from './common.ts';
import { SKELETON, promiseList } from './promises.ts';

/** The clock offset of `node`: `clockSkew` for the first node allowed to write, 0 otherwise. */
export function clockOffset(topo: Topology, node: number): number {
  const first = topo.writer.indexOf(1);
  return node === first ? topo.knobs.clockSkew : 0;
}

/** Last writer wins by (physical timestamp, host). */
export const lww: OrderingMechanism = {
  name: 'lww',
  promises: promiseList(SKELETON, 'eventual-consistency', 'ca-state', 'strong-convergence', 'read-your-writes', 'progress'),
  description: 'Last writer wins: every replica orders an item by (skewed physical timestamp, host); converges, but can order an effect before its cause.',
  totalOrder: false,
  // (Stop 31) Its order needs no dependency list on the wire (measure's metadata bytes: the stamp alone).
  readsDeps: false,
  symmetric: false,
  stamp: (ctx, s, origin) => [s.updates.length + 1 + clockOffset(ctx.topo, origin)],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit: (_ctx, _s, collected) => collected.slice(),
  arrange: (_ctx, updates, _node, order) => arrangeByKey(updates, order),
  peer: (_ctx, _s, _from, _to, candidates) => candidates.slice(),
};
