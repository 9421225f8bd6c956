/**
 * (Issue 17) "Which replicas have X" carried from state to state. A {@link NodeSet} answers, for
 * a state of at most {@link MAX_NODES} nodes, the bitmask of the nodes satisfying a per-node
 * predicate. For a state the model's last step made (properties/delta.ts) from a state answered
 * before, under the same state-wide inputs, only the nodes the step replaced are evaluated
 * again: every other node is the same object as in the source, so its bit is the source's.
 *
 * Why not along a run (node-count.ts): the exhaustive search shows a state to the properties
 * once, when it is new, and expands it a level later, so the source of a new state is never the
 * state shown just before it. The answers are therefore kept in a queue, in the order the states
 * were asked about, which is the breadth-first order the search expands them in: the source of a
 * new state is found at (or a few places after) the head, and the answers before it, whose states
 * are expanded, are dropped. A state asked about out of that order (renamed under symmetry,
 * decoded, built by a test, a walk's state checked after unchecked ones) is simply evaluated in
 * full. Every eighth lookup in a row that found nothing looks further ahead (once answers for
 * states a step made are queued): a search worker (src/engine/parallel-worker.ts) queues answers
 * for states it then hands to another worker, and nobody asks for those again. A source being
 * expanded is kept aside once its answer is known, so that asking about it again never finds the
 * copy queued at the tail when the queue did not hold it (that lookup would drop every answer
 * before it: those of the states still to come).
 * The queue holds at most {@link MAX_KEPT} answers, and {@link MAX_UNFOUND} while no lookup has
 * found one (a random walk checking every tenth state never finds a source), so it never keeps
 * many states alive for long.
 *
 * Every answer is exact for its state object (states are immutable): the queue only decides how
 * much work an answer costs. The predicate must read only the node, its index and the state-wide
 * inputs that `sameInputs` compares (by identity) between a step's source and its result.
 */
import type { NodeView, ReplicationState } from '../traces/replication.ts';
import { deltaOf, type StepDelta } from './delta.ts';
import { type SameFields, sameFieldsOf } from './same-fields.ts';

/** The largest state a {@link NodeSet} answers (bits 0..29 keep a mask a small integer). */
export const MAX_NODES = 30;
/** Answers kept at most (about two breadth-first levels of `medium`). */
export const MAX_KEPT = 1 << 19;
/** Answers kept at most while no lookup has found one (since the queue was last emptied). */
export const MAX_UNFOUND = 1 << 16;
/**
 * Entries after the head a lookup compares: for a step's source (sources that made no new state
 * and were never asked about lie between), and for a state asked about again (usually at the head).
 */
const SCAN_SOURCE = 1024;
const SCAN_AGAIN = 64;
/** Entries after the head compared on every eighth miss in a row (see `find`). */
const SCAN_FAR = 1 << 13;
/** Slots of a fresh ring (it doubles up to {@link MAX_KEPT}). */
const FIRST_RING = 1 << 10;

/** A per-node predicate whose answers (bitmasks of nodes) are carried over the model's steps. */
export class NodeSet {
  private readonly pred: (s: ReplicationState, r: number) => boolean;
  private readonly sameInputs: (base: ReplicationState, t: ReplicationState, d: StepDelta) => boolean;
  private readonly same: SameFields;
  /** (Stop 36) A ring of `states.length` slots (a power of two): positions `head` to `tail` (absolute) are queued. */
  private states: (ReplicationState | null)[] = new Array<ReplicationState | null>(FIRST_RING).fill(null);
  private values = new Int32Array(FIRST_RING);
  private head = 0;
  private tail = 0;
  private misses = 0;
  /** Whether a lookup found an answer since the queue was last emptied. */
  private hit = false;
  /**
   * Whether an answer for a state a step had just made (not late) was queued since the queue was
   * last emptied. (Stop 39) Until one is, the far look of {@link find} is skipped: a property that
   * asks only about sources being expanded (`ca-state:stable` alone) queues nothing but late
   * answers, never finds one, and scanned 8,192 of them on every eighth question (a quarter of
   * its run).
   */
  private fresh = false;
  private lastState: ReplicationState | null = null;
  private lastValue = 0;
  /** The state last asked about again (a source being expanded), and its answer: its successors' source. */
  private sourceState: ReplicationState | null = null;
  private sourceValue = 0;
  /** Answers computed from a source's answer (tests: the incremental path was taken). */
  carried = 0;
  /** Far looks taken (tests: none while only late answers are queued). */
  farLooks = 0;

  /**
   * `pred(s, r)`: node `r` of `s` is in the set. `sameInputs(base, t, d)`: the state-wide inputs
   * `pred` reads are the same in `base` and in `t`, made from it by the step `d` (read `base`'s
   * nodes through `d.was`: a random walk's in-place step overwrites them in the shared array).
   * `fields`: the only fields of a node `pred` reads; a replaced node holding the same values
   * (by identity) in all of them keeps its bit (most steps change a node's flags, agent state or
   * counters, not its orders or objects).
   */
  constructor(pred: (s: ReplicationState, r: number) => boolean,
    sameInputs: (base: ReplicationState, t: ReplicationState, d: StepDelta) => boolean,
    fields: readonly (keyof NodeView)[]) {
    this.pred = pred;
    this.sameInputs = sameInputs;
    this.same = sameFieldsOf(fields);
  }

