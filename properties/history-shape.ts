/**
 * (prop26) The shape of a history: which updates exist, with their origin, sequence number, item
 * and dependencies, but not their Global IDs or acknowledgements. Several per-node predicates read
 * the `updates` array only through that shape (happens-before, the updates on each item), yet
 * were keyed on the array's identity, which changes every time the MS numbers an update: on a
 * state of 10,000 nodes each such change recounted every node. {@link historyShape} returns one
 * token per shape, so a key made of it changes only when an update is added (or its shape
 * fields change).
 */
import type { UpdateView } from '../traces/replication.ts';

let lastUpdates: readonly UpdateView[] | null = null;
let lastToken: object = {};

/** True when two updates agree on origin, seq, item and deps (by content). */
function sameShape(a: UpdateView, b: UpdateView): boolean {
  if (a === b) return true;
  if (a.origin !== b.origin || a.seq !== b.seq || a.item !== b.item) return false;
  const x = a.deps, y = b.deps;
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * A token for the shape of `updates`: the same object as for the array asked about last when
 * both have the same length and agree position by position on origin, seq, item and deps (only
 * Global IDs or other fields differ); a new object otherwise. Exact: two arrays share a token
 * only when a predicate that reads just those fields answers alike on them.
 */
export function historyShape(updates: readonly UpdateView[]): object {
  if (updates === lastUpdates) return lastToken;
  let same = lastUpdates !== null && lastUpdates.length === updates.length;
  for (let i = 0; same && i < updates.length; i++) same = sameShape(lastUpdates![i], updates[i]);
  if (!same) lastToken = {};
  lastUpdates = updates;
  return lastToken;
}
