/**
 * Building blocks shared by ordering mechanisms: the committed-prefix merge, the causal-past
 * check of a peer exchange, and causal hold-back release.
 */
import type { NodeView, ReplicationState, UpdateView } from '../../traces/replication.ts';

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
  memo: Map<number, boolean> = new Map(),
): boolean {
  for (const d of updates[id]!.deps) {
    if (holds(updates[d]!.item)) {
      if (!have(d)) return false;
      continue;
    }
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
  const released = new Set<number>();
  const done = new Uint8Array(candidates.length);
  let progress = true;
  while (progress) {
    progress = false;
    for (let k = 0; k < candidates.length; k++) {
      if (done[k]) continue;
      const id = candidates[k]!;
      let ok = true;
      for (const d of depsOf(id)) {
        if (!released.has(d) && !known(d)) { ok = false; break; }
      }
      if (ok) {
        done[k] = 1;
        out.push(id);
        released.add(id);
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
