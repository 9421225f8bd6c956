/**
 * Happens-before over generated updates (spec "Happens-before"): `u -> v` when `u` and `v` have the
 * same origin and `u.seq < v.seq`; or `u` is in `v.deps` (it was merged at `v`'s origin, by any
 * path, when `v` was generated); or transitively through a third update.
 *
 * Two paths: the hot one computes, once per `updates` array (memoised by identity in a WeakMap;
 * states share the array until an update is added or given a Global ID), the strict ancestor set
 * of every update as a bitset, in one pass in generation order. A new array that only gave
 * Global IDs or appended updates reuses the ancestor sets of a recently computed one for the
 * common prefix (same origin, seq and deps at every position), so only appended updates cost. The explanation path builds a
 * @dagrejs/graphlib graph of the direct edges, to print the chain `u -> ... -> v` edge by edge or
 * the cycle a malformed history contains.
 */
import { Graph, alg } from '@dagrejs/graphlib';
import { type Bits, emptyBits, hasBit, orInto, setBit } from './bitset.ts';
import { type Statics, updateName } from './context.ts';
import type { ReplicationState, UpdateView } from '../traces/replication.ts';

/** The relation for one `updates` array. */
export interface HappensBefore {
  readonly n: number;
  /** `anc[v]`: every `u` with `u -> v` (strict: `v` itself only if the relation is cyclic). */
  readonly anc: Bits[];
  /** Ids on a cycle of the relation (a malformed history: deps naming later updates); empty normally. */
  readonly cyclic: number[];
}

const memo = new WeakMap<UpdateView[], HappensBefore>();
let lastUpdates: UpdateView[] | null = null;
let last: HappensBefore | null = null;

/** Recently computed relations with their arrays, for prefix reuse (a few, for BFS branches). */
const recent: { updates: UpdateView[]; hb: HappensBefore }[] = [];
const RECENT = 4;

