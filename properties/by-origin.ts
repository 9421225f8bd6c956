/**
 * The updates of each origin in sequence order, memoised per `updates` array (as a map, and as
 * two arrays, prop26): the sessions that
 * fifo-order and the session guarantees reason about (a node's writes, numbered 1, 2, ... by
 * `seq`, definition 3.1.5 "an update is ... executed locally on each host").
 */
import type { UpdateView } from '../traces/replication.ts';

const memo = new WeakMap<UpdateView[], Map<number, number[]>>();
let lastUpdates: UpdateView[] | null = null;
let last: Map<number, number[]> | null = null;

/** Origin node index to its update ids, ascending by `seq`. */
export function updatesByOrigin(updates: UpdateView[]): Map<number, number[]> {
  if (updates === lastUpdates && last !== null) return last; // (issue 17) neighbouring states share it
  let m = memo.get(updates);
  if (!m) {
    m = new Map();
    updates.forEach((u, i) => {
      const list = m!.get(u.origin) ?? [];
      list.push(i);
      m!.set(u.origin, list);
    });
    for (const list of m.values()) list.sort((a, b) => updates[a].seq - updates[b].seq);
    memo.set(updates, m);
  }
  lastUpdates = updates;
  last = m;
  return m;
}

/** Per origin, in the order of {@link updatesByOrigin}'s map: the origins and their lists. */
export interface OriginLists {
  readonly origins: readonly number[];
  readonly lists: readonly (readonly number[])[];
}

const listsMemo = new WeakMap<UpdateView[], OriginLists>();
let lastListsUpdates: UpdateView[] | null = null;
let lastLists: OriginLists | null = null;

/**
 * (prop26) {@link updatesByOrigin} as two arrays in the map's order (memoised per `updates`
 * array, one look-up as for the map): the checks that walk every origin's list for every replica
 * they visit iterated the map's entries, an entry array and an iterator result per origin and replica.
 */
export function originLists(updates: UpdateView[]): OriginLists {
  if (updates === lastListsUpdates && lastLists !== null) return lastLists;
  let o = listsMemo.get(updates);
  if (o === undefined) {
    const m = updatesByOrigin(updates);
    o = { origins: [...m.keys()], lists: [...m.values()] };
    listsMemo.set(updates, o);
  }
  lastListsUpdates = updates;
  lastLists = o;
  return o;
}
