/**
 * (Issue 17) What the last model step changed, so per-replica checks can be incremental over
 * the changed part of the state. The model's copy-on-write draft (model/state.ts) reports, for
 * the state it has just made, its source state, the indices of the nodes it replaced and the node
 * objects it replaced them with (the source's, which an in-place `Model.step` overwrites in the
 * shared nodes array). One slot: only the latest step is known, which is exactly what a random
 * walk checking every step, or the explorer checking a state right after making it, asks about.
 * A state not made by the last step (renamed under symmetry, decoded, built by a test or by the
 * reference engine) has no delta, and every user falls back to a full pass.
 *
 * (Issue 17, med24) Siblings: the exhaustive search computes all of a state's successors before
 * it shows any of them to the properties (src/engine/successor-batch.ts), so the steps made from
 * the same source since the last change of source are kept too ({@link deltaOf} finds a
 * successor's own step among them). They stay valid because `Model.next` never writes a source's
 * storage; an in-place step (a walk's `Model.step`) forgets the earlier siblings.
 *
 * Nothing here decides a verdict on its own: a check that passed on `base` and finds every changed
 * node passing may pass `state`; a failing node is always re-examined in full by the caller.
 */
import type { NodeView, ReplicationState } from '../traces/replication.ts';

/** The last step: `state` was made from `base` by replacing nodes `touched[k]` (formerly `was[k]`). */
export interface StepDelta {
  state: ReplicationState | null;
  base: ReplicationState | null;
  touched: readonly number[];
  was: readonly NodeView[];
}

const last: StepDelta = { state: null, base: null, touched: [], was: [] };

/*
 * (Issue 17) The chain: the model's steps since the last one that did not start from the state
 * made before it, kept for {@link deltaFrom} (a check every N steps asks what N steps changed).
 * Step k (counted from 1) made a state of number k; the chain's first base has number
 * `chainStart`. The touched lists of the last LOG steps are kept (a ring). Numbers are kept only
 * for chain bases and the last KNOWN states {@link deltaFrom} was asked about (the states checks judged).
 */
const LOG = 4096;
const KNOWN = 64;
const logTouched: (readonly number[])[] = new Array(LOG);
const logWas: (readonly NodeView[])[] = new Array(LOG);
let steps = 0;
let chainStart = 0;
/** (med24) The current chain's first base (its number is `chainStart`). */
let chainBase: ReplicationState | null = null;
/** (Stop 38) The numbered states: a ring of (state, number) pairs, searched from the newest (a Map hashed every new state: 1.7% of a walk on `huge`). */
const knownState: (ReplicationState | null)[] = new Array<ReplicationState | null>(KNOWN).fill(null);
const knownStep = new Float64Array(KNOWN);
let knownAt = 0;

/** The ring position before `i`. */
const before = (i: number): number => (i === 0 ? KNOWN : i) - 1;

/** The number recorded for `x` (the newest record), or undefined. */
function stepOf(x: ReplicationState): number | undefined {
  for (let k = 0, i = before(knownAt); k < KNOWN; k++, i = before(i)) if (knownState[i] === x) return knownStep[i];
  return undefined;
}

/** Records `s` as state number `n` (once: a state is numbered when it is the newest, so its record is the newest one). */
function remember(s: ReplicationState, n: number): void {
  const newest = before(knownAt);
  if (knownState[newest] === s && knownStep[newest] === n) return;
  knownState[knownAt] = s;
  knownStep[knownAt] = n;
  knownAt = (knownAt + 1) % KNOWN;
}

/**
 * (Issue 17, med24) The steps made from `siblingBase` since it became the source, oldest first
 * (`siblingCount` of them; entries past it are spare objects, reused).
 */
let siblingBase: ReplicationState | null = null;
const siblings: StepDelta[] = [];
let siblingCount = 0;

function noteSibling(base: ReplicationState, state: ReplicationState, touched: readonly number[], was: readonly NodeView[]): void {
  // A new source, or a step that wrote its source's nodes array (in place): the earlier siblings' sources are gone.
  if (base !== siblingBase || (touched.length > 0 && state.nodes === base.nodes)) {
    for (let k = 0; k < siblingCount; k++) siblings[k].state = siblings[k].base = null;
    siblingCount = 0;
    siblingBase = base;
  }
  let e = siblings[siblingCount];
  if (e === undefined) {
    e = { state: null, base: null, touched: [], was: [] };
    siblings.push(e);
  }
  siblingCount++;
  e.state = state;
  e.base = base;
  e.touched = touched;
  e.was = was;
}

/** Called by the model for every state it makes from another (model/state.ts, `Draft.finish`). */
export function noteStep(base: ReplicationState, state: ReplicationState, touched: readonly number[], was: readonly NodeView[]): void {
  noteSibling(base, state, touched, was);
  if (last.state !== base) {
    // A new chain, starting from `base` (a number of its own: the last chain's states must not
    // share it). (med24) Not put in `stepOf`: only the current chain's base can start a chained
    // delta, and the exhaustive search starts a chain at every step (a map entry per step).
    chainStart = ++steps;
    chainBase = base;
  }
  steps++;
  logTouched[steps % LOG] = touched;
  logWas[steps % LOG] = was;
  last.state = state;
  last.base = base;
  last.touched = touched;
  last.was = was;
}

const chained: StepDelta = { state: null, base: null, touched: [], was: [] };
let chainedFrom = -1;
let chainedTo = -1;
let seen = new Int32Array(0);
let stamp = 0;

