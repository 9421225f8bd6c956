/**
 * Deciding `eventually` (leads-to under weak fairness) on an explored graph with edge codes
 * (kind index and fairness bit per edge, see kinds.ts), the way TLC checks `WF_vars`:
 *
 * 1. R = the states where the goal fails that are reachable, through such states only, from a
 *    trigger state where the goal fails (breadth-first, so stems are short).
 * 2. The strongly connected components of R (iterative Tarjan, scc.ts).
 * 3. A component with at least one edge inside it is a fair counterexample when, for every
 *    weakly fair action kind k, some state of it has no fair action of kind k enabled or some
 *    edge inside it is a fair action of kind k: a path that loops through the whole component
 *    then never leaves R and treats every fair kind fairly. A state of R where no weakly fair
 *    action is enabled is a counterexample too (a non-goal terminal state, or one whose only
 *    enabled actions are not fair): a fair run may stutter there forever, as TLC's checks of
 *    `WF_vars` allow. A stuttering edge (its step leaves the state unchanged) carries no fairness
 *    bit (kinds.ts: stutterCode): as under `WF_vars`, it neither takes its fair kind nor keeps
 *    that kind enabled, so it never makes a component fair and never keeps a state from being
 *    one where a fair run may stop.
 * 4. The counterexample met first in breadth-first order of R is returned as ids: the stem from
 *    a trigger state to the loop's start, and a loop inside the component that takes an edge of,
 *    or visits a state disabling, every fair kind, and comes back to the start.
 */
import type { Bitset, EdgeList } from './graph.ts';
import { FAIR_BIT, KIND_MASK } from './kinds.ts';
import { stronglyConnected } from './scc.ts';

/** A step into state `id` by an edge with code `code` (-1: the first state, or any edge). */
export interface IdStep {
  id: number;
  code: number;
}

/** A fair counterexample as state ids. */
export interface FairCounterexample {
  /** From a trigger state (code -1) to the loop's start or the terminal state, inclusive. */
  stem: IdStep[];
  /** The loop after the stem's last state, ending back at it; null for a terminal state. */
  loop: IdStep[] | null;
  /** Kind indices of the weakly fair action kinds of the graph. */
  fairKinds: number[];
}

/**
 * The fair counterexample to `trigger ~> goal` on the graph, or null when the property holds.
 * `declaredFair`: the model marks fair actions (`isFair`, or `isDrain` by default), so a state
 * where none is enabled is one where a run may stop even when no fair edge was explored at all
 * (sweep 30c: a fair action enabled only past the goal used to decide whether the unfair ones
 * were obliged to happen before it; `simulate` already read the declaration).
 */
export function findFairCounterexample(n: number, edges: EdgeList, goals: Bitset, triggers: Bitset | null, declaredFair = false): FairCounterexample | null {
  const codes = edges.codes;
  if (codes === null) throw new Error('eventually needs a graph with edge codes');
  const targets = edges.targets;
  const startOf = (v: number) => (v < edges.expanded ? edges.start(v) : 0);
  const endOf = (v: number) => (v < edges.expanded ? edges.end(v) : 0);

  // 1. R, breadth-first from the trigger states.
  const inR = new Uint8Array(n);
  const pred = new Int32Array(n).fill(-1);
  const predCode = new Int32Array(n).fill(-1);
  const order = new Uint32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) {
    if (!goals.has(v) && (triggers === null || triggers.has(v))) {
      inR[v] = 1;
      order[tail++] = v;
    }
  }
  for (let head = 0; head < tail; head++) {
    const v = order[head];
    for (let e = startOf(v); e < endOf(v); e++) {
      const w = targets[e];
      if (inR[w] === 1 || goals.has(w)) continue;
      inR[w] = 1;
      pred[w] = v;
      predCode[w] = codes[e];
      order[tail++] = w;
    }
  }
  if (tail === 0) return null;

  // The fair kinds, densely numbered.
  const fairIndex = new Int32Array(KIND_MASK + 1).fill(-1);
  const fairKinds: number[] = [];
  for (let e = 0; e < edges.length; e++) {
    const c = codes[e];
    if ((c & FAIR_BIT) !== 0 && fairIndex[c & KIND_MASK] < 0) {
      fairIndex[c & KIND_MASK] = fairKinds.length;
      fairKinds.push(c & KIND_MASK);
    }
  }
  const F = fairKinds.length;
  const fairOf = (code: number) => ((code & FAIR_BIT) === 0 ? -1 : fairIndex[code & KIND_MASK]);
  const enabledStamp = new Int32Array(F).fill(-1);
  /** Stamps the fair kinds enabled at `v` with `v` (then `enabledStamp[f] !== v` means f is disabled at v). */
  const stampEnabled = (v: number) => {
    for (let e = startOf(v); e < endOf(v); e++) {
      const f = fairOf(codes[e]);
      if (f >= 0) enabledStamp[f] = v;
    }
  };

  // 2-3. Components of R and their fairness.
  const { comp, count } = stronglyConnected(n, edges, inR);
  const cyclic = new Uint8Array(count);
  for (let i = 0; i < tail; i++) {
    const v = order[i];
    for (let e = startOf(v); e < endOf(v); e++) if (comp[targets[e]] === comp[v]) cyclic[comp[v]] = 1;
  }
  const members: number[][] = [];
  for (let i = 0; i < tail; i++) {
    const c = comp[order[i]];
    if (cyclic[c] === 1) (members[c] ??= []).push(order[i]);
  }
  const fair = new Uint8Array(count);
  const ok = new Uint8Array(F);
  members.forEach((vs, c) => {
    ok.fill(0);
    for (const v of vs) {
      stampEnabled(v);
      for (let f = 0; f < F; f++) if (enabledStamp[f] !== v) ok[f] = 1;
      for (let e = startOf(v); e < endOf(v); e++) {
        const f = fairOf(codes[e]);
        if (f >= 0 && comp[targets[e]] === c) ok[f] = 1;
      }
    }
    if (ok.every((x) => x === 1)) fair[c] = 1;
  });

  // 4. The first counterexample in breadth-first order.
  for (let i = 0; i < tail; i++) {
    const v = order[i];
    let terminal = true; // no weakly fair action enabled: the run may stop (stutter) here
    for (let e = startOf(v); e < endOf(v) && terminal; e++) if ((codes[e] & FAIR_BIT) !== 0) terminal = false;
    // No fairness at all (the model marks none, as `isFair`/`isDrain`): only a real dead end stops a run.
    if (F === 0 && !declaredFair) terminal = startOf(v) === endOf(v);
    if (!terminal && fair[comp[v]] !== 1) continue;
    const stem: IdStep[] = [];
    for (let x = v; x >= 0; x = pred[x]) stem.push({ id: x, code: pred[x] < 0 ? -1 : predCode[x] });
    stem.reverse();
    if (terminal) return { stem, loop: null, fairKinds };
    return { stem, loop: fairLoop(v, comp, edges, F, fairOf, stampEnabled, enabledStamp), fairKinds };
  }
  return null;
}

