/**
 * (Issue 17) "Some replica has X" antecedents, counted incrementally along a run. A
 * {@link NodeCount} keeps how many nodes of the state it saw last satisfy a per-node predicate;
 * when the model's last step made the next state from that one (properties/delta.ts) under the
 * same state-wide inputs, only the nodes the step replaced are re-evaluated (the old node objects
 * out, the new ones in), so a step costs the nodes it changed, not the system's size. A state
 * that no step of the model made (renamed under symmetry, decoded, built by a test) is scanned
 * directly with an early exit, as before.
 *
 * The predicate must read only the node and the inputs (which are compared by identity).
 *
 * (prop26) The value the predicate gave each node of the counted state is kept (one byte per
 * node), so a step takes a replaced node out by that stored value instead of re-evaluating the
 * predicate on the old node object: the same answer (the old node and the inputs are the ones it
 * was counted with), for half the predicate calls. With `fields` declared (the only node fields
 * the predicate reads), a replaced node that holds the same values there keeps its stored value
 * without a call: most steps change a node's agent state, counters or flags, not its orders.
 */
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { deltaFrom, deltaOf } from './delta.ts';
import { type SameFields, sameFieldsOf } from './same-fields.ts';

const NONE: readonly unknown[] = [];

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Counts the nodes of a state satisfying `pred(s, node, r)`. */
export class NodeCount {
  private readonly pred: (s: ReplicationState, node: NodeView, r: number) => boolean;
  private state: ReplicationState | null = null;
  private inputs: readonly unknown[] = NONE;
  private count = 0;
  /** (prop26) Per node index of the counted state, 1 when the predicate held there. */
  private vals = new Uint8Array(0);
  /** (prop26) A node index where the predicate held in a state asked about earlier (-1: none known). */
  private witness = -1;
  /** The state asked about last (counted or scanned). */
  private seen: ReplicationState | null = null;

  /** (prop26) Compares two nodes on the fields the predicate reads (null: not declared). */
  private readonly same: SameFields | null;

  /** `fields` (prop26, optional): the only node fields `pred` reads (besides the inputs). */
  constructor(pred: (s: ReplicationState, node: NodeView, r: number) => boolean, fields?: readonly (keyof NodeView)[]) {
    this.pred = pred;
    this.same = fields === undefined ? null : sameFieldsOf(fields);
  }

  /** True when some node of `s` satisfies the predicate (`inputs`: the state-wide values it reads). */
  some(s: ReplicationState, inputs: readonly unknown[] = NONE): boolean {
    if (this.state === s && same(this.inputs, inputs)) return this.count > 0;
    const seen = this.seen;
    this.seen = s;
    // (Issue 17) From the counted state by one step or (checks every N steps) a chain of them.
    const fromSeen = deltaFrom(seen, s); // (asked first: delta.ts then knows `s` when it is the last state)
    const d = same(this.inputs, inputs) ? deltaFrom(this.state, s) : undefined;
    const one = d === undefined ? deltaOf(s) : undefined;
    // (prop26) No count to carry over (other inputs, or an unrelated state): the node that
    // satisfied the predicate last, asked first. When it still does, that answers, and no count
    // is started (the count is kept for the inputs it was made under); a state of 10,000 nodes
    // whose inputs change (an update added or numbered) then costs one node, not a recount.
    const w = this.witness;
    if (d === undefined && w >= 0 && w < s.nodes.length && this.pred(s, s.nodes[w], w)) return true;
    // A state not made from the one asked about last (the explorer's siblings, a renamed or a
    // first state): scan with an early exit, as before. Consecutive states (or, issue 17, states
    // a chain of model steps links) start a count.
    if (d === undefined && (one === undefined || (one.base !== seen && one.base !== this.state)) && fromSeen === undefined) {
      for (let r = 0; r < s.nodes.length; r++) {
        if (this.pred(s, s.nodes[r], r)) {
          this.witness = r;
          return true;
        }
      }
      return false;
    }
    if (d !== undefined && s.nodes.length === this.vals.length) {
      const vals = this.vals;
      const same = this.same;
      let c = this.count;
      for (let k = 0; k < d.touched.length; k++) {
        const r = d.touched[k];
        if (same !== null && same(d.was[k], s.nodes[r])) continue;
        const v = this.pred(s, s.nodes[r], r) ? 1 : 0;
        c += v - vals[r];
        vals[r] = v;
        if (v === 1) this.witness = r;
      }
      this.count = c;
    } else {
      const n = s.nodes.length;
      const vals = this.vals.length === n ? this.vals : (this.vals = new Uint8Array(n));
      let c = 0;
      for (let r = 0; r < n; r++) {
        const v = this.pred(s, s.nodes[r], r) ? 1 : 0;
        vals[r] = v;
        c += v;
        if (v === 1 && c === 1) this.witness = r;
      }
      this.count = c;
      this.inputs = inputs;
    }
    this.state = s;
    return this.count > 0;
  }
}
