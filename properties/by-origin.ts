/**
 * The updates of each origin in sequence order, memoised per `updates` array (as a map, and as
 * two arrays, prop26): the sessions that
 * fifo-order and the session guarantees reason about (a node's writes, numbered 1, 2, ... by
 * `seq`, definition 3.1.5 "an update is ... executed locally on each host"). (Stop 37) Arrays of
 * the same origins and seqs (one that only gave Global IDs) share one map and its lists.
 */
import type { UpdateView } from '../traces/replication.ts';

const memo = new WeakMap<UpdateView[], Map<number, number[]>>();
let lastUpdates: UpdateView[] | null = null;
let last: Map<number, number[]> | null = null;

/** The maps built last, with their arrays (breadth-first search asks about neighbouring branches in turn). */
const recent: { updates: readonly UpdateView[]; map: Map<number, number[]> }[] = [];
const RECENT = 8;

/** True when `a` and `b` list the same origins and seqs, position by position. */
function sameOrigins(a: readonly UpdateView[], b: readonly UpdateView[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && (a[i].origin !== b[i].origin || a[i].seq !== b[i].seq)) return false;
  return true;
}

/** The map of {@link updatesByOrigin}, built. */
function byOrigin(updates: readonly UpdateView[]): Map<number, number[]> {
  const m = new Map<number, number[]>();
  updates.forEach((u, i) => {
    const list = m.get(u.origin) ?? [];
    list.push(i);
    m.set(u.origin, list);
  });
  for (const list of m.values()) list.sort((a, b) => updates[a].seq - updates[b].seq);
  return m;
}

/** Origin node index to its update ids, ascending by `seq`. */
export function updatesByOrigin(updates: UpdateView[]): Map<number, number[]> {
  if (updates === lastUpdates && last !== null) return last; // (issue 17) neighbouring states share it
  let m = memo.get(updates);
  if (!m) {
    // (Stop 37) An array with the same origins and seqs as one of the last few built (it only
    // gave Global IDs) shares its map: one map per array kept 22 MB for 60,000 states of a user's
    // six-update configuration. The maps are read, never written.
    m = recent.find((r) => sameOrigins(r.updates, updates))?.map;
    if (m === undefined) {
      m = byOrigin(updates);
      recent.unshift({ updates, map: m });
      if (recent.length > RECENT) recent.pop();
    }
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

/** Per map of {@link updatesByOrigin} (shared by arrays of one shape, stop 37). */
const listsMemo = new WeakMap<Map<number, number[]>, OriginLists>();
let lastListsUpdates: UpdateView[] | null = null;
let lastLists: OriginLists | null = null;

/**
 * (prop26) {@link updatesByOrigin} as two arrays in the map's order (memoised per `updates`
 * array, one look-up as for the map): the checks that walk every origin's list for every replica
 * they visit iterated the map's entries, an entry array and an iterator result per origin and replica.
 */
export function originLists(updates: UpdateView[]): OriginLists {
  if (updates === lastListsUpdates && lastLists !== null) return lastLists;
  const m = updatesByOrigin(updates);
  let o = listsMemo.get(m);
  if (o === undefined) {
    o = { origins: [...m.keys()], lists: [...m.values()] };
    listsMemo.set(m, o);
  }
  lastListsUpdates = updates;
  lastLists = o;
  return o;
}
