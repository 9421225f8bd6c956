/**
 * (Issue 17) Properties whose predicates can answer from outcomes computed on another thread.
 * The parallel exhaustive search keeps one {@link PropertyTracker} on the main thread, built on
 * {@link oracleProperties}: before the hand-off to the workers (and with the oracle off) every
 * predicate calls the real one; afterwards the main thread points the oracle at the outcomes a
 * worker computed for the state (or step) it is about to show the tracker, so first-found
 * violations, witness counts and early stops are decided exactly as on one thread.
 */
import type { Property, Verdict } from './property.ts';
import { STATE_SLOTS, STEP_SLOTS, verdictOf, type Outcomes, type WorkerFault } from './parallel-protocol.ts';
import { rebuildFault } from './parallel-fault.ts';
import type { Explanation } from './property.ts';

/** Where the oracle reads: the outcome table and item of the state and of the step shown next. */
export class Oracle {
  /** Off: predicates call the real ones. */
  on = false;
  private state: Outcomes | undefined;
  private stateLookup = new Map<number, Explanation>();
  private stateItem = 0;
  private step: Outcomes | undefined;
  private stepLookup = new Map<number, Explanation>();
  private stepItem = 0;
  /** (Stop 32) What predicates threw on the worker, by slot: raised here if the tracker asks. */
  private stateFaults = new Map<number, WorkerFault>();
  private stepFaults = new Map<number, WorkerFault>();

  /** The state outcomes of a unit (set before its new states are shown). */
  states(o: Outcomes): void {
    this.state = o;
    this.stateLookup = new Map(o.explanations);
    this.stateFaults = new Map(o.faults);
  }

  /** The step outcomes of a unit (set before its steps are shown). */
  steps(o: Outcomes | undefined): void {
    this.step = o;
    this.stepLookup = new Map(o?.explanations ?? []);
    this.stepFaults = new Map(o?.faults ?? []);
  }

  /** Selects the state (`k`-th new state of the unit) shown next. */
  atState(k: number): void {
    this.stateItem = k;
  }

  /** Selects the step (`k`-th transition of the unit) shown next. */
  atStep(k: number): void {
    this.stepItem = k;
  }

  /** Slot `q` of the selected state. */
  stateVerdict(q: number): Verdict {
    if (this.stateFaults.size > 0) raise(this.stateFaults, this.state!.slots, this.stateItem, q);
    return verdictOf(this.state!, this.stateLookup, this.stateItem, q);
  }

  /** Slot `q` of the selected step. */
  stepVerdict(q: number): Verdict {
    if (this.stepFaults.size > 0) raise(this.stepFaults, this.step!.slots, this.stepItem, q);
    return verdictOf(this.step!, this.stepLookup, this.stepItem, q);
  }
}

/** Throws what predicate `q` threw on item `k`, if it threw. */
function raise(faults: Map<number, WorkerFault>, slots: number, k: number, q: number): void {
  const f = faults.get(k * slots + q);
  if (f !== undefined) throw rebuildFault(f);
}

/** `properties` with every predicate answering from `oracle` while it is on (same names, kinds and order). */
export function oracleProperties<S, A>(properties: readonly Property<S, A>[], oracle: Oracle): Property<S, A>[] {
  return properties.map((p, i) => {
    const c = STATE_SLOTS * i;
    const t = STEP_SLOTS * i;
    const a = p.antecedent;
    const q: Property<S, A> = {
      ...p,
      check: (s) => (oracle.on ? oracle.stateVerdict(c) : p.check(s)),
      // (Issue 17) A goal's `passes` answers from the same slot (the worker records `passes` there).
      ...(p.passes ? { passes: (s: S) => (oracle.on ? oracle.stateVerdict(c) === true : p.passes!(s)) } : {}),
      ...(p.trigger ? { trigger: (s: S) => (oracle.on ? oracle.stateVerdict(c + 1) === true : p.trigger!(s)) } : {}),
      ...(p.step ? { step: (s: S, x: A, u: S) => (oracle.on ? oracle.stepVerdict(t) : p.step!(s, x, u)) } : {}),
      ...(a ? {
        antecedent: {
          description: a.description,
          ...(a.state ? { state: (s: S) => (oracle.on ? oracle.stateVerdict(c + 2) === true : a.state!(s)) } : {}),
          ...(a.transition ? { transition: (s: S, x: A, u: S) => (oracle.on ? oracle.stepVerdict(t + 1) === true : a.transition!(s, x, u)) } : {}),
        },
      } : {}),
    };
    return q;
  });
}
