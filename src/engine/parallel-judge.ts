/**
 * (Issue 17, stop 32) How a search worker (parallel-worker.ts) evaluates the properties' predicates
 * on the steps and states it makes. Each verdict is recorded for the main thread's tracker
 * (parallel-oracle.ts), and so is what a predicate throws: the main thread raises it only if its
 * tracker asks for that verdict, where one thread would have evaluated it (not for a property
 * decided before, which a worker still evaluates when its level plan was made early). A throw
 * also forgets the breach the model's guard recorded, so that it does not reach later calls.
 */
import type { Property, Verdict } from './property.ts';
import type { Guard } from './contract-error.ts';
import type { Early } from './parallel-early.ts';
import { record, recordFault, STATE_SLOTS, STEP_SLOTS, type LevelPlan, type OutcomeBuilder, type Outcomes } from './parallel-protocol.ts';

/** Evaluates a worker's property predicates (see the file header). */
export class Judge<S, A> {
  private readonly properties: readonly Property<S, A>[];
  private readonly guard: Guard | undefined;
  /** Per property: a goal's `passes` (no explanation to ship), else null. */
  private readonly goalPasses: (((s: S) => boolean) | null)[];
  /** Per property: an invariant's `passesAfter`, else null. */
  private readonly after: (((s: S, a: A, t: S) => boolean) | null)[];

  constructor(properties: readonly Property<S, A>[], guard: Guard | undefined) {
    this.properties = properties;
    this.guard = guard;
    this.goalPasses = properties.map((p) => ((p.kind === 'alwaysReachable' || p.kind === 'eventually') && typeof p.passes === 'function' ? p.passes : null));
    this.after = properties.map((p) => (p.kind === 'always' && typeof p.passesAfter === 'function' ? p.passesAfter : null));
  }

  /** The step slots of transition `n` (`s` by `a` to `t`): undecided `step`s, every antecedent's `transition`. */
  steps(plan: LevelPlan, out: OutcomeBuilder, n: number, s: S, a: A, t: S): void {
    const properties = this.properties;
    for (let q = 0; q < properties.length; q++) {
      const p = properties[q];
      if (plan.steps[q] && p.step) {
        try {
          out.set(n, STEP_SLOTS * q, p.step(s, a, t));
        } catch (e) {
          out.fault(n, STEP_SLOTS * q, e);
          this.forget();
        }
      }
      const ante = p.antecedent?.transition;
      if (ante) {
        try {
          out.set(n, STEP_SLOTS * q + 1, ante(s, a, t));
        } catch (e) {
          out.fault(n, STEP_SLOTS * q + 1, e);
          this.forget();
        }
      }
    }
  }

  /**
   * (Issue 17, med24) The state slots of successor `n` (`c`, the canonical form of `t`, made from
   * `s` by `a`), judged while its step is the model's latest (see {@link Early}): an undecided
   * invariant with `passesAfter` first asks it, as the one-thread tracker does, then `check`;
   * goals (`passes` when given), triggers and antecedents' state tests.
   */
  early(plan: LevelPlan, early: Early, n: number, s: S, a: A, t: S, c: S): void {
    const at = early.start(n);
    const properties = this.properties;
    for (let q = 0; q < properties.length; q++) {
      const p = properties[q];
      if (plan.checks[q]) {
        try {
          const pa = this.after[q];
          const gp = this.goalPasses[q];
          early.record(at, STATE_SLOTS * q, pa !== null && pa(s, a, t) ? true : gp !== null ? gp(c) : p.check(c));
        } catch (e) {
          early.fault(at, STATE_SLOTS * q, e);
          this.forget();
        }
      }
      if (p.trigger) this.earlyTest(early, at, STATE_SLOTS * q + 1, p.trigger, c);
      if (p.antecedent?.state) this.earlyTest(early, at, STATE_SLOTS * q + 2, p.antecedent.state, c);
    }
  }

  /** The state slots of a new state `c` judged after its step (item `k` of `out`). */
  state(plan: LevelPlan, out: Outcomes, k: number, c: S): void {
    const properties = this.properties;
    for (let q = 0; q < properties.length; q++) {
      const p = properties[q];
      // (Issue 17) A goal is read only as `=== true`: its `passes`, when it has one, builds no explanation to ship.
      if (plan.checks[q]) this.test(out, k, STATE_SLOTS * q, this.goalPasses[q] ?? p.check, c);
      if (p.trigger) this.test(out, k, STATE_SLOTS * q + 1, p.trigger, c);
      if (p.antecedent?.state) this.test(out, k, STATE_SLOTS * q + 2, p.antecedent.state, c);
    }
  }

  private earlyTest(early: Early, at: number, q: number, f: (c: S) => Verdict, c: S): void {
    try {
      early.record(at, q, f(c));
    } catch (e) {
      early.fault(at, q, e);
      this.forget();
    }
  }

  private test(out: Outcomes, k: number, q: number, f: (c: S) => Verdict, c: S): void {
    try {
      record(out, k, q, f(c));
    } catch (e) {
      recordFault(out, k, q, e);
      this.forget();
    }
  }

  /** Forgets the breach a throw recorded in the model's guard (it travels with the outcome). */
  private forget(): void {
    if (this.guard !== undefined) this.guard.breach = undefined;
  }
}