  /** The nodes of `s` (at most {@link MAX_NODES}) satisfying the predicate, as a bitmask. */
  mask(s: ReplicationState): number {
    if (s === this.lastState) return this.lastValue;
    if (s === this.sourceState) {
      this.lastState = s;
      this.lastValue = this.sourceValue;
      return this.sourceValue;
    }
    let v = -1;
    const d = deltaOf(s);
    if (d !== undefined && d.base !== null && d.base !== s) {
      // A state the model just made: from its source's answer, when that is known.
      const before = d.base === this.lastState ? this.lastValue : d.base === this.sourceState ? this.sourceValue : this.find(d.base, SCAN_SOURCE);
      if (before >= 0) {
        // Kept aside for its other successors and for asking again (see the else branch).
        this.sourceState = d.base;
        this.sourceValue = before;
      }
      if (before >= 0 && d.base.nodes.length === s.nodes.length && this.sameInputs(d.base, s, d)) {
        v = before;
        const touched = d.touched;
        for (let k = 0; k < touched.length; k++) {
          const r = touched[k];
          if (this.same(d.was[k], s.nodes[r])) continue;
          v = this.pred(s, r) ? v | (1 << r) : v & ~(1 << r);
        }
        this.carried++;
      }
    } else {
      // Asked about again (a source being expanded), or a state no step just made. A source is
      // asked about again (and its successors look it up) while it is expanded: the first lookup
      // that finds it keeps it aside (sourceState), so that later ones do not look in the queue.
      // A source not found there was just queued at the tail, and finding it there would drop
      // every answer before it, those of the states still to be expanded (a search worker
      // expanding states serialised to it then never found a source again).
      v = this.find(s, SCAN_AGAIN);
      if (v >= 0) {
        this.sourceState = s;
        this.sourceValue = v;
      }
    }
    if (v < 0) {
      v = this.evaluate(s);
      // (Stop 32) Queued at the tail as a late answer when no step just made it (see `found`).
      this.push(s, v, d === undefined || d.base === null || d.base === s);
    } else if (d !== undefined && d.base !== s) this.push(s, v, false);
    this.lastState = s;
    this.lastValue = v;
    return v;
  }

  /** Answers queued and not yet dropped (tests: the queue's bound). */
  get queued(): number {
    return this.tail - this.head;
  }

  /** The bitmask of `s`, every node evaluated. */
  private evaluate(s: ReplicationState): number {
    let v = 0;
    for (let r = 0; r < s.nodes.length; r++) if (this.pred(s, r)) v |= 1 << r;
    return v;
  }

  /** The kept answer for `s` (dropping the answers before it), or -1. */
  private find(s: ReplicationState, scan: number): number {
    const states = this.states;
    const m = states.length - 1;
    const end = Math.min(this.tail, this.head + scan);
    for (let i = this.head; i < end; i++) if (states[i & m] === s) return this.found(i);
    if ((this.misses & 7) === 7 && this.fresh) {
      // Every eighth miss in a row, a longer look: answers nobody will ask for (of states expanded
      // from copies: serialised to another search worker) may lie between the head and the rest.
      this.farLooks++;
      const far = Math.min(this.tail, this.head + SCAN_FAR);
      for (let i = end; i < far; i++) if (states[i & m] === s) return this.found(i);
    }
    this.misses++;
    return -1;
  }

  /**
   * The answer at queue position `i`, dropping those before it. (Stop 32) Not when it is a late
   * answer (one queued for a state no step had just made: a source asked about again and not
   * found, or a state renamed under symmetry) far past the head: a source asked about out of the
   * queue's order was queued at the tail, and finding it there for its successors dropped every
   * answer before it, those of the states still to be expanded (a search worker then evaluated
   * 2.5 times as many states in full as one thread).
   */
  private found(i: number): number {
    const m = this.states.length - 1;
    const x = this.values[i & m];
    this.misses = 0;
    this.hit = true;
    if (x < 0 && i - this.head > SCAN_AGAIN) return ~x;
    for (let j = this.head; j < i; j++) this.states[j & m] = null;
    this.head = i;
    return x < 0 ? ~x : x;
  }

  /** Queues the answer `v` for `s` (`late`: see {@link found}; kept as `~v`, a negative number). */
  private push(s: ReplicationState, v: number, late: boolean): void {
    const n = this.tail - this.head;
    if (n >= (this.hit ? MAX_KEPT : MAX_UNFOUND)) this.clear();
    else if (n === this.states.length) this.grow();
    const m = this.states.length - 1;
    this.states[this.tail & m] = s;
    this.values[this.tail & m] = late ? ~v : v;
    this.tail++;
    if (!late) this.fresh = true;
  }

  /** Doubles the ring (it is full), the queued answers moved to its start in order. */
  private grow(): void {
    const old = this.states;
    const m = old.length - 1;
    const states = new Array<ReplicationState | null>(old.length * 2).fill(null);
    const values = new Int32Array(old.length * 2);
    for (let i = this.head, k = 0; i < this.tail; i++, k++) {
      states[k] = old[i & m];
      values[k] = this.values[i & m];
    }
    this.states = states;
    this.values = values;
    this.tail -= this.head;
    this.head = 0;
  }

  private clear(): void {
    this.states = new Array<ReplicationState | null>(FIRST_RING).fill(null);
    this.values = new Int32Array(FIRST_RING);
    this.head = 0;
    this.tail = 0;
    this.misses = 0;
    this.hit = false;
    this.fresh = false;
  }
}
