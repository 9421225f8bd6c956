/**
 * Per-replica memo of passed checks. The model shares unchanged `NodeView` objects between a
 * state and its successors (only the nodes a step touches are copied), so a per-replica check
 * that passed for a node object need not run again while the other inputs it depends on are the
 * same objects or numbers. Two levels: the nodes array of the last state that passed completely
 * (one pointer comparison per node, which keeps configurations with thousands of hosts cheap),
 * then a record on the node object itself of the memos it passed and under which inputs (for
 * states from other branches). Only passes are remembered: a failing replica is always
 * re-examined, so an explanation always describes the state at hand. One memo per property
 * instance (properties built for another configuration must not share it): the record names it.
 * The record on the node object is kept by `node-record.ts`.
 *
 * It relies on the Model contract: node objects are never mutated, so a node object stands for one
 * content, and it appears only in the branch that created it, where `updates` only grows and an
 * existing update only ever gains a Global ID above every cursor. A check whose verdict for a
 * node cannot change by such growth may therefore pass no inputs at all (each file says why).
 */
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { deltaFrom, deltaOf } from './delta.ts';
import { type SameFields, sameFieldsOf } from './same-fields.ts';
import { passedBefore, rememberPass } from './node-record.ts';

const NONE: readonly unknown[] = [];

