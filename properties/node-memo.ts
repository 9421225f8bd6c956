/**
 * Per-replica memo of passed checks. The model shares unchanged `NodeView` objects between a
 * state and its successors (only the nodes a step touches are copied), so a per-replica check
 * that passed for a node object need not run again while the inputs it depends on besides the
 * node (the `updates` array, `nextGid`, `reads`, ...) are the same objects or numbers. Only
 * passes are remembered: a failing replica is always re-examined, so an explanation always
 * describes the state at hand. One memo per property instance (properties built for another
 * configuration must not share it).
 *
 * It relies on the Model contract: states are never mutated, so a node object stands for one
 * content, and it appears only in the branch that created it, where `updates` only grows and an
 * existing update only ever gains a Global ID above every cursor. A check whose verdict for a
 * node cannot change by such growth may therefore list no inputs at all (each file says why).
 */
import type { NodeView } from '../traces/replication.ts';

/** Remembers, per node object, the inputs under which its check last passed. */
export class NodeMemo {
  private readonly passed = new WeakMap<NodeView, readonly unknown[]>();

  /** True when `node` passed before with exactly these other inputs (compared with `===`). */
  ok(node: NodeView, deps: readonly unknown[]): boolean {
    const prev = this.passed.get(node);
    if (!prev || prev.length !== deps.length) return false;
    for (let i = 0; i < deps.length; i++) if (prev[i] !== deps[i]) return false;
    return true;
  }

  /** Records that `node` passed with these inputs. */
  remember(node: NodeView, deps: readonly unknown[]): void {
    this.passed.set(node, deps);
  }
}
