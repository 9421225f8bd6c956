/**
 * Expansion of the configuration shorthands into the explicit tree:
 * - `topology: {zones, cellsPerZone, mobilePerCell, fixedPerCell, joinersPerCell, interestsPerHost}`
 *   names the master `ms`, zones `z1..`, cells `c1..` (numbered across zones), mobile hosts
 *   `mh1..` and fixed hosts `fh1..` (numbered across cells; in each cell the mobile hosts come
 *   first); the last `joinersPerCell` mobile hosts of each cell join during the run.
 * - `objects: {frequent, infrequent, itemsPerObject}` names frequent objects `o1..` and
 *   infrequent (reference) objects `r1..`, items `<object>.d1..` (or the object id itself when
 *   an object has one item); frequent object `oi` is related to `r((i-1) mod infrequent + 1)`.
 * Interests are assigned round-robin: host number k (0-based, listing order) selects the frequent
 * objects k, k+1, ..., k+interestsPerHost-1 (mod the number of frequent objects).
 */
import type { ObjectInput, ObjectsShorthand, TopologyShorthand } from './config-types.ts';

/** The explicit tree a shorthand expands to. */
export interface ExpandedTree {
  master: { id: string };
  zones: { id: string; joins?: boolean }[];
  cells: { id: string; zone: string; joins?: boolean }[];
  hosts: { id: string; kind: 'mobile' | 'fixed'; cell: string; interests: string[]; joins?: boolean; leaves?: boolean }[];
}

/** Expands the objects shorthand into an explicit object list. */
export function expandObjects(o: ObjectsShorthand): ObjectInput[] {
  const per = o.itemsPerObject ?? 1;
  const infrequent = o.infrequent ?? 0;
  const items = (id: string) => (per === 1 ? [id] : Array.from({ length: per }, (_, k) => `${id}.d${k + 1}`));
  const out: ObjectInput[] = [];
  for (let i = 1; i <= o.frequent; i++) {
    const related = infrequent > 0 ? [`r${((i - 1) % infrequent) + 1}`] : [];
    out.push({ id: `o${i}`, kind: 'frequent', items: items(`o${i}`), related });
  }
  for (let i = 1; i <= infrequent; i++) out.push({ id: `r${i}`, kind: 'infrequent', items: items(`r${i}`), related: [] });
  return out;
}

/** Round-robin interests for host number `k` over the frequent object ids. */
export function roundRobinInterests(k: number, frequent: string[], perHost: number): string[] {
  if (!frequent.length) return [];
  const out: string[] = [];
  for (let j = 0; j < perHost; j++) {
    const id = frequent[(k + j) % frequent.length]!;
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** Expands a topology shorthand into the explicit tree, given the objects it refers to. */
export function expandTopology(t: TopologyShorthand, objects: ObjectInput[]): ExpandedTree {
  const frequent = objects.filter((o) => o.kind === 'frequent').map((o) => o.id);
  const perHost = t.interestsPerHost ?? 1;
  const fixed = t.fixedPerCell ?? 0;
  const joiners = Math.min(t.joinersPerCell ?? 0, t.mobilePerCell);
  const tree: ExpandedTree = { master: { id: 'ms' }, zones: [], cells: [], hosts: [] };
  let mh = 0;
  let fh = 0;
  let k = 0;
  for (let z = 1; z <= t.zones; z++) {
    tree.zones.push({ id: `z${z}` });
    for (let c = 1; c <= t.cellsPerZone; c++) {
      const cell = `c${tree.cells.length + 1}`;
      tree.cells.push({ id: cell, zone: `z${z}` });
      for (let m = 0; m < t.mobilePerCell; m++) {
        const host: ExpandedTree['hosts'][number] = {
          id: `mh${++mh}`, kind: 'mobile', cell, interests: roundRobinInterests(k++, frequent, perHost),
        };
        if (m >= t.mobilePerCell - joiners) host.joins = true;
        tree.hosts.push(host);
      }
      for (let f = 0; f < fixed; f++) {
        tree.hosts.push({ id: `fh${++fh}`, kind: 'fixed', cell, interests: roundRobinInterests(k++, frequent, perHost) });
      }
    }
  }
  return tree;
}
