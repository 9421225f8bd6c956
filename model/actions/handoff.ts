/**
 * (Issue 13) The handoff protocol of `move` (knob `handoff`; seed 001 3.3: a host is registered
 * in a Region, and 3.4.3 (iv)-(v): the Host Manager transfers an instance and lets it execute).
 * A moving host registers at its new cell with an ROI instance (environment.ts); once the old
 * cell has learnt the new Region (metadata.ts), it stops feeding the host, and its Host Manager
 * no longer transfers the instances it created for the host and had not transferred yet: the
 * `handoff` step hands them over.
 * - `forward`: the old cell forwards them to the new cell, which relays their updates to the
 *   host in one new ReRU instance of its own (marked `relay`, carrying the old instances' highest
 *   cursor); with `handoffDedup` (default) the new cell first drops the updates at or below the
 *   cursor the host acknowledged to it (relaying nothing when none is left), and the host merges
 *   a relayed batch exactly once like any ReRU. Without it (a broken variant) the batch is relayed whole and merged as
 *   it comes: the forwarding path trusts the old cell.
 * - `resend`: the old cell drops them; the new cell's ReRU stream resends from the cursor the
 *   host acknowledged (its registration carries it).
 * `none` (default): no handoff; instances keep their addressee (README, choice 7).
 */
import type { InstanceView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { SENT_TRAIL } from '../state.ts';
import type { Topology } from '../topology.ts';
import { CELL } from '../topology.ts';
import type { Ctx } from './context.ts';
import { rangeFrom } from './context.ts';
import { knownCursor, registeredAt, rowField } from './metadata.ts';
import type { Act } from './types.ts';



/**
 * (Finding 10) True when a ReRU to a host carries the objects its sender filtered it on (the
 * instance's `objects`), a host moves its cursor only on a batch of its own cell covering every
 * object it holds or awaits, and an interest change names the Global ID the snapshot must reach:
 * under `moveCursorGuard`, where a host can both move and add an object (elsewhere a cell's view
 * of a host's objects never falls behind the host's, and nothing changes).
 */
export function objectFilterOn(topo: Topology): boolean {
  const b = topo.config.bounds;
  return topo.knobs.moveCursorGuard && b.interestChanges > 0 && b.moves > 0 && !topo.knobs.oracle;
}

/**
 * (Finding 10) The Global ID host `h`'s request for data says the snapshot must reach (`need`):
 * its cursor, or the highest Global ID of another node's update it holds above it (a peer's
 * update, whose causes on the added object the snapshot must carry); undefined when
 * {@link objectFilterOn} is off. Named by an interest change (environment.ts) and, in the
 * seed's order, by the selection report the data instance is created from (initial-replication.ts).
 */
export function snapshotNeed(topo: Topology, d: Draft, h: number): number | undefined {
  if (!objectFilterOn(topo)) return undefined;
  const host = d.get(h);
  let top = host.committed;
  for (const ids of host.order) {
    for (const id of ids) {
      const u = d.updates[id]!;
      if (u.origin !== h && u.gid > top) top = u.gid;
    }
  }
  return top;
}

/** True when the handoff protocol is on (it needs the servers' metadata: not under `oracle`). */
export function handoffOn(topo: Topology): boolean {
  return topo.knobs.handoff !== 'none' && !topo.knobs.oracle;
}

/**
 * True when instance `x` waits for a handoff: a ReRU from a cell to a host, not yet transferred,
 * and the cell's Hosts-Obj no longer registers the host there (it learnt of a move).
 */
export function awaitsHandoff(ctx: Ctx, s: ReplicationState, x: InstanceView): boolean {
  const topo = ctx.topo;
  return handoffOn(topo) && x.kind === 'ReRU' && x.state === 'migrating' && topo.kind[x.from] === CELL
    && topo.isHost(x.to) && !registeredAt(ctx, s, x.from, x.to);
}

/** The handoff steps of cell `p`: one per host it holds instances for and no longer registers. */
export function enumerateHandoff(ctx: Ctx, s: ReplicationState, p: number, out: Act[]): void {
  const topo = ctx.topo;
  if (!handoffOn(topo) || topo.kind[p] !== CELL || s.nodes[p]!.down) return;
  const [lo, hi] = rangeFrom(s.instances, p);
  const hosts: number[] = [];
  for (let k = lo; k < hi; k++) {
    const x = s.instances[k]!;
    if (!hosts.includes(x.to) && awaitsHandoff(ctx, s, x)) hosts.push(x.to);
  }
  for (const h of hosts) {
    const to = rowField(topo, s.nodes[p]!.meta!, h - topo.firstHost, 0);
    if (to < 0 || s.nodes[to]!.down) continue;
    const ns: number[] = [];
    const held: number[] = [];
    for (let k = lo; k < hi; k++) {
      const x = s.instances[k]!;
      if (x.to !== h || !awaitsHandoff(ctx, s, x)) continue;
      ns.push(x.n);
      for (const id of x.updates) if (!held.includes(id)) held.push(id);
    }
    const ids = topo.knobs.handoff === 'forward' ? relayed(ctx, s, to, h, held) : [];
    out.push({ t: 'handoff', from: p, host: h, to, ns, ids, ups: s.updates });
  }
}

/** What the new cell relays: the held updates in Global ID order, de-duplicated unless `handoffDedup` is off. */
function relayed(ctx: Ctx, s: ReplicationState, q: number, h: number, held: readonly number[]): number[] {
  const ids = held.slice().sort((a, b) => s.updates[a]!.gid - s.updates[b]!.gid);
  if (!ctx.topo.knobs.handoffDedup) return ids;
  const covered = knownCursor(s, q, h);
  return ids.filter((id) => s.updates[id]!.gid > covered);
}

/** Applies a handoff: the old cell's pending instances go; under `forward` the new cell relays the batch. */
export function applyHandoff(d: Draft, a: Extract<Act, { t: 'handoff' }>): void {
  d.use('handoffs');
  let cursor = 0;
  for (const n of a.ns) {
    const k = d.findInstance(a.from, n);
    cursor = Math.max(cursor, d.instances[k]!.cursor);
    d.removeInstance(k);
  }
  if (!a.ids.length) return;
  const q = d.node(a.to);
  q.made += 1;
  d.addInstance({
    from: a.to, n: q.made, to: a.host, kind: 'ReRU', state: 'migrating', trail: SENT_TRAIL,
    updates: a.ids as number[], objects: 0, snapshot: [], cursor, failures: 0, copies: 0, relay: a.from,
  });
}