/**
 * A loop from `e` back to `e` inside e's component that, for every fair kind, takes an edge of
 * that kind or visits a state where it is disabled (greedily: the nearest unmet requirement
 * next, by breadth-first search inside the component), with at least one step.
 */
function fairLoop(
  e: number, comp: Int32Array, edges: EdgeList, F: number, fairOf: (code: number) => number,
  stampEnabled: (v: number) => void, enabledStamp: Int32Array,
): IdStep[] {
  const c = comp[e];
  const targets = edges.targets;
  const codes = edges.codes as Uint16Array;
  const met = new Uint8Array(F);
  let remaining = F;
  const meet = (f: number) => {
    if (f >= 0 && met[f] === 0) {
      met[f] = 1;
      remaining--;
    }
  };
  const visit = (v: number) => {
    stampEnabled(v);
    for (let f = 0; f < F; f++) if (enabledStamp[f] !== v) meet(f);
  };
  const disablesUnmet = (v: number) => {
    stampEnabled(v);
    for (let f = 0; f < F; f++) if (met[f] === 0 && enabledStamp[f] !== v) return true;
    return false;
  };
  const unmetEdge = (v: number) => {
    for (let x = edges.start(v); x < edges.end(v); x++) {
      const f = fairOf(codes[x]);
      if (f >= 0 && met[f] === 0 && comp[targets[x]] === c) return x;
    }
    return -1;
  };
  /** Shortest steps inside the component from `from` to a state satisfying `goal` (none when `from` does and `zero`). */
  const path = (from: number, goal: (v: number) => boolean, zero: boolean): IdStep[] => {
    if (zero && goal(from)) return [];
    const prev = new Map<number, number>([[from, -1]]);
    const via = new Map<number, number>();
    const queue = [from];
    for (let h = 0; h < queue.length; h++) {
      const u = queue[h];
      for (let x = edges.start(u); x < edges.end(u); x++) {
        const w = targets[x];
        if (comp[w] !== c) continue;
        if (goal(w)) {
          const steps: IdStep[] = [{ id: w, code: codes[x] }];
          for (let y = u; y !== from; y = prev.get(y) as number) steps.push({ id: y, code: via.get(y) as number });
          return steps.reverse();
        }
        if (prev.has(w)) continue;
        prev.set(w, u);
        via.set(w, codes[x]);
        queue.push(w);
      }
    }
    throw new Error('fairLoop: the component is not strongly connected (a bug)');
  };

  const loop: IdStep[] = [];
  const walk = (steps: IdStep[]) => {
    for (const s of steps) {
      loop.push(s);
      meet(fairOf(s.code));
      visit(s.id);
    }
  };
  let cur = e;
  visit(e);
  while (remaining > 0) {
    walk(path(cur, (v) => disablesUnmet(v) || unmetEdge(v) >= 0, true));
    cur = loop.length ? loop[loop.length - 1].id : e;
    const x = unmetEdge(cur);
    if (x >= 0) {
      walk([{ id: targets[x], code: codes[x] }]);
      cur = targets[x];
    }
  }
  walk(path(cur, (v) => v === e, loop.length > 0));
  return loop;
}
