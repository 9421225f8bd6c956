/**
 * Per-state and per-transition property bookkeeping of the exhaustive explorer. Each new state
 * is shown once to every undecided property: an `always` property records the first (so
 * shallowest) state that violates it and is then no longer checked; a `sometimes` property
 * records its first witness; `alwaysReachable` and `eventually` properties mark their goal (and
 * trigger) states in bitsets for the final graph pass (issue 17: through `passes` when the
 * property has one, which answers the same without building explanations). Every explored transition, including one
 * to an already visited state, is shown to the undecided `transition` properties, which record
 * the first (so shallowest) violating step.
 */
import type { Property, Verdict } from './property.ts';
import { Bitset } from './graph.ts';
import { WitnessCounter } from './witnesses.ts';
import { UsageError } from './errors.ts';

/** What the search found for one property. */
export interface Finding {
  /** State id of the first violation (`always`) or witness (`sometimes`), or the source state of the first violating step (`transition`); -1 when none. */
  stateId: number;
  /** The verdict that decided it (for `always` and `transition` violations). */
  verdict?: Verdict;
  /** `transition`: the position of the violating action in `actions(s)` of the explored state. */
  actionIndex?: number;
}

/** Tracks the properties of one run; indices follow the `properties` array given to the constructor. */
export class PropertyTracker<S, A = unknown> {
  /** Per property: what was found so far. */
  readonly findings: Finding[];
  /** Goal marks per property (only for `alwaysReachable` and `eventually` properties, else null). */
  readonly goals: (Bitset | null)[];
  /** Trigger marks per property (only for `eventually` properties with a trigger, else null). */
  readonly triggers: (Bitset | null)[];
  /** Whether a graph property is selected (the graph must then be kept). */
  readonly needsGraph: boolean;
  /** Whether an `eventually` property is selected (edges must then carry their action kind and fairness). */
  readonly needsKinds: boolean;
  /** Witnesses per property (every new state and, when watched, every explored step). */
  readonly witnesses: WitnessCounter<S, A>;
  private pendingIndex: number[] = [];
  private pendingCheck: ((s: S) => Verdict)[] = [];
  private pendingAlways: boolean[] = [];
  /** (Issue 17) Per pending property: its `passesAfter` (always properties that have one), else null. */
  private pendingAfter: (((s: S, a: A, t: S) => boolean) | null)[] = [];
  private goalIndex: number[] = [];
  /** Per goal: its `passes` (issue 17) when it has one, else its `check` (only `=== true` is read). */
  private goalCheck: ((s: S) => Verdict)[] = [];
  private triggerIndex: number[] = [];
  private triggerCheck: ((s: S) => boolean)[] = [];
  private stepIndex: number[] = [];
  private stepCheck: ((s: S, a: A, t: S) => Verdict)[] = [];

  /** (Addition, issue 10) Set when `stopAtFirst` ended the run at a violation: that property's index. */
  stoppedAt = -1;
  /** Whether a violation of property `i` ends the run (`stopAtFirst`). */
  private readonly stops: (i: number) => boolean;

  /** `stopAtFirst`: {@link observe} and {@link observeStep} return true at the first `always` or `transition` violation. */
  readonly properties: readonly Property<S, A>[];

  constructor(properties: readonly Property<S, A>[], stopAtFirst: boolean | readonly string[] = false) {
    this.properties = properties;
    this.stops = typeof stopAtFirst === 'boolean' ? () => stopAtFirst : (i) => stopAtFirst.includes(properties[i].name);
    this.findings = properties.map(() => ({ stateId: -1 }));
    this.goals = properties.map((p) => (p.kind === 'alwaysReachable' || p.kind === 'eventually' ? new Bitset() : null));
    this.triggers = properties.map((p) => (p.kind === 'eventually' && p.trigger ? new Bitset() : null));
    properties.forEach((p, i) => {
      if (p.kind === 'alwaysReachable' || p.kind === 'eventually') {
        this.goalIndex.push(i);
        this.goalCheck.push(typeof p.passes === 'function' ? p.passes : p.check);
        if (p.kind === 'eventually' && p.trigger) {
          this.triggerIndex.push(i);
          this.triggerCheck.push(p.trigger);
        }
      } else if (p.kind === 'transition') {
        if (typeof p.step !== 'function') throw new UsageError(`transition property ${p.name} has no step(s, a, t) function (build it with transition())`);
        this.stepIndex.push(i);
        this.stepCheck.push(p.step);
      } else {
        this.pendingIndex.push(i);
        this.pendingCheck.push(p.check);
        this.pendingAlways.push(p.kind === 'always');
        this.pendingAfter.push(p.kind === 'always' && typeof p.passesAfter === 'function' ? p.passesAfter : null);
      }
    });
    this.witnesses = new WitnessCounter(properties);
    this.needsGraph = this.goalIndex.length > 0;
    this.needsKinds = properties.some((p) => p.kind === 'eventually');
  }

