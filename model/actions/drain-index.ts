/**
 * (Issue 17) The nodes a drain-only random sample may find a drain action at, kept over a walk
 * from one state to the next, so the sample (index.ts `sampleAct`) skips the others without
 * reading their node objects. On `huge` a drain step used to ask about 17 random nodes of 10,000,
 * most of them idle, and the sample was a third of a walk's time.
 *
 * The index holds, per node, drain-filter.ts `nodeMayDrain` (the part of `mayDrain` that reads no
 * instance), or 1 for a node that is not fed by its parent alone (metadata.ts
 * `fedByParentAlone`). It is a superset of the nodes where `mayDrain` holds once the sample adds
 * the instance-dependent ones (IR targets being served, and cells under the handoff knob), so a
 * node it leaves out has no drain action and the sample would not have asked its random source
 * about it: the walk is the same, only cheaper.
 *
 * From one state to the next (properties/delta.ts `deltaOf`: the nodes the step replaced),
 * a node's entry changes only when its node, its parent's node or the update list does. The index
 * is rebuilt from every node when the budget counters (moves, joins, faults) or a node's parent
 * changed, or an update did other than by a write or (before any fault) a Global ID given.
 * Otherwise the replaced nodes are recomputed; the hosts whose row changed at a replaced server
 * (rows decide who a cell feeds and what it believes a host holds); and the children of a
 * replaced server whose cursor, orders or metadata changed: all of them, or, when only the
 * acknowledged cursors did, the children whose cursor entry changed.
 *
 * (Stop 41) The index also keeps each node's `fedByParentAlone` answer, asked again only by a
 * rebuild and for the hosts whose row changed (the only inputs it has that a step can change
 * without a rebuild), and the drain sample reuses it: on `huge`'s every-step walk that cut its
 * calls from about 2.03 million to 0.21 million (20 walks, seed 1), with the same walks.
 */
import type { NodeView, ReplicationState, UpdateView } from '../../traces/replication.ts';
import type { Ctx } from './context.ts';
import { deltaOf } from '../../properties/delta.ts';
import { faultsUsed } from '../../properties/fault-view.ts';
import { clearBit, setBit } from '../../properties/bitset.ts';
import { fedByParentAlone } from './metadata.ts';
import { nodeMayDrain } from './drain-filter.ts';
import { handoffOn } from './handoff.ts';
import { EMPTY } from '../lists.ts';
import { MASTER } from '../topology.ts';

/** The drain index of one model (see the file header). */
export interface DrainIndex {
  readonly ctx: Ctx;
  /** The state the bits describe. */
  state: ReplicationState | null;
  /** Bit `i` set: node `i` may have a drain action without an instance's help. */
  readonly bits: Uint32Array;
  /** Per node, the nodes whose parent it is (as of the last rebuild: parents change only with one). */
  children: number[][];
  /**
   * Per node, 1 when metadata.ts `fedByParentAlone` held at its last {@link mark} with `fresh`.
   * That answer reads only the node's kind and parent, the move count, whether the MS keeps
   * metadata, and the rows cells keep for the host: a change to the first three rebuilds the
   * index, and a changed row re-marks its host afresh, so other marks reuse it.
   */
  readonly alone: Uint8Array;
}

let index: DrainIndex | null = null;

/** The drain index of `ctx` for state `s`, brought up to date from the state it was last asked about. */
export function drainIndex(ctx: Ctx, s: ReplicationState): DrainIndex {
  let x = index;
  if (x === null || x.ctx !== ctx) {
    const n = ctx.topo.nodeCount;
    x = { ctx, state: null, bits: new Uint32Array((n + 31) >>> 5), children: [], alone: new Uint8Array(n) };
    index = x;
  }
  if (x.state === s) return x;
  const base = x.state;
  // One step back (a drain samples every state it makes): deltaOf, which, unlike deltaFrom, keeps
  // no record of `s` (deltaFrom's few records are for property checks that look many steps back).
  const d = base === null ? undefined : deltaOf(s);
  if (d === undefined || d.base !== base || !follow(x, base!, d.touched, d.was, s)) rebuild(x, s);
  x.state = s;
  return x;
}

/**
 * (Stop 41) Node `i`'s kept `fedByParentAlone` answer when the index describes `s` (a random walk
 * samples every state it makes), else false (always a safe answer: the caller then looks for
 * other feeders, as without the index). True lets a caller skip looking for them.
 */
export function keptAlone(ctx: Ctx, s: ReplicationState, i: number): boolean {
  const x = index;
  return x !== null && x.state === s && x.ctx === ctx && x.alone[i] === 1;
}

/**
 * Sets node `i`'s bit from `s`; with `fresh`, `fedByParentAlone` is asked again (else the answer
 * kept in `x.alone` is used: see there).
 */
function mark(x: DrainIndex, s: ReplicationState, i: number, fresh = false): void {
  if (fresh) x.alone[i] = fedByParentAlone(x.ctx, s, i) ? 1 : 0;
  if (x.alone[i] === 0 || nodeMayDrain(x.ctx, s, i, true)) setBit(x.bits, i);
  else clearBit(x.bits, i);
}

