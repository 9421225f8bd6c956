/**
 * Derived views of a state that several properties share, memoised on the identity of the
 * arrays they come from (states share unchanged arrays, so a view is computed once per distinct
 * array, not once per state): which updates a replica has merged, which updates fall on the
 * items an object bitmask covers, where a replica first applied each update, where an update
 * currently is (for explanations), and (prop26) a token for the shape of the updates.
 */
import { type Bits, emptyBits, hasBit, setBit } from './bitset.ts';
import { isServer, type Statics, updateName } from './context.ts';
import type { NodeView, ReplicationState, UpdateView } from '../traces/replication.ts';

/**
 * (Issue 17) The last few answers: every property asks about the nodes of one state in turn, so
 * a small ring of recent `order` arrays answers most calls with a few pointer comparisons.
 * (med24) Nothing more: a WeakMap from every `order` array ever seen (one per distinct replica
 * order, millions on `medium`) cost more in lookups, insertions and the collector's ephemeron
 * work than recomputing the bits of a ring miss (about 8% of medium-all's CPU).
 */
const RING = 16;
const ringKeys: (number[][] | null)[] = new Array(RING).fill(null);
const ringBits: (Bits | null)[] = new Array(RING).fill(null);
let ringNext = 0;

/** `visible(r)`: the updates merged into `r` (every id in its per-item orders). */
export function visibleBits(node: NodeView): Bits {
  const order = node.order;
  for (let i = 0; i < RING; i++) if (ringKeys[i] === order) return ringBits[i]!;
  // (prop26) Indexed loops: `for...of` over orders of mixed element kinds (the shared empty list
  // is frozen) allocated an iterator result per element.
  let max = -1;
  for (let d = 0; d < order.length; d++) {
    const seq = order[d];
    for (let i = 0; i < seq.length; i++) if (seq[i] > max) max = seq[i];
  }
  const b = emptyBits(max + 1);
  for (let d = 0; d < order.length; d++) {
    const seq = order[d];
    for (let i = 0; i < seq.length; i++) setBit(b, seq[i]);
  }
  ringKeys[ringNext] = order;
  ringBits[ringNext] = b;
  ringNext = (ringNext + 1) % RING;
  return b;
}

const heldMemo = new WeakMap<UpdateView[], Map<number, Bits>>();
let lastHeldUpdates: UpdateView[] | null = null;
let lastHeldByMask: Map<number, Bits> | null = null;
let lastHeldMask = 0;
let lastHeld: Bits | null = null;

/** The updates (generated so far) on items an object bitmask covers. */
export function heldUpdateBits(st: Statics, updates: UpdateView[], mask: number): Bits {
  // (Issue 17) Neighbouring states nearly always share their updates array: one slot before the WeakMap.
  if (updates === lastHeldUpdates && mask === lastHeldMask && lastHeld !== null) return lastHeld;
  let byMask = updates === lastHeldUpdates ? lastHeldByMask! : heldMemo.get(updates);
  if (!byMask) heldMemo.set(updates, (byMask = new Map()));
  let b = byMask.get(mask);
  if (!b) {
    b = emptyBits(updates.length);
    updates.forEach((u, i) => {
      if (st.holdsItem(mask, u.item)) setBit(b!, i);
    });
    byMask.set(mask, b);
  }
  lastHeldUpdates = updates;
  lastHeldByMask = byMask;
  lastHeldMask = mask;
  lastHeld = b;
  return b;
}

/** (Issue 13) {@link heldUpdateBits} for a node: its objects' updates but those on items its user did not select. */
export function heldUpdateBitsOf(st: Statics, updates: UpdateView[], node: NodeView): Bits {
  const held = heldUpdateBits(st, updates, node.objects);
  if (!node.unselected) return held;
  const b = emptyBits(updates.length);
  updates.forEach((u, i) => { if (hasBit(held, i) && !node.unselected!.includes(u.item)) setBit(b, i); });
  return b;
}

const itemMemo = new WeakMap<UpdateView[], Bits[]>();
let lastItemUpdates: UpdateView[] | null = null;
let lastItem: Bits[] | null = null;

