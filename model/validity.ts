/**
 * Structural validity of a state: facts that hold in every reachable state of the model under
 * the default knobs, whatever the mechanism (they are not the user-facing properties, which live
 * in `properties/`; they guard the model itself in tests). Returns one line per problem found.
 */
import type { ReplicationState } from '../traces/replication.ts';
import type { Topology } from './topology.ts';

/** Problems with `s` (empty when valid). */
export function invalidities(topo: Topology, s: ReplicationState): string[] {
  const out: string[] = [];
  const nUpdates = s.updates.length;
  const badId = (id: number) => !Number.isInteger(id) || id < 0 || id >= nUpdates;
  const checkIds = (where: string, ids: readonly number[]) => {
    for (const id of ids) if (badId(id)) { out.push(`${where} lists update id ${id}, which does not exist`); return; }
  };
  const gids = new Map<number, number>();
  s.updates.forEach((u, id) => {
    checkIds(`deps of update ${id}`, u.deps);
    if (u.deps.some((d) => d >= id)) out.push(`update ${id} depends on a later update`);
    if (u.gid === 0) return;
    if (gids.has(u.gid)) out.push(`Global ID ${u.gid} assigned to updates ${gids.get(u.gid)} and ${id}`);
    gids.set(u.gid, id);
  });
  for (let g = 1; g < s.nextGid; g++) if (!gids.has(g)) out.push(`Global ID ${g} is missing (gap)`);
  for (const g of gids.keys()) if (g >= s.nextGid) out.push(`Global ID ${g} is not below nextGid ${s.nextGid}`);

  s.nodes.forEach((n, i) => {
    const id = topo.ids[i]!;
    if (topo.closure(n.objects) !== n.objects) out.push(`${id} holds an object without its related objects`);
    if (topo.isServer(i) && n.objects !== topo.allObjects) out.push(`server ${id} does not hold every object`);
    if (topo.isHost(i) && s.used.interestChanges === 0 && (n.objects & ~topo.interestMask[i]!) !== 0) {
      out.push(`${id} holds an object outside its interests and their related objects`);
    }
    // (Stop 25, seed order) An owed item is not held and has nothing merged yet.
    for (const item of n.owed ?? []) {
      if (topo.holdsItem(n.objects, item) && !n.unselected?.includes(item)) out.push(`${id} holds item ${topo.index.items[item]!.id}, whose data it is owed`);
    }
    n.order.forEach((list, item) => {
      if (list.length && (!topo.holdsItem(n.objects, item) || n.unselected?.includes(item))) out.push(`${id} has updates on item ${topo.index.items[item]!.id}, which it does not hold`);
      checkIds(`${id}'s order`, list);
      for (const u of list) if (!badId(u) && s.updates[u]!.item !== item) out.push(`${id}'s order of an item lists an update on another item`);
    });
    checkIds(`${id}'s applied log`, n.applied);
    checkIds(`${id}'s flag F`, n.flagF);
    checkIds(`${id}'s flag T`, n.flagT);
    checkIds(`${id}'s collected`, n.collected);
    if (n.committed > s.nextGid - 1) out.push(`${id}'s cursor ${n.committed} is past the last Global ID`);
    if (!topo.isServer(i) && n.collected.length) out.push(`host ${id} collected updates`);
  });
  s.instances.forEach((x, k) => {
    checkIds(`instance ${topo.ids[x.from]}/${x.n}`, x.updates);
    for (const items of x.snapshot) checkIds(`snapshot of ${topo.ids[x.from]}/${x.n}`, items);
    if (x.n < 1 || x.n > s.nodes[x.from]!.made) out.push(`instance ${topo.ids[x.from]}/${x.n} has a number its creator never made`);
    const prev = s.instances[k - 1];
    if (prev && (prev.from > x.from || (prev.from === x.from && prev.n >= x.n))) out.push('instances are not sorted by (from, n) or repeat');
  });
  for (const r of s.reads) checkIds(`a read by ${topo.ids[r.host]}`, r.seen);
  return out;
}
