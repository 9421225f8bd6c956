/**
 * What every action family needs: the static topology, the ordering mechanism, and small
 * queries over a state's instances and a node's replica used by both enumeration and effects.
 */
import type { InstanceView, NodeView, ReplicationState, UpdateView } from '../../traces/replication.ts';
import type { MechanismContext, OrderingMechanism } from '../mechanism.ts';
import type { Topology } from '../topology.ts';
import { EMPTY } from '../lists.ts';

/**
 * (Stop 25, seed order) The objects host `n` reports as its own: the objects it holds and those
 * of the items whose data it is owed (NodeView `owed`), which its cell ships and then streams.
 */
export function reportedObjects(topo: Topology, n: NodeView): number {
  let mask = n.objects;
  if (n.owed) for (const item of n.owed) mask |= 1 << topo.itemObject[item]!;
  return mask;
}

/** The model's fixed context. */
export interface Ctx {
  readonly topo: Topology;
  readonly mech: OrderingMechanism;
  readonly mctx: MechanismContext;
}

/** Builds a context. */
export function makeCtx(topo: Topology, mech: OrderingMechanism): Ctx {
  return { topo, mech, mctx: { topo } };
}

/** The half-open range [lo, hi) of instances created by node `from` (the list is sorted by from). */
export function rangeFrom(list: readonly InstanceView[], from: number): [number, number] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.from < from) lo = mid + 1; else hi = mid;
  }
  let end = lo;
  while (end < list.length && list[end]!.from === from) end++;
  return [lo, end];
}

/** True when `from` has an instance of `kind` (optionally addressed to `to`) that still exists. */
export function hasInstanceFrom(list: readonly InstanceView[], from: number, kind: InstanceView['kind'], to = -1): boolean {
  const [lo, hi] = rangeFrom(list, from);
  for (let k = lo; k < hi; k++) {
    const x = list[k]!;
    if (x.kind === kind && (to < 0 || x.to === to)) return true;
  }
  return false;
}

/** True when some instance of `kind` addressed to `to` exists (from any node). */
export function hasInstanceTo(list: readonly InstanceView[], to: number, kind: InstanceView['kind']): boolean {
  for (const x of list) if (x.to === to && x.kind === kind) return true;
  return false;
}

/** True when node `i` is reachable for a transfer: servers always; hosts when connected. */
export function reachable(s: ReplicationState, topo: Topology, i: number): boolean {
  const n = s.nodes[i]!;
  return !n.down && (topo.isServer(i) || n.connected);
}

/** True when update `u` is committed at a node (0 < gid <= its cursor). */
export function isCommittedAt(u: UpdateView, node: NodeView): boolean {
  return u.gid !== 0 && u.gid <= node.committed;
}

const depsCache = new WeakMap<readonly number[], number[]>();

/** The ids in an `applied` log, ascending and without repeats (an update's `deps`); cached per log. */
export function visibleIds(applied: readonly number[]): number[] {
  let deps = depsCache.get(applied);
  if (!deps) {
    deps = [...new Set(applied)].sort((a, b) => a - b);
    depsCache.set(applied, deps);
  }
  return deps;
}

/**
 * The committed updates a server `p` can ship to a replica holding `objects` whose cursor is
 * `after`: every id in p's order on those items with after < gid <= p.committed, in Global ID
 * order. `gidOrdered` (the mechanism's `totalOrder`): p's committed updates are in Global ID
 * order, so the scan stops at the cursor; otherwise every id is looked at.
 */
export function committedSince(topo: Topology, s: ReplicationState, p: number, objects: number, after: number, gidOrdered = true): readonly number[] {
  const server = s.nodes[p]!;
  if (server.committed <= after) return EMPTY;
  // (Issue 17) Made at the first id: most calls find none (and get the shared empty list).
  let out: number[] | undefined;
  for (const item of topo.itemsOf(objects)) {
    const order = server.order[item]!;
    // The committed prefix is in Global ID order: scan back from the end, stop at the cursor.
    for (let k = order.length - 1; k >= 0; k--) {
      const id = order[k]!;
      const g = s.updates[id]!.gid;
      if (g === 0 || g > server.committed) continue;
      if (g <= after) {
        if (gidOrdered) break;
        continue;
      }
      (out ??= []).push(id);
    }
  }
  if (out === undefined) return EMPTY;
  if (out.length > 1) out.sort((a, b) => s.updates[a]!.gid - s.updates[b]!.gid);
  return out;
}