/** Per item index, the updates generated on it. */
export function itemUpdateBits(st: Statics, updates: UpdateView[]): Bits[] {
  if (updates === lastItemUpdates && lastItem !== null && lastItem.length === st.itemNames.length) return lastItem;
  let per = itemMemo.get(updates);
  if (!per) {
    per = st.itemNames.map(() => emptyBits(updates.length));
    updates.forEach((u, i) => setBit(per![u.item], i));
    itemMemo.set(updates, per);
  }
  lastItemUpdates = updates;
  lastItem = per;
  return per;
}

/** (med24) The last few answers of {@link firstApplied}, and no WeakMap (as for {@link visibleBits}). */
const appliedKeys: (number[] | null)[] = new Array(RING).fill(null);
const appliedVals: (Int32Array | null)[] = new Array(RING).fill(null);
let appliedNext = 0;

/** Per update id, the position of its first insertion in an `applied` log, -1 if never applied. */
export function firstApplied(applied: number[], n: number): Int32Array {
  for (let i = 0; i < RING; i++) {
    if (appliedKeys[i] === applied) {
      const hit = appliedVals[i]!;
      if (hit.length >= n) return hit;
      break;
    }
  }
  const pos = new Int32Array(n).fill(-1);
  for (let i = 0; i < applied.length; i++) {
    const u = applied[i];
    if (u < n && pos[u] < 0) pos[u] = i;
  }
  for (let i = 0; i < RING; i++) if (appliedKeys[i] === applied) appliedKeys[i] = null;
  appliedKeys[appliedNext] = applied;
  appliedVals[appliedNext] = pos;
  appliedNext = (appliedNext + 1) % RING;
  return pos;
}

/**
 * Where update `u` is now, as one fact: the servers and the origin that merged or hold it, and
 * the instances that carry it, with disconnected nodes marked (an explanation aid, not for the
 * hot loop; other hosts are left out so that it stays cheap with thousands of hosts).
 */
export function whereIs(st: Statics, s: ReplicationState, u: number): string {
  const places: string[] = [];
  const origin = s.updates[u]?.origin ?? -1;
  s.nodes.forEach((node, i) => {
    if (i !== origin && !isServer(st.kinds[i])) return;
    const tags: string[] = [];
    if (hasBit(visibleBits(node), u)) tags.push('merged');
    if (node.collected.includes(u)) tags.push('collected');
    if (node.flagF.includes(u)) tags.push('flag F');
    if (node.flagT.includes(u)) tags.push('flag T');
    if (tags.length > 0) places.push(`${st.names[i]}${node.connected ? '' : ' (disconnected)'}: ${tags.join(', ')}`);
  });
  for (const inst of s.instances) {
    if (inst.updates.includes(u)) {
      places.push(`instance ${st.names[inst.from]}/${inst.n} (${inst.kind} to ${st.names[inst.to]}, ${inst.state})`);
    }
  }
  return `${updateName(st, s, u)} is at ${places.length ? places.join('; ') : 'no server, not at its origin and in no instance'}`;
}

/*
 * (prop26) The shape of a history: which updates exist, with their origin, sequence number, item
 * and dependencies, but not their Global IDs or acknowledgements. Several per-node predicates read
 * the `updates` array only through that shape (happens-before, the updates on each item), yet
 * were keyed on the array's identity, which changes every time the MS numbers an update: on a
 * state of 10,000 nodes each such change recounted every node. {@link historyShape} returns one
 * token per shape, so a key made of it changes only when an update is added.
 */
let lastShapeUpdates: readonly UpdateView[] | null = null;
let lastShapeToken: object = {};

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
  if (updates === lastShapeUpdates) return lastShapeToken;
  let same = lastShapeUpdates !== null && lastShapeUpdates.length === updates.length;
  for (let i = 0; same && i < updates.length; i++) same = sameShape(lastShapeUpdates![i], updates[i]);
  if (!same) lastShapeToken = {};
  lastShapeUpdates = updates;
  return lastShapeToken;
}
