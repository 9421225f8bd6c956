/**
 * Lamport timestamps with a total order by (timestamp, host) (README.md, "lamport"): every write
 * carries L = 1 + the largest clock its writer has seen; the MS commits collected updates in
 * (L, host) order, each only once stable (no smaller key can still appear: every smaller update
 * has a Global ID, and no writer with budget left could still write a smaller one). Replicas
 * merge the committed prefix by Global ID and keep their own tentative writes sorted by key;
 * peer exchange delivers nothing.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { MechanismContext, OrderingMechanism } from '../mechanism.ts';
import { arrangeByGidThenKey, compareKey, lamportClock } from './common.ts';
import { SKELETON, CONVERGENT, CAUSAL_SESSIONS, promiseList } from './promises.ts';

/** True when some writer could still generate an update whose key is below (clock, origin). */
function writerCouldUndercut(ctx: MechanismContext, s: ReplicationState, clock: number, origin: number): boolean {
  const topo = ctx.topo;
  const budget = topo.config.bounds.updatesPerHost;
  for (let q = 0; q < topo.nodeCount; q++) {
    if (!topo.writer[q] || s.nodes[q]!.writes >= budget) continue;
    const next = lamportClock(s, q);
    if (next < clock || (next === clock && q < origin)) return true;
  }
  return false;
}

/** The MS's commit: collected ids in key order while each is stable. */
function commitStable(ctx: MechanismContext, s: ReplicationState, collected: readonly number[]): number[] {
  const ups = s.updates;
  const sorted = collected.map((id, pos) => ({ id, pos }))
    .sort((a, b) => compareKey(ups, a.id, b.id) || a.pos - b.pos)
    .map((x) => x.id);
  const taken = new Set<number>();
  const out: number[] = [];
  for (const c of sorted) {
    let blocked = false;
    for (let w = 0; w < ups.length && !blocked; w++) {
      if (ups[w]!.gid === 0 && !taken.has(w) && compareKey(ups, w, c) < 0) blocked = true;
    }
    if (blocked || writerCouldUndercut(ctx, s, ups[c]!.stamp[0] ?? 0, ups[c]!.origin)) break;
    out.push(c);
    taken.add(c);
  }
  return out;
}

/** Total order by (Lamport timestamp, host), committed once stable. */
export const lamport: OrderingMechanism = {
  name: 'lamport',
  // Its liveness promises are broken on configurations where a writer stays silent: the MS waits for every
  // writer's clock to pass, so a silent writer blocks settling (issue 10), and check reports it.
  promises: promiseList(SKELETON, CONVERGENT, CAUSAL_SESSIONS, 'causal-order', 'total-order', 'fifo-order', 'strong-convergence'),
  description: 'Lamport clocks: the MS commits updates in (timestamp, host) order once no smaller timestamp can still appear; replicas keep tentative writes in timestamp order; no peer delivery.',
  totalOrder: true,
  // (Stop 31) Its order needs no dependency list on the wire (measure's metadata bytes: the stamp alone).
  readsDeps: false,
  symmetric: false,
  stamp: (_ctx, s, origin) => [lamportClock(s, origin)],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit: commitStable,
  arrange: (_ctx, updates, _node, order, committed) => arrangeByGidThenKey(updates, order, committed),
  peer: () => [],
};