function rebuild(x: DrainIndex, s: ReplicationState): void {
  const n = x.ctx.topo.nodeCount;
  const children: number[][] = [];
  for (let i = 0; i < n; i++) children.push([]);
  for (let i = 0; i < n; i++) {
    const p = s.nodes[i]!.parent;
    if (p >= 0) children[p]!.push(i);
    mark(x, s, i, true);
  }
  x.children = children;
}

/** Brings `x` from `base` to `s` over the replaced nodes; false when only a rebuild will do. */
function follow(x: DrainIndex, base: ReplicationState, touched: readonly number[], was: readonly NodeView[], s: ReplicationState): boolean {
  if (s.used !== base.used || !appendedOrNumbered(base.updates, s.updates, faultsUsed(s) === 0)) return false;
  for (let k = 0; k < touched.length; k++) {
    const j = touched[k]!;
    const old = was[k]!, now = s.nodes[j]!;
    // (The kept `fedByParentAlone` answers read the parents and whether the MS keeps metadata.)
    if (old.parent !== now.parent || (j === MASTER && (old.meta === undefined) !== (now.meta === undefined))) return false;
  }
  for (let k = 0; k < touched.length; k++) {
    const j = touched[k]!;
    const old = was[k]!, now = s.nodes[j]!;
    mark(x, s, j);
    if (old.meta?.rows !== now.meta?.rows) markChangedRows(x, s, old.meta?.rows ?? EMPTY, now.meta?.rows ?? EMPTY);
    const kids = x.children[j]!;
    if (kids.length === 0) continue;
    if (old.committed !== now.committed || old.order !== now.order || old.meta?.servers !== now.meta?.servers) {
      for (let c = 0; c < kids.length; c++) mark(x, s, kids[c]!);
    } else if (old.meta?.acked !== now.meta?.acked) {
      markChangedAcks(x, s, old.meta?.acked ?? EMPTY, now.meta?.acked ?? EMPTY);
    }
  }
  return true;
}

/**
 * True when `b` is `a`, with updates appended (a write) or, before any fault, with Global IDs
 * given to updates that had none (the MS's order step). A new update is held only by the nodes
 * the step replaced. A new Global ID is above every node's cursor before any fault, so no node
 * counts the update as committed yet: what a node is owed, and whether it holds a tentative
 * update, stay as they were. Anything else (a fault's rewrite) rebuilds the index.
 */
function appendedOrNumbered(a: readonly UpdateView[], b: readonly UpdateView[], numbering: boolean): boolean {
  if (a === b) return true;
  if (b.length < a.length) return false;
  for (let u = 0; u < a.length; u++) {
    const x = a[u]!, y = b[u]!;
    if (x === y) continue;
    if (!numbering || x.gid !== 0 || y.gid === 0 || x.origin !== y.origin || x.seq !== y.seq || x.item !== y.item) return false;
  }
  return true;
}

/** Recomputes the children whose entry differs between two acknowledged-cursor lists (child, cursor pairs in child order). */
function markChangedAcks(x: DrainIndex, s: ReplicationState, a: readonly number[], b: readonly number[]): void {
  markChanged(x, s, a, b, 2, 0, false);
}

/**
 * Recomputes the hosts whose row differs between two metadata row lists (host position, region,
 * objects, version, in host order): whether a cell feeds a host, and what it believes the host
 * holds, read the host's own row (and which cells hold one, metadata-index.ts).
 */
function markChangedRows(x: DrainIndex, s: ReplicationState, a: readonly number[], b: readonly number[]): void {
  markChanged(x, s, a, b, 4, x.ctx.topo.firstHost, true);
}

/**
 * Marks node `offset + key` (afresh with `fresh`, see {@link mark}) for every key whose record
 * differs between two key-ordered lists of `stride`-number records.
 */
function markChanged(x: DrainIndex, s: ReplicationState, a: readonly number[], b: readonly number[], stride: number, offset: number,
  fresh: boolean): void {
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const ka = i < a.length ? a[i]! : Infinity;
    const kb = j < b.length ? b[j]! : Infinity;
    if (ka === kb) {
      for (let f = 1; f < stride; f++) {
        if (a[i + f] !== b[j + f]) {
          mark(x, s, offset + ka, fresh);
          break;
        }
      }
      i += stride;
      j += stride;
    } else if (ka < kb) {
      mark(x, s, offset + ka, fresh);
      i += stride;
    } else {
      mark(x, s, offset + kb, fresh);
      j += stride;
    }
  }
}

let scratch = new Uint32Array(0);

/**
 * The nodes a drain-only sample of `s` must ask `mayDrain` about, as a bitset (reused: valid until
 * the next call): the index's, the nodes an IR instance being created is addressed to, and every
 * cell under the handoff knob.
 */
export function drainCandidates(ctx: Ctx, s: ReplicationState, serving: ReadonlySet<number>): Uint32Array {
  const bits = drainIndex(ctx, s).bits;
  if (scratch.length !== bits.length) scratch = new Uint32Array(bits.length);
  scratch.set(bits);
  for (const i of serving) setBit(scratch, i);
  if (handoffOn(ctx.topo)) for (const i of ctx.topo.cellIndices) setBit(scratch, i);
  return scratch;
}
