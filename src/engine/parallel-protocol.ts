/**
 * (Issue 17) The messages between the exhaustive explorer's main thread (parallel-search.ts) and
 * its expansion workers (parallel-worker.ts), and the compact form of property outcomes they
 * carry. A unit is a run of consecutive frontier states (ids `first .. first + count - 1`)
 * serialised with `v8.serialize` into one buffer, with their fingerprints: the worker that
 * produced the states sends the buffer to the main thread, which passes it on unread to the
 * worker that expands them, so states never cross the main thread as objects.
 */
import { serialize } from 'node:v8';
import type { Explanation, Verdict } from './property.ts';
import { ParallelFallback } from './parallel-options.ts';

/**
 * A run of frontier states: serialised with their fingerprints (`lo, hi` pairs), or `held` as
 * objects by the worker that found them (under that key), which then expands them itself.
 */
export interface StateBlob {
  first: number;
  count: number;
  bytes?: Uint8Array;
  fps?: Uint32Array;
  held?: number;
}

/**
 * Which checks a worker evaluates during one level (decided properties are skipped). (Stop 32) A
 * worker may expand the next level's first units before this one ends: it keeps the plans of both
 * (by `depth`) and expands and keeps each unit under the plan of its own level.
 */
export interface LevelPlan {
  t: 'level';
  /** Per property: evaluate `check` on new states (undecided `always`/`sometimes`, every goal). */
  checks: boolean[];
  /** Per property: evaluate `step` on every transition (undecided `transition` properties). */
  steps: boolean[];
  /** States per blob the worker makes of the new states it keeps. */
  blob: number;
  depth: number;
  /** (Stop 31) The successors met by every worker (parallel-shared-met.ts), shared by all of them. */
  met: SharedArrayBuffer;
}

/** Main to worker. */
export type ToWorker =
  | LevelPlan
  | { t: 'expand'; unit: number; blob: StateBlob; probe: boolean; depth: number }
  | { t: 'keep'; unit: number; first: number; idx: Uint32Array; ship: boolean };

/** An error in a worker, rebuilt on the main thread with the same class and message. */
export interface WorkerFault {
  name: string;
  message: string;
  stack?: string;
  fields?: Record<string, unknown>;
}

/** The successors of one unit. */
export interface Expanded {
  t: 'expanded';
  unit: number;
  /** `ends[j]`: offset just past parent j's transitions (parents after a symmetry break are absent). */
  ends: Uint32Array;
  /** Per transition: the action's position in `actions(s)`. */
  action: Uint32Array;
  /** Per transition: the worker's kind index, with FAIR_BIT / DRAIN_BIT as in edge codes. */
  codes: Uint16Array;
  /** Per transition: the canonical successor's fingerprint (`lo, hi`). */
  fps: Uint32Array;
  /**
   * Per transition, when the worker filtered (a costly model: see parallel-worker.ts): 1 when it
   * already met this successor in an earlier unit (in insertion order) or earlier in this one,
   * so it is in the table by now (the worker did not keep it).
   */
  known?: Uint8Array;
  /** Kind names the worker registered for this unit, in order (its indices continue its list). */
  kinds: string[];
  /** Step outcomes (see {@link Outcomes}), when steps are watched. */
  steps?: Outcomes;
  /** Set when the model reported an asymmetry, or the symmetry probe found one. */
  asymmetry?: string;
  /**
   * (Stop 32) What the model threw (or a breach found) while expanding the unit's last parent in
   * `ends`: the transitions made before it are here, as one thread would have shown them before it
   * threw; the main thread raises it when its replay reaches the unit without having stopped.
   */
  failure?: WorkerFault;
  /**
   * (Stop 32) With `failure`: the last transition is the one whose successor's canonical form or
   * encoding threw. It has no successor; one thread counts it and shows it to the step properties
   * before raising the failure, so the main thread replays only that.
   */
  stepOnly?: boolean;
}

/** Worker to main. */
export type FromWorker =
  | { t: 'ready' }
  | Expanded
  | { t: 'kept'; unit: number; outcomes: Outcomes; blobs: StateBlob[] }
  | { t: 'fault'; fault: WorkerFault; unit?: number; phase?: Phase }
  | { t: 'mismatch'; unit: number; why: string; phase: Phase };

