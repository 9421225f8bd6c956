/**
 * The judge's causal order and total order (spec "Causal order", "Total order"; seed 001 3.4.2:
 * cells and zones give a unified causal ordering, the MSR-IIRA a total one), read on the engine's
 * stores: a replica's value sequence per item (`store.rows`), its application log (`store.log`)
 * and its ReRU cursor (`store.committed`), and the updates' Global IDs.
 * Returns the facts of the first violation found, or undefined when the state satisfies it.
 */
import type { EngineState } from '../state.ts';
import { maskAt } from './periods.ts';
import { holdsItem, isServer, members, merged, nameOf, type JudgeScope, type RunScope } from './history.ts';

/** A value sequence read by first occurrences: a row inserted twice is exactly-once's concern, not the order's. */
function firstOccurrences(rows: readonly number[]): number[] {
  return rows.filter((u, k) => rows.indexOf(u) === k);
}

/**
 * Causal order. For every member replica `r` and `u -> v` on items `r` holds: (1) `v` merged at
 * `r` implies `u` merged; (2) `r` applied `u` before `v`, for the pairs whose object `r` held when
 * it applied `v` (an object added later legitimately brings older updates after newer ones);
 * (3) on one item, `r`'s sequence places `u` before `v`. Globally: `u -> v` with both numbered
 * means `gid(u) < gid(v)`; and nothing happens before itself.
 */
export function judgeCausal(j: RunScope, s: EngineState): string[] | undefined {
  const { past, periods } = j;
  for (let v = 0; v < s.updates.length; v++) {
    if (past[v].has(v)) return [`${nameOf(j, s, v)} happens before itself (its deps form a cycle)`];
    for (const u of past[v]) {
      const gu = s.updates[u].gid, gv = s.updates[v].gid;
      if (gu > 0 && gv > 0 && gu >= gv) return [`${nameOf(j, s, u)} happens before ${nameOf(j, s, v)} but has Global ID ${gu}, not below ${gv}`];
    }
  }
  for (const r of members(s)) {
    const rid = j.ids[r];
    const store = s.nodes[r].store;
    const have = merged(s, r);
    for (const v of have) {
      for (const u of past[v] ?? []) {
        if (holdsItem(j, s, r, s.updates[u].item) && !have.has(u)) {
          return [`${rid} has merged ${nameOf(j, s, v)} but not ${nameOf(j, s, u)}, which happens before it on an item ${rid} holds`];
        }
      }
    }
    for (const all of store.rows) {
      const rows = firstOccurrences(all);
      for (let b = 0; b < rows.length; b++) {
        const later = rows.slice(b + 1);
        const inverted = later.find((u) => past[rows[b]]?.has(u));
        if (inverted !== undefined) return [`${rid} places ${nameOf(j, s, rows[b])} before ${nameOf(j, s, inverted)}, which happens before it`];
      }
    }
    const firstAt = new Map<number, number>();
    store.log.forEach((u, q) => { if (!firstAt.has(u)) firstAt.set(u, q); });
    for (const [v, q] of firstAt) {
      const held = maskAt(periods[r], q, j.step) ?? store.objects;
      for (const u of past[v] ?? []) {
        const obj = 1 << j.topo.items[s.updates[u].item].object;
        if (!(held & obj) || !(store.objects & obj) || store.unselected?.includes(s.updates[u].item)) continue;
        if (!isServer(j, r) && !(held & (1 << j.topo.items[s.updates[v].item].object))) continue;
        const p = firstAt.get(u);
        if (p === undefined || p > q) {
          return [`${rid} applied ${nameOf(j, s, v)} (log entry ${q + 1}) before ${nameOf(j, s, u)}${p === undefined ? ', which it never applied' : ` (entry ${p + 1})`}, though ${nameOf(j, s, u)} happens before it`];
        }
      }
    }
  }
  return undefined;
}

/** Updates committed at `r`: a Global ID at or below its cursor. */
function committedAt(s: EngineState, r: number, u: number): boolean {
  const g = s.updates[u].gid;
  return g > 0 && g <= s.nodes[r].store.committed;
}

/**
 * Total order. (1) Global IDs are exactly 1..nextGid-1, each on one update. (2) Each replica's
 * sequence lists its committed updates in increasing Global ID order, and has merged every
 * committed Global ID on the items it holds (no gap below its cursor). (3) Any two replicas
 * order the committed updates they both have the same way. Clause 2 reads every row (a row
 * inserted again after a higher Global ID applies a lower one after it); clause 3 compares first
 * occurrences (a duplicated row as such is exactly-once's violation).
 */
export function judgeTotal(j: JudgeScope, s: EngineState): string[] | undefined {
  const owner = new Map<number, number>();
  for (let u = 0; u < s.updates.length; u++) {
    const g = s.updates[u].gid;
    if (g === 0) continue;
    if (g < 0 || g >= s.nextGid) return [`${nameOf(j, s, u)} has Global ID ${g}, outside 1..${s.nextGid - 1}`];
    if (owner.has(g)) return [`Global ID ${g} was given to both ${nameOf(j, s, owner.get(g)!)} and ${nameOf(j, s, u)}`];
    owner.set(g, u);
  }
  for (let g = 1; g < s.nextGid; g++) if (!owner.has(g)) return [`no update has Global ID ${g} (the MS's next is ${s.nextGid})`];
  const seqs = new Map<number, number[][]>();
  for (const r of members(s)) {
    const rid = j.ids[r];
    const store = s.nodes[r].store;
    const perItem = store.rows.map((rows) => rows.filter((u) => committedAt(s, r, u)));
    seqs.set(r, perItem.map(firstOccurrences));
    for (const [d, list] of perItem.entries()) {
      for (let k = 1; k < list.length; k++) {
        if (s.updates[list[k]].gid < s.updates[list[k - 1]].gid) {
          return [`${rid} lists committed ${nameOf(j, s, list[k - 1])} (gid ${s.updates[list[k - 1]].gid}) before ${nameOf(j, s, list[k])} (gid ${s.updates[list[k]].gid}) on ${j.topo.items[d].id}`];
        }
      }
    }
    for (const [g, u] of owner) {
      if (g <= store.committed && holdsItem(j, s, r, s.updates[u].item) && !store.rows[s.updates[u].item].includes(u)) {
        return [`${rid} has merged the committed stream up to gid ${store.committed} but lacks gid ${g} (${nameOf(j, s, u)})`];
      }
    }
  }
  const rs = [...seqs.keys()];
  for (const a of rs) for (const b of rs) {
    if (b <= a) continue;
    const A = seqs.get(a)!, B = seqs.get(b)!;
    for (let d = 0; d < A.length; d++) {
      const inA = new Set(A[d]), inB = new Set(B[d]);
      const common = A[d].filter((u) => inB.has(u));
      const bCommon = B[d].filter((u) => inA.has(u));
      const k = common.findIndex((u, i) => bCommon[i] !== u);
      if (k >= 0) return [`${j.ids[a]} and ${j.ids[b]} order the committed updates of ${j.topo.items[d].id} differently: [${common.map((u) => nameOf(j, s, u)).join(', ')}] and [${bCommon.map((u) => nameOf(j, s, u)).join(', ')}]`];
    }
  }
  return undefined;
}