  /** Whether transitions must be shown to {@link observeStep}. */
  get watchesSteps(): boolean {
    return this.stepCheck.length > 0 || this.witnesses.watchesSteps;
  }

  /** True when every property is decided (never with a graph property) and every antecedent was witnessed. */
  private decided(): boolean {
    return this.pendingCheck.length === 0 && this.stepCheck.length === 0 && this.goalIndex.length === 0 && this.witnesses.satisfied;
  }

  /**
   * Shows a newly discovered state to the undecided properties. Returns true when every
   * property is now decided (so the search may stop early); never true without properties or
   * with a graph property. (Issue 17) When the search made `s` from `from`, a state it showed
   * before, by action `a` (`t`: the concrete successor, `s` its canonical form), an `always`
   * property with `passesAfter` may vouch for `s` from what the step changed, `from` having
   * passed it (every property still undecided passed every state shown so far); otherwise, or
   * when it cannot tell, its `check` decides on `s` as before.
   */
  observe(id: number, s: S, from?: S, a?: A, t?: S): boolean {
    this.witnesses.state(s);
    const checks = this.pendingCheck;
    const after = from === undefined ? null : this.pendingAfter;
    for (let k = 0; k < checks.length; k++) {
      if (after !== null) {
        const pass = after[k];
        if (pass !== null && pass(from!, a!, t!)) continue;
      }
      const v = checks[k](s);
      if (this.pendingAlways[k] ? v !== true : v === true) {
        this.findings[this.pendingIndex[k]] = { stateId: id, verdict: v };
        if (this.pendingAlways[k] && this.stops(this.pendingIndex[k])) {
          this.stoppedAt = this.pendingIndex[k];
          return true;
        }
        this.pendingIndex.splice(k, 1);
        this.pendingCheck.splice(k, 1);
        this.pendingAlways.splice(k, 1);
        this.pendingAfter.splice(k, 1);
        k--;
        if (this.decided()) return true;
      }
    }
    const goals = this.goalCheck;
    for (let k = 0; k < goals.length; k++) {
      if (goals[k](s) === true) (this.goals[this.goalIndex[k]] as Bitset).set(id);
    }
    const triggers = this.triggerCheck;
    for (let k = 0; k < triggers.length; k++) {
      if (triggers[k](s)) (this.triggers[this.triggerIndex[k]] as Bitset).set(id);
    }
    return false;
  }

  /**
   * Shows an explored step from state `from` (the stored state `s`) by its `index`-th action `a`
   * to the concrete successor `t` (before canonicalisation) to the undecided transition
   * properties. Returns true when every property is now decided.
   */
  observeStep(from: number, s: S, a: A, index: number, t: S): boolean {
    this.witnesses.step(s, a, t);
    const checks = this.stepCheck;
    for (let k = 0; k < checks.length; k++) {
      const v = checks[k](s, a, t);
      if (v !== true) {
        this.findings[this.stepIndex[k]] = { stateId: from, verdict: v, actionIndex: index };
        if (this.stops(this.stepIndex[k])) {
          this.stoppedAt = this.stepIndex[k];
          return true;
        }
        this.stepIndex.splice(k, 1);
        this.stepCheck.splice(k, 1);
        k--;
        if (this.decided()) return true;
      }
    }
    return false;
  }

  /** What the tracker found so far, as plain data (for checkpoints). */
  snapshot(): TrackerSnapshot {
    return {
      findings: this.findings.map((f) => ({ ...f })),
      goals: this.goals.map((g) => (g === null ? null : g.toWords())),
      triggers: this.triggers.map((g) => (g === null ? null : g.toWords())),
      witnesses: this.witnesses.snapshot(),
    };
  }

  /** Continues from a {@link snapshot}: decided properties are no longer checked, goal and trigger marks and witness counts are kept. */
  restore(s: TrackerSnapshot): void {
    s.findings.forEach((f, i) => {
      this.findings[i] = { ...f };
      if (f.stateId < 0) return;
      const k = this.pendingIndex.indexOf(i);
      if (k >= 0) {
        this.pendingIndex.splice(k, 1);
        this.pendingCheck.splice(k, 1);
        this.pendingAlways.splice(k, 1);
        this.pendingAfter.splice(k, 1);
      }
      const j = this.stepIndex.indexOf(i);
      if (j >= 0) {
        this.stepIndex.splice(j, 1);
        this.stepCheck.splice(j, 1);
      }
    });
    s.goals.forEach((w, i) => {
      if (w !== null) (this.goals as (Bitset | null)[])[i] = Bitset.fromWords(w);
    });
    s.triggers.forEach((w, i) => {
      if (w !== null) (this.triggers as (Bitset | null)[])[i] = Bitset.fromWords(w);
    });
    this.witnesses.restore(s.witnesses);
  }
}

/** A tracker's state as plain data (see {@link PropertyTracker.snapshot}). */
export interface TrackerSnapshot {
  findings: Finding[];
  goals: (Uint32Array | null)[];
  triggers: (Uint32Array | null)[];
  witnesses: { counts: number[]; states: number; steps: number };
}