/** (Stop 32) Which request of a unit's a worker was serving: its expansion or keeping its new states. */
export type Phase = 'expand' | 'keep';

/**
 * Outcomes of evaluating `slots` predicates on each of `n` items (states or transitions):
 * `bits[k * slots + q]` is 1 when predicate q held on item k; a failing verdict with an
 * explanation is in `explanations` under `k * slots + q`; (stop 32) what a predicate threw is in
 * `faults`, raised on the main thread only if its tracker asks for that verdict (one thread
 * would not have evaluated a property decided before).
 */
export interface Outcomes {
  slots: number;
  bits: Uint8Array;
  explanations: [number, Explanation][];
  faults: [number, WorkerFault][];
}

/** An empty outcome table for `n` items of `slots` predicates. */
export function outcomes(n: number, slots: number): Outcomes {
  return { slots, bits: new Uint8Array(n * slots), explanations: [], faults: [] };
}

/** (Stop 32) Records that predicate `q` threw `e` on item `k`. */
export function recordFault(o: Outcomes, k: number, q: number, e: unknown): void {
  o.faults.push([k * o.slots + q, faultOf(e)]);
}

/** Records verdict `v` of predicate `q` on item `k`. */
export function record(o: Outcomes, k: number, q: number, v: Verdict): void {
  if (v === true) o.bits[k * o.slots + q] = 1;
  else if (typeof v === 'object' && v !== null) o.explanations.push([k * o.slots + q, v]);
}

/** Outcomes for a number of items not known in advance (the bits grow by doubling). */
export class OutcomeBuilder {
  o: Outcomes;
  constructor(slots: number) {
    this.o = outcomes(64, slots);
  }
  /** Records verdict `v` of predicate `q` on item `k`. */
  set(k: number, q: number, v: Verdict): void {
    const need = (k + 1) * this.o.slots;
    if (need > this.o.bits.length) {
      const b = new Uint8Array(Math.max(need, this.o.bits.length * 2));
      b.set(this.o.bits);
      this.o.bits = b;
    }
    record(this.o, k, q, v);
  }
  /** Records that predicate `q` threw `e` on item `k`. */
  fault(k: number, q: number, e: unknown): void {
    recordFault(this.o, k, q, e);
  }
  /** The table for `n` items. */
  done(n: number): Outcomes {
    return { slots: this.o.slots, bits: this.o.bits.slice(0, n * this.o.slots), explanations: this.o.explanations, faults: this.o.faults };
  }
}

/** The verdict recorded for predicate `q` on item `k` (`lookup` holds the explanations by position). */
export function verdictOf(o: Outcomes, lookup: Map<number, Explanation>, k: number, q: number): Verdict {
  const at = k * o.slots + q;
  if (o.bits[at] === 1) return true;
  return lookup.get(at) ?? false;
}

/** Slots per state: property i's check at 3i, its trigger at 3i + 1, its antecedent's state test at 3i + 2. */
export const STATE_SLOTS = 3;
/** Slots per transition: property i's step at 2i, its antecedent's transition test at 2i + 1. */
export const STEP_SLOTS = 2;

/** An error as plain data. */
export function faultOf(e: unknown): WorkerFault {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const fields: Record<string, unknown> = {};
  for (const k of ['who', 'method', 'what', 'where', 'seed', 'path'] as const) if (k in e) fields[k] = (e as unknown as Record<string, unknown>)[k];
  if (e.cause !== undefined) fields.cause = faultOf(e.cause);
  return { name: e.name, message: e.message, stack: e.stack, fields };
}

/**
 * States serialised for another thread with `v8.serialize`, in a buffer of their own (so it can
 * be transferred). (Sweep 32b F1) A state it cannot copy (one holding a function, a symbol, a
 * WeakMap) ends the parallel run, which then reruns on one thread ({@link ParallelFallback}),
 * instead of failing as an internal error.
 */
export function serialised(states: readonly unknown[]): Uint8Array {
  let b: Uint8Array;
  try {
    b = serialize(states);
  } catch (e) {
    throw new ParallelFallback(`a state cannot be sent to another thread (v8.serialize: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
}