/** `[0, 1, ..., n - 1]`, shared per length (never mutated). */
const everyIndex: number[][] = [];
export function allIndices(n: number): readonly number[] {
  let a = everyIndex[n];
  if (a === undefined) {
    a = Array.from({ length: n }, (_, i) => i);
    everyIndex[n] = a;
  }
  return a;
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Remembers which node objects passed a per-replica check, and under which inputs. */
export class NodeMemo {
  private lastNodes: (NodeView | null)[] | null = null;
  private lastInputs: readonly unknown[] = NONE;
  private nodes: readonly NodeView[] | null = null;
  private inputs: readonly unknown[] = NONE;
  /** `[...inputs, undefined]`: the key of a pass that read no other node (shared by the whole pass). */
  private alone: readonly unknown[] = [undefined];
  private fast = false;
  /** (Issue 17) The state whose pass completed last (`done`), when the pass was given one. */
  private lastState: ReplicationState | null = null;
  private state: ReplicationState | null = null;
  /** The indices the current pass changed in `lastNodes` instead of copying them all (see {@link done}). */
  private touched: readonly number[] | null = null;
  /** (Issue 17) Set by {@link assume} for the next pass: a state known to have passed, and its inputs. */
  private assumedBase: ReplicationState | null = null;
  private assumedInputs: readonly unknown[] = NONE;
  /** (Issue 17) The current pass is one {@link assume} allowed: it records nothing. */
  private assuming = false;
  /** (Issue 17) The node objects the last step replaced, in the order of {@link touched} (an incremental pass only). */
  private was: readonly NodeView[] = [];
  /** (Issue 17) Compares two nodes on the only fields the per-node check reads (null: not declared). */
  private readonly same: SameFields | null;

  /**
   * `fields` (issue 17, optional): the only fields of a node the per-node check reads (besides the
   * memo's inputs and what the contract above lets it ignore). An incremental pass then also skips
   * a node the step replaced with one that has the same values in those fields: most steps change
   * a node's flags, agent state or counters, not its orders.
   */
  constructor(fields?: readonly (keyof NodeView)[]) {
    this.same = fields === undefined ? null : sameFieldsOf(fields);
  }

  /**
   * (Issue 17) Says that the next pass ({@link begin} with a state) is over a state the model's
   * last step made from `base`, and that `base` passed this check under `inputs` (the engine
   * vouches for that: `Property.passesAfter`). That pass then visits only the nodes the step
   * replaced, when its inputs are the same, and records nothing (neither the fast path nor the
   * nodes' records: it saw only part of the state). `null` cancels.
   */
  assume(base: ReplicationState | null, inputs: readonly unknown[] = NONE): void {
    this.assumedBase = base;
    this.assumedInputs = inputs;
  }

  /**
   * Starts a pass over a state's nodes; `inputs` are the state-wide inputs the check reads.
   * Returns the node indices the pass must visit (every other one is known to pass): every
   * index, or (issue 17), when `s` is given and was made by the model's last step from the state
   * whose pass completed last under the same inputs, only the nodes that step replaced
   * (properties/delta.ts), so a step costs the nodes it changed, not the system's size. Only
   * for checks of one node at a time (no `also`): a check that also reads another node must
   * visit every index.
   */
  begin(nodes: readonly NodeView[], inputs: readonly unknown[] = NONE, s?: ReplicationState): readonly number[] {
    this.nodes = nodes;
    if (!same(this.inputs, inputs)) this.alone = [...inputs, undefined];
    this.inputs = inputs;
    this.fast = this.lastNodes !== null && this.lastNodes.length === nodes.length && same(this.lastInputs, inputs);
    this.state = s ?? null;
    this.touched = null;
    this.assuming = false;
    const base = this.assumedBase;
    if (base !== null) {
      this.assumedBase = null;
      const d = s === undefined ? undefined : deltaOf(s);
      if (d !== undefined && d.base === base && same(this.assumedInputs, inputs)) {
        this.assuming = true;
        this.fast = false;
        this.touched = d.touched;
        this.was = d.was;
        return d.touched;
      }
    }
    // (Issue 17) One step or, for checks every N steps, the chain of steps since that state
    // (asked about every state a pass is given: delta.ts then knows it when it is the last one).
    const chain = s === undefined ? undefined : deltaFrom(this.lastState, s);
    if (s !== undefined && this.fast && this.lastState !== null) {
      const d = chain;
      if (d !== undefined) {
        this.touched = d.touched;
        this.was = d.was;
        return d.touched;
      }
    }
    return allIndices(nodes.length);
  }

  /**
   * True when node `r` of the current pass is known to pass: it (and node `also`, when its check
   * also reads that node) is the same object as in the last fully passed state, or it passed
   * before with the same inputs and the same node `also`.
   */
  skip(r: number, also = -1): boolean {
    const nodes = this.nodes!;
    const node = nodes[r];
    const same = this.same;
    if (same !== null && also < 0 && this.touched !== null) {
      // (Issue 17) An incremental pass: node `r` replaced one that passed in the step's source.
      const k = this.touched.length <= 16 ? this.touched.indexOf(r) : this.positionOf(r);
      if (k >= 0 && same(this.was[k], node)) return true;
    }
    const other = also >= 0 ? nodes[also] : undefined;
    if (this.fast && this.lastNodes![r] === node && (also < 0 || this.lastNodes![also] === other)) return true;
    return passedBefore(node, this, this.inputs, this.alone, other);
  }

  /**
   * (Issue 17, prop20) True when the model's last step made `t` from `s` and every node it replaced
   * holds the same values in the declared fields as before (false without declared fields).
   */
  keepsFields(s: ReplicationState, t: ReplicationState): boolean {
    const same = this.same;
    if (same === null) return false;
    const d = deltaOf(t);
    if (d === undefined || d.base !== s) return false;
    for (let k = 0; k < d.touched.length; k++) if (!same(d.was[k], t.nodes[d.touched[k]])) return false;
    return true;
  }

  private positions: Int32Array = new Int32Array(0);
  private positionsFor: readonly number[] | null = null;

  /** (Issue 17) Where node `r` is in {@link touched} (a long list: the steps between two checks), or -1. */
  private positionOf(r: number): number {
    const t = this.touched!;
    if (this.positionsFor !== t) {
      if (this.positions.length < this.nodes!.length) this.positions = new Int32Array(this.nodes!.length);
      this.positions.fill(-1);
      for (let k = 0; k < t.length; k++) this.positions[t[k]] = k;
      this.positionsFor = t;
    }
    return this.positions[r];
  }

  /** (Issue 17) True when the current pass visits only the nodes the last step changed (see {@link begin}). */
  get incremental(): boolean {
    return this.touched !== null;
  }

  /** True when node `r` is the same object as in the last fully passed state. */
  sameAsLast(r: number): boolean {
    return this.fast && this.lastNodes![r] === this.nodes![r];
  }

  /**
   * Records that node `r` of the current pass passed (having read node `also`, if given).
   * (prop26) Not in an incremental pass (steps from the state that passed last, as along a walk,
   * whose next state the fast path answers): a record serves other branches and costs every
   * replaced node an allocation. Fewer records only mean more nodes checked, never another verdict.
   */
  remember(r: number, also = -1): void {
    if (this.assuming || this.touched !== null) return;
    rememberPass(this.nodes![r], this, also >= 0 ? [...this.inputs, this.nodes![also]] : this.alone);
  }

  /**
   * Records that the whole pass succeeded: its nodes become the fast path for the next state.
   * The node pointers are copied (into the memo's own array), not the array kept: a random walk's in-place `Model.step` may
   * write the next state's nodes into the same array (node objects themselves never change).
   */
  done(): void {
    if (this.assuming) {
      this.assuming = false;
      return;
    }
    const nodes = this.nodes!;
    const last = this.lastNodes;
    const touched = this.touched;
    if (touched !== null) for (let k = 0; k < touched.length; k++) last![touched[k]] = nodes[touched[k]];
    else if (last !== null && last.length === nodes.length) for (let i = 0; i < nodes.length; i++) last[i] = nodes[i];
    else this.lastNodes = nodes.slice();
    this.lastInputs = this.inputs;
    this.lastState = this.state;
  }
  /** (prop26) After {@link done}: node `r` of that pass was not checked, so the fast path must not vouch for it. */
  forget(r: number): void {
    if (this.lastNodes !== null && r < this.lastNodes.length) this.lastNodes[r] = null;
  }
}

/**
 * (Issue 17) A `Property.passesAfter` for a check that runs `memo` over the state it is given:
 * `check(t)` with the memo told that `s` passed ({@link NodeMemo.assume}), so it visits only the
 * nodes the step `s -> t` replaced. True only when that pass holds. `inputs(s)`: the state-wide
 * inputs the check passes to `begin` (none by default). `unchanged(s, t)` (optional): every
 * state-wide value the check reads (besides its declared node fields and the growth node-memo's
 * contract lets a node check ignore) is the same in `s` and `t`, and the rest of the check passes
 * on `t`; with every replaced node keeping its declared fields ({@link NodeMemo.keepsFields}),
 * `t` then passes without the check being called.
 */
export function passesAfterWith(memo: NodeMemo, check: (t: ReplicationState) => unknown,
  inputs?: (s: ReplicationState) => readonly unknown[],
  unchanged?: (s: ReplicationState, t: ReplicationState) => boolean): (s: ReplicationState, a: unknown, t: ReplicationState) => boolean {
  return (s, _a, t) => {
    // (Issue 17, prop20) Nothing the check reads changed: true without running it (the pass would
    // skip every node and repeat the state-wide part on the same inputs).
    if (unchanged !== undefined && memo.keepsFields(s, t) && unchanged(s, t)) return true;
    memo.assume(s, inputs === undefined ? NONE : inputs(s));
    try {
      return check(t) === true;
    } finally {
      memo.assume(null);
    }
  };
}