function sameDeps(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Length of the longest prefix on which two histories agree in origin, seq, item and deps. */
function commonPrefix(a: UpdateView[], b: UpdateView[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (; i < n; i++) {
    const x = a[i], y = b[i];
    if (x !== y && (x.origin !== y.origin || x.seq !== y.seq || x.item !== y.item || !sameDeps(x.deps, y.deps))) break;
  }
  return i;
}

/** The direct predecessors of each update: its deps and its origin's previous update. */
export function directPredecessors(updates: UpdateView[]): number[][] {
  return directPreds(updates);
}

function directPreds(updates: UpdateView[]): number[][] {
  const lastByOrigin = new Map<number, number[]>();
  updates.forEach((u, i) => {
    const list = lastByOrigin.get(u.origin) ?? [];
    list.push(i);
    lastByOrigin.set(u.origin, list);
  });
  const preds: number[][] = updates.map((u) => [...u.deps]);
  for (const list of lastByOrigin.values()) {
    const bySeq = [...list].sort((a, b) => updates[a].seq - updates[b].seq);
    for (let k = 1; k < bySeq.length; k++) preds[bySeq[k]].push(bySeq[k - 1]);
  }
  return preds;
}

/** Computes (or returns the memoised) relation for an `updates` array. */
export function happensBefore(updates: UpdateView[]): HappensBefore {
  if (updates === lastUpdates && last !== null) return last; // (issue 17) neighbouring states share it
  const hit = memo.get(updates);
  if (hit) {
    lastUpdates = updates;
    last = hit;
    return hit;
  }
  const n = updates.length;
  const preds = directPreds(updates);
  const forward = preds.every((ps, v) => ps.every((p) => p >= 0 && p < v));
  let anc: Bits[];
  if (forward) {
    // Generation order is a topological order: one pass suffices, after the reusable prefix.
    // (Stop 37) The prefix's ancestor sets are shared, not copied (no one writes a relation's
    // sets once it is built, and a set read past its words is empty), and a relation with the
    // same shape throughout (an array that only gave Global IDs) is the recent one itself: a
    // user's configuration with six updates kept 34 MB of copies for 60,000 states.
    let start = 0;
    let from: HappensBefore | null = null;
    for (const r of recent) {
      if (r.hb.cyclic.length > 0) continue;
      const k = commonPrefix(r.updates, updates);
      if (k > start) {
        start = k;
        from = r.hb;
      }
    }
    if (from !== null && start === n && from.n === n) {
      memo.set(updates, from);
      return from;
    }
    anc = [];
    for (let v = 0; v < start; v++) anc.push(from!.anc[v]);
    for (let v = start; v < n; v++) {
      const a = emptyBits(n);
      for (const p of preds[v]) { setBit(a, p); orInto(a, anc[p]); }
      anc.push(a);
    }
  } else {
    anc = updates.map(() => emptyBits(n));
    for (let v = 0; v < n; v++) for (const p of preds[v]) if (p >= 0 && p < n) setBit(anc[v], p);
    for (let changed = true; changed; ) {
      changed = false;
      for (let v = 0; v < n; v++) {
        for (const p of preds[v]) {
          if (p < 0 || p >= n) continue;
          const before = anc[v].slice();
          orInto(anc[v], anc[p]);
          if (anc[v].some((w, i) => w !== before[i])) changed = true;
        }
      }
    }
  }
  const cyclic: number[] = [];
  for (let v = 0; v < n; v++) if (hasBit(anc[v], v)) cyclic.push(v);
  const hb: HappensBefore = { n, anc, cyclic };
  memo.set(updates, hb);
  recent.unshift({ updates, hb });
  if (recent.length > RECENT) recent.pop();
  return hb;
}

/** True when `u -> v`. */
export function precedes(hb: HappensBefore, u: number, v: number): boolean {
  return v < hb.n && hasBit(hb.anc[v], u);
}

/** The graphlib graph of direct edges (label `seq` or `dep`), for explanations. */
export function hbGraph(updates: UpdateView[]): Graph {
  const g = new Graph({ directed: true });
  updates.forEach((_, i) => g.setNode(String(i)));
  directPreds(updates).forEach((ps, v) => {
    for (const p of ps) {
      if (p < 0 || p >= updates.length) continue;
      const sameOrigin = updates[p].origin === updates[v].origin && updates[p].seq < updates[v].seq;
      if (!g.hasEdge(String(p), String(v)) || sameOrigin) g.setEdge(String(p), String(v), sameOrigin ? 'seq' : 'dep');
    }
  });
  return g;
}

/** One fact per direct edge of a shortest chain `u -> ... -> v` (empty if `u -/-> v`). */
export function explainChain(st: Statics, s: ReplicationState, u: number, v: number): string[] {
  const g = hbGraph(s.updates);
  const paths = alg.dijkstra(g, String(u));
  if (!paths[String(v)] || paths[String(v)].distance === Number.POSITIVE_INFINITY) return [];
  const chain: number[] = [v];
  for (let at = String(v); at !== String(u); ) {
    at = paths[at].predecessor!;
    chain.unshift(Number(at));
  }
  const facts: string[] = [];
  for (let k = 1; k < chain.length; k++) {
    const a = chain[k - 1], b = chain[k];
    const an = updateName(st, s, a), bn = updateName(st, s, b);
    const origin = st.names[s.updates[b].origin];
    facts.push(g.edge(String(a), String(b)) === 'seq'
      ? `${bn} was generated at ${origin} after ${an}, so ${an} -> ${bn}`
      : `${bn} was generated at ${origin} after ${origin} had merged ${an}, so ${an} -> ${bn}`);
  }
  if (chain.length > 2) facts.push(`so ${updateName(st, s, u)} -> ${updateName(st, s, v)} (transitively)`);
  return facts;
}

/** The cycles of the relation, as lists of update names (graphlib `findCycles`). */
export function hbCycles(st: Statics, s: ReplicationState): string[][] {
  return alg.findCycles(hbGraph(s.updates)).map((c) => c.map((id) => updateName(st, s, Number(id))));
}