/**
 * (Issue 17) What the model's steps from `base` to `s` changed, when `s` is the state the model
 * made last and `base` one it made (or started from) earlier in the same chain of consecutive
 * steps, at most 4,096 steps back, and `base` was the `s` of an earlier call (or a chain's first
 * base): every caller asks about each state it adopts, so its last state is known. `touched`
 * holds each node some step replaced (once, in the order first replaced), `was` the node `base` had there. Every other index holds the same node
 * object in both states. Else undefined (the caller then passes over every node). One step
 * back, the same delta as {@link deltaOf}. `base`'s nodes array may have been overwritten by
 * in-place steps: read its replaced nodes through `was`.
 */
export function deltaFrom(base: ReplicationState | null, s: ReplicationState): StepDelta | undefined {
  if (last.state !== s) return undefined;
  // (Stop 35) One step back needs no record of `s`: a caller asked about every state (`progress`
  // on a walk's every step) then leaves the few records to callers that look many steps back.
  // Recording each of its states pushed out, within 64 steps, the state a check made 1,000 steps
  // earlier, and 918 checks in five default walks on `huge` passed over every node.
  if (base !== null && last.base === base) return last;
  remember(s, steps);
  if (base === null) return undefined;
  const j = base === chainBase ? chainStart : stepOf(base);
  const k = steps;
  if (j === undefined || j < chainStart || j >= k || k - j > LOG) return undefined;
  if (chainedFrom === j && chainedTo === k && chained.state === s) return chained;
  let n = 0;
  for (let x = j + 1; x <= k; x++) {
    const t = logTouched[x % LOG];
    for (let i = 0; i < t.length; i++) if (t[i] + 1 > n) n = t[i] + 1;
  }
  if (seen.length < n) { seen = new Int32Array(Math.max(n, 2 * seen.length)); stamp = 0; }
  stamp++;
  const touched: number[] = [];
  const was: NodeView[] = [];
  for (let x = j + 1; x <= k; x++) {
    const t = logTouched[x % LOG], w = logWas[x % LOG];
    for (let i = 0; i < t.length; i++) {
      if (seen[t[i]] === stamp) continue;
      seen[t[i]] = stamp;
      touched.push(t[i]);
      was.push(w[i]);
    }
  }
  chained.state = s;
  chained.base = base;
  chained.touched = touched;
  chained.was = was;
  chainedFrom = j;
  chainedTo = k;
  return chained;
}

/**
 * The delta that made `s` from its source, when `s` is the state the model made last or (med24)
 * one the model made earlier from the same source (a sibling of the last); else undefined.
 */
export function deltaOf(s: ReplicationState): StepDelta | undefined {
  if (last.state === s) return last;
  for (let k = siblingCount - 2; k >= 0; k--) if (siblings[k].state === s) return siblings[k];
  return undefined;
}

let sortedFor: ReplicationState | null = null;
let sortedFrom: ReplicationState | null = null;
let sorted: number[] = [];

/**
 * The nodes a step `s -> t` changed, ascending, when the model's last step made `t` from `s`;
 * else undefined (the caller then compares every node). Every other index holds the same node
 * object in both states. Read `s`'s nodes through {@link nodeBefore}: an in-place `Model.step`
 * wrote `t`'s nodes into the array `s` shares.
 */
export function changedNodes(s: ReplicationState, t: ReplicationState): readonly number[] | undefined {
  if (sortedFor === t && sortedFrom === s) return sorted;
  const d = deltaOf(t);
  if (d === undefined || d.base !== s) return undefined;
  // (Issue 17) A handful of indices: insertion sort, without a comparator callback per step.
  sorted = d.touched.slice();
  for (let i = 1; i < sorted.length; i++) {
    const x = sorted[i];
    let j = i - 1;
    for (; j >= 0 && sorted[j] > x; j--) sorted[j + 1] = sorted[j];
    sorted[j + 1] = x;
  }
  sortedFor = t;
  sortedFrom = s;
  return sorted;
}

/** Node `r` of the source `s` of the step `s -> t` as it was (in-place steps overwrite `s.nodes`). */
export function nodeBefore(s: ReplicationState, t: ReplicationState, r: number): NodeView {
  if (s.nodes !== t.nodes || last.state !== t || last.base !== s) return s.nodes[r];
  const k = last.touched.indexOf(r);
  return k < 0 ? s.nodes[r] : last.was[k];
}

let sourceFor: ReplicationState | null = null;
let source: ReplicationState | null = null;

/**
 * The source `s` of the step `s -> t` as it was: `s` itself, or, after an in-place step, a copy
 * with the replaced nodes restored (linear in the nodes: for a property's rare full pass only).
 */
export function sourceState(s: ReplicationState, t: ReplicationState): ReplicationState {
  // (Issue 17) A step that replaced no node shares the nodes array without having written it.
  if (s.nodes !== t.nodes || last.state !== t || last.base !== s || last.touched.length === 0) return s;
  if (sourceFor !== t) {
    const nodes = s.nodes.slice();
    for (let k = 0; k < last.touched.length; k++) nodes[last.touched[k]] = last.was[k];
    source = { ...s, nodes };
    sourceFor = t;
  }
  return source!;
}

/** Forgets the last step (tests). */
export function clearDelta(): void {
  last.state = null;
  last.base = null;
  chainStart = ++steps;
  chainBase = null;
  knownState.fill(null);
  chained.state = null;
  chainedFrom = chainedTo = -1;
  sortedFor = null;
  sortedFrom = null;
  sourceFor = null;
  for (let k = 0; k < siblingCount; k++) siblings[k].state = siblings[k].base = null;
  siblingCount = 0;
  siblingBase = null;
}
