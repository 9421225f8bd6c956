/**
 * The property checks of a random walk (walk.ts): `always` and pending `sometimes` properties
 * on checked states, `transition` properties on every step, and `alwaysReachable` goals once
 * the drain has stopped, in the walk's mode (search: every property; target: one; plain: none).
 */
import type { Property } from './property.ts';
import { explain, type WalkFailure, type WalkMode, type WalkObserver } from './walk-types.ts';
import { UsageError } from './errors.ts';

/** The non-`eventually` properties of a {@link Walker}, split by kind, and the checks on them. */
export class WalkChecks<S, A> {
  readonly always: Property<S, A>[];
  readonly goals: Property<S, A>[];
  readonly steps: Property<S, A>[];
  /** `sometimes` properties not yet witnessed (search mode shrinks this list). */
  pendingSometimes: Property<S, A>[];
  /**
   * Goals a walk could not decide: its drain hit `drainSteps` with drain actions still enabled
   * and the goal still failing. Such a walk proves nothing either way (the goal may be one drain
   * step further), so it is counted here instead of being reported as a violation.
   */
  readonly undecided = new Map<Property<S, A>, number>();

  constructor(properties: Property<S, A>[]) {
    this.always = properties.filter((p) => p.kind === 'always');
    this.goals = properties.filter((p) => p.kind === 'alwaysReachable');
    this.steps = properties.filter((p) => p.kind === 'transition');
    for (const p of this.steps) {
      if (typeof p.step !== 'function') throw new UsageError(`transition property ${p.name} has no step(s, a, t) function (build it with transition())`);
    }
    this.pendingSometimes = properties.filter((p) => p.kind === 'sometimes');
  }

  /** Checks `always` properties (and, in search mode, pending `sometimes` ones) on `s`. */
  visit(s: S, n: number, mode: WalkMode<S, A>, o: WalkObserver<S, A> | undefined): WalkFailure<S, A> | null {
    if (mode.kind === 'plain') return null;
    if (mode.kind === 'target') {
      const p = mode.property;
      if (p.kind !== 'always') return null;
      const v = p.check(s);
      return v === true ? null : { property: p, explanation: explain(p, v), transitions: n };
    }
    o?.metrics?.visit(s, n);
    o?.witnesses?.state(s);
    const pending = this.pendingSometimes;
    for (let k = 0; k < pending.length; k++) {
      if (pending[k].check(s) === true) {
        const p = pending[k];
        pending.splice(k--, 1);
        o?.witness?.(p, n);
      }
    }
    const always = this.always;
    for (let k = 0; k < always.length; k++) {
      const v = always[k].check(s);
      if (v !== true) return { property: always[k], explanation: explain(always[k], v), transitions: n };
    }
    return null;
  }

  /** Checks the transition properties on the walk's `n`-th step, from `s` by `a` to `t` (every step, whatever `checkEvery`). */
  step(s: S, a: A, t: S, n: number, mode: WalkMode<S, A>, o: WalkObserver<S, A> | undefined): WalkFailure<S, A> | null {
    if (mode.kind === 'plain') return null;
    if (mode.kind === 'search') o?.witnesses?.step(s, a, t);
    const steps = mode.kind === 'target' ? (mode.property.kind === 'transition' ? [mode.property] : []) : this.steps;
    for (let k = 0; k < steps.length; k++) {
      const v = steps[k].step!(s, a, t);
      if (v === true) continue;
      const e = v === false ? { facts: [`${steps[k].name} does not hold on this step`] } : v;
      return { property: steps[k], explanation: e, transitions: n };
    }
    return null;
  }

  /**
   * Checks the `alwaysReachable` goals once the drain has stopped, after `drained` drain steps;
   * `drainCut` says the drain hit its limit (a failing goal is then undecided, not violated).
   */
  goalsAt(s: S, n: number, mode: WalkMode<S, A>, undecided: () => boolean, drained: number): WalkFailure<S, A> | null {
    if (mode.kind === 'plain') return null;
    const goals = mode.kind === 'target' ? (mode.property.kind === 'alwaysReachable' ? [mode.property] : []) : this.goals;
    let cut: boolean | undefined;
    for (const p of goals) {
      const v = p.check(s);
      if (v === true) continue;
      if ((cut ??= undecided())) {
        if (mode.kind === 'search') this.undecided.set(p, (this.undecided.get(p) ?? 0) + 1);
        continue;
      }
      const e = explain(p, v);
      const why = `the goal still fails after ${drained} drain steps, with no drain action left enabled (random mode drains with drain actions only; check decides the property exactly)`;
      return { property: p, explanation: { ...e, facts: [...e.facts, why] }, transitions: n };
    }
    return null;
  }
}
