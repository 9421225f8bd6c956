/**
 * Building blocks shared by ordering mechanisms: the committed-prefix merge, the causal-past
 * check of a peer exchange, causal hold-back release, and their per-origin (FIFO) forms. The
 * terms are defined in README.md ("Common vocabulary"). The peer exchange filters built on them
 * are in peer-filters.ts.
 */
import type { NodeView, ReplicationState, UpdateView } from '../../traces/replication.ts';
import type { MechanismContext } from '../mechanism.ts';

/**
 * The merge of seed 001 phase 5: committed updates (0 < gid <= committed) first, in Global ID
 * order, then the tentative ones in their current relative order. Returns `order` itself when it
 * already has that shape.
 */
export function arrangeByGid(updates: readonly UpdateView[], order: readonly number[], committed: number): readonly number[] {
  let lastGid = 0;
  let seenTentative = false;
  let sorted = true;
  for (const id of order) {
    const g = updates[id]!.gid;
    if (g !== 0 && g <= committed) {
      if (seenTentative || g < lastGid) { sorted = false; break; }
      lastGid = g;
    } else seenTentative = true;
  }
  if (sorted) return order;
  const done: number[] = [];
  const rest: number[] = [];
  for (const id of order) {
    const g = updates[id]!.gid;
    if (g !== 0 && g <= committed) done.push(id); else rest.push(id);
  }
  done.sort((a, b) => updates[a]!.gid - updates[b]!.gid);
  return done.concat(rest);
}

/**
 * True when every update in the causal past of `id` that is on an item the receiver holds is
 * `have` (already visible at the receiver, or delivered before in the same batch). A dep on an
 * item the receiver does not hold is looked through (its own deps are checked), so causality
 * carried by items the receiver does not replicate is respected. Exact under the invariant that a
 * receiver's visible set is causally closed on the items it holds (see README, "Peer exchange").
 */
export function pastCovered(
  updates: readonly UpdateView[],
  id: number,
  holds: (item: number) => boolean,
  have: (id: number) => boolean,
  memo?: Map<number, boolean>,
): boolean {
  for (const d of updates[id]!.deps) {
    if (holds(updates[d]!.item)) {
      if (!have(d)) return false;
      continue;
    }
    // (Issue 17) The memo is made only when a dep is looked through.
    memo ??= new Map();
    let ok = memo.get(d);
    if (ok === undefined) {
      memo.set(d, true); // deps are acyclic; this only guards against malformed input
      ok = pastCovered(updates, d, holds, have, memo);
      memo.set(d, ok);
    }
    if (!ok) return false;
  }
  return true;
}

/**
 * Causal hold-back: releases, in a dependency-respecting order that follows `candidates`
 * where it can, every candidate whose `deps` are all `known` or released before it. A candidate
 * listed twice (a duplicate that was not suppressed) is released as often as it is listed.
 */
export function releaseCausally(
  updates: readonly UpdateView[],
  candidates: readonly number[],
  known: (id: number) => boolean,
  depsOf: (id: number) => Iterable<number> = (id) => updates[id]!.deps,
): number[] {
  const out: number[] = [];
  // (Issue 17) What was released is `out` itself, scanned while short (a Set beyond).
  let released: Set<number> | undefined;
  const done = new Uint8Array(candidates.length);
  let progress = true;
  while (progress) {
    progress = false;
    for (let k = 0; k < candidates.length; k++) {
      if (done[k]) continue;
      const id = candidates[k]!;
      let ok = true;
      for (const d of depsOf(id)) {
        if (!(released === undefined ? out.includes(d) : released.has(d)) && !known(d)) { ok = false; break; }
      }
      if (ok) {
        done[k] = 1;
        out.push(id);
        if (released !== undefined) released.add(id);
        else if (out.length > 16) released = new Set(out);
        progress = true;
      }
    }
  }
  return out;
}

/** True when `id` is committed at a node whose Global ID cursor is `committed`. */
export function committedAt(u: UpdateView, committed: number): boolean {
  return u.gid !== 0 && u.gid <= committed;
}

/** The ids a cell or zone has already ordered (its flag-F and flag-T lists). */
export function orderedAt(node: NodeView): Set<number> {
  const s = new Set(node.flagF);
  for (const id of node.flagT) s.add(id);
  return s;
}

/** The updates visible (ever inserted) at a node: the set of its `applied` log. */
export function visibleAt(s: ReplicationState, node: number): Set<number> {
  return new Set(s.nodes[node]!.applied);
}

/** `fifoPreds(id)`: the ids of the updates of the same origin generated before it. */
export function fifoPreds(updates: readonly UpdateView[], id: number): number[] {
  const u = updates[id]!;
  const out: number[] = [];
  for (let k = 0; k < updates.length; k++) {
    const w = updates[k]!;
    if (w.origin === u.origin && w.seq < u.seq) out.push(k);
  }
  return out;
}

/**
 * FIFO release: like {@link releaseCausally} with `fifoPreds` in place of deps (an update waits
 * for its origin's earlier updates only).
 */
export function releaseFifo(updates: readonly UpdateView[], candidates: readonly number[], known: (id: number) => boolean): number[] {
  return releaseCausally(updates, candidates, known, (id) => fifoPreds(updates, id));
}

/** Compares `key(u) = (stamp[0], origin)` of two updates (negative when `a` sorts first). */
export function compareKey(updates: readonly UpdateView[], a: number, b: number): number {
  const ua = updates[a]!, ub = updates[b]!;
  return (ua.stamp[0] ?? 0) - (ub.stamp[0] ?? 0) || ua.origin - ub.origin;
}

/** True when `list` is already sorted by {@link compareKey}. */
function sortedByKey(updates: readonly UpdateView[], list: readonly number[]): boolean {
  for (let k = 1; k < list.length; k++) if (compareKey(updates, list[k - 1]!, list[k]!) > 0) return false;
  return true;
}

/**
 * Committed prefix in Global ID order, then the tentative updates sorted by `key` (stable, so
 * equal keys keep their relative order). Returns `order` itself when nothing moves.
 */
export function arrangeByGidThenKey(updates: readonly UpdateView[], order: readonly number[], committed: number): readonly number[] {
  const byGid = arrangeByGid(updates, order, committed);
  let split = 0;
  while (split < byGid.length && committedAt(updates[byGid[split]!]!, committed)) split++;
  const tentative = byGid.slice(split);
  if (sortedByKey(updates, tentative)) return byGid;
  tentative.sort((a, b) => compareKey(updates, a, b));
  return byGid.slice(0, split).concat(tentative);
}

/** The whole order sorted by `key` (stable); `order` itself when it already is. */
export function arrangeByKey(updates: readonly UpdateView[], order: readonly number[]): readonly number[] {
  if (sortedByKey(updates, order)) return order;
  return order.slice().sort((a, b) => compareKey(updates, a, b));
}

/**
 * The Lamport clock of a write at `origin`: 1 + the largest `stamp[0]` over `past(origin)`
 * (its applied log and its own earlier updates), 1 when that set is empty.
 */
export function lamportClock(s: ReplicationState, origin: number): number {
  let max = 0;
  for (const id of s.nodes[origin]!.applied) max = Math.max(max, s.updates[id]!.stamp[0] ?? 0);
  for (const u of s.updates) if (u.origin === origin) max = Math.max(max, u.stamp[0] ?? 0);
  return max + 1;
}
