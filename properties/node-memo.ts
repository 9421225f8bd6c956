/**
 * Per-replica memo of passed checks. The model shares unchanged `NodeView` objects between a
 * state and its successors (only the nodes a step touches are copied), so a per-replica check
 * that passed for a node object need not run again while the other inputs it depends on are the
 * same objects or numbers. Two levels: the nodes array of the last state that passed completely
 * (one pointer comparison per node, which keeps configurations with thousands of hosts cheap),
 * then a WeakMap from node objects to the inputs under which they passed (for states from other
 * branches). Only passes are remembered: a failing replica is always re-examined, so an
 * explanation always describes the state at hand. One memo per property instance (properties
 * built for another configuration must not share it).
 *
 * It relies on the Model contract: node objects are never mutated, so a node object stands for one
 * content, and it appears only in the branch that created it, where `updates` only grows and an
 * existing update only ever gains a Global ID above every cursor. A check whose verdict for a
 * node cannot change by such growth may therefore pass no inputs at all (each file says why).
 */
import type { NodeView } from '../traces/replication.ts';

const NONE: readonly unknown[] = [];

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Remembers which node objects passed a per-replica check, and under which inputs. */
export class NodeMemo {
  private readonly passed = new WeakMap<NodeView, readonly unknown[]>();
  private lastNodes: readonly NodeView[] | null = null;
  private lastInputs: readonly unknown[] = NONE;
  private nodes: readonly NodeView[] | null = null;
  private inputs: readonly unknown[] = NONE;
  private fast = false;

  /** Starts a pass over a state's nodes; `inputs` are the state-wide inputs the check reads. */
  begin(nodes: readonly NodeView[], inputs: readonly unknown[] = NONE): void {
    this.nodes = nodes;
    this.inputs = inputs;
    this.fast = this.lastNodes !== null && this.lastNodes.length === nodes.length && same(this.lastInputs, inputs);
  }

  /**
   * True when node `r` of the current pass is known to pass: it (and node `also`, when its check
   * also reads that node) is the same object as in the last fully passed state, or it passed
   * before with the same inputs and the same node `also`.
   */
  skip(r: number, also = -1): boolean {
    const nodes = this.nodes!;
    const node = nodes[r];
    const other = also >= 0 ? nodes[also] : undefined;
    if (this.fast && this.lastNodes![r] === node && (also < 0 || this.lastNodes![also] === other)) return true;
    const prev = this.passed.get(node);
    if (prev === undefined || prev.length !== this.inputs.length + 1 || prev[this.inputs.length] !== other) return false;
    for (let i = 0; i < this.inputs.length; i++) if (prev[i] !== this.inputs[i]) return false;
    return true;
  }

  /** True when node `r` is the same object as in the last fully passed state. */
  sameAsLast(r: number): boolean {
    return this.fast && this.lastNodes![r] === this.nodes![r];
  }

  /** Records that node `r` of the current pass passed (having read node `also`, if given). */
  remember(r: number, also = -1): void {
    this.passed.set(this.nodes![r], [...this.inputs, also >= 0 ? this.nodes![also] : undefined]);
  }

  /**
   * Records that the whole pass succeeded: its nodes become the fast path for the next state.
   * The node pointers are copied, not the array kept: a random walk's in-place `Model.step` may
   * write the next state's nodes into the same array (node objects themselves never change).
   */
  done(): void {
    this.lastNodes = this.nodes!.slice();
    this.lastInputs = this.inputs;
  }
}
