/**
 * `eventually` (leads-to under weak fairness) in random walks, judged like `alwaysReachable` at
 * the end of each walk's drain phase. A walk that passes a trigger state where the goal fails,
 * never meets a goal state after it, and ends in a state where no weakly fair action is enabled
 * (the drain found nothing left to do, or no action at all) is a counterexample: a fair run may
 * stop there, as in the exhaustive check (fair-cycles.ts). A walk whose drain was cut with fair
 * actions still enabled leaves the property undecided for that walk (`undecided`, reported as
 * incomplete, like a cut drain for `alwaysReachable`). Random walks cannot find fair loops; only
 * `check` decides those. Goal and trigger are evaluated on every state of the walk (whatever
 * `checkEvery`), so "never met a goal" is exact.
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import type { WalkFailure, WalkMode } from './walk-types.ts';
import { Chooser } from './chooser.ts';
import { isFairAction } from './kinds.ts';
import { stutters } from './fingerprint.ts';

/** Tracks the `eventually` properties of one walk at a time. */
export class EventualTracker<S, A> {
  /** Per property: the step of the pending trigger state (-1: none pending). */
  private readonly pending: number[];
  private readonly chooser = new Chooser();

  private readonly model: Model<S, A>;
  private readonly properties: Property<S, A>[];
  /**
   * (prop26) Per property, its goal test: `passes` when it has one (the same answer as
   * `check(s) === true`, property.ts, without building an explanation of every state on the way
   * to the goal), else `check` (only `=== true` is read), as the exhaustive tracker does.
   */
  private readonly goals: ((s: S) => unknown)[];

  constructor(model: Model<S, A>, properties: Property<S, A>[]) {
    this.model = model;
    this.properties = properties;
    this.pending = properties.map(() => -1);
    this.goals = properties.map((p) => (typeof p.passes === 'function' ? p.passes : p.check));
  }

  /** True when there is nothing to track. */
  get empty(): boolean {
    return this.properties.length === 0;
  }

  /** Starts a walk. */
  reset(): void {
    this.pending.fill(-1);
  }

  private active(k: number, mode: WalkMode<S, A>): boolean {
    return mode.kind === 'search' || (mode.kind === 'target' && mode.property === this.properties[k]);
  }

  /** Shows the walk's state after `n` steps (only whether each goal holds is read). */
  see(s: S, n: number, mode: WalkMode<S, A>): void {
    if (mode.kind === 'plain') return;
    for (let k = 0; k < this.properties.length; k++) {
      if (!this.active(k, mode)) continue;
      const p = this.properties[k];
      if (this.pending[k] >= 0) {
        if (this.goals[k](s) === true) this.pending[k] = -1;
      } else if ((p.trigger ? p.trigger(s) : true) && this.goals[k](s) !== true) this.pending[k] = n;
    }
  }

  /** Per property, in search walks: how many walks ended with the goal pending and fair actions still enabled. */
  readonly undecided = new Map<Property<S, A>, number>();

  /** At the end of a walk in `s` after `n` steps: the failure, when a pending trigger ends where no fair action is enabled. */
  end(s: S, n: number, mode: WalkMode<S, A>): WalkFailure<S, A> | null {
    if (mode.kind === 'plain' || !this.pending.some((x, k) => x >= 0 && this.active(k, mode))) return null;
    if (!this.stalled(s)) {
      if (mode.kind === 'search') {
        for (let k = 0; k < this.properties.length; k++) {
          const p = this.properties[k];
          if (this.pending[k] >= 0) this.undecided.set(p, (this.undecided.get(p) ?? 0) + 1);
        }
      }
      return null;
    }
    const dead = this.terminal(s);
    for (let k = 0; k < this.properties.length; k++) {
      if (this.pending[k] < 0 || !this.active(k, mode)) continue;
      const p = this.properties[k];
      const v = p.check(s);
      const from = this.pending[k] === 0 ? 'the initial state' : `the state after step ${this.pending[k]}`;
      const facts = [`from ${from}${p.trigger ? ' (a trigger state)' : ''}, ${p.name} never holds on this run`,
        dead
          ? `the run ends at step ${n} in a state with no enabled action, where ${p.name} does not hold`
          : `the run may stop at step ${n}: no weakly fair action is enabled there (only actions nothing obliges to happen), and ${p.name} does not hold`,
        ...(this.model.explainStuck?.(s) ?? []), ...(typeof v === 'object' ? v.facts : [])];
      return { property: p, explanation: { facts }, transitions: n };
    }
    return null;
  }

  /**
   * True when no weakly fair action is enabled in `s` (`Model.isFair`; by default the drain
   * actions), not counting one whose step leaves `s` unchanged (a stuttering step).
   */
  private stalled(s: S): boolean {
    const m = this.model;
    if (m.isFair === undefined && m.isDrain !== undefined && m.sample) {
      this.chooser.reseed(0);
      return m.sample(s, this.chooser.choose, true) === undefined;
    }
    if (m.isFair === undefined && m.isDrain === undefined) return this.terminal(s);
    // (29a) A fair action whose step leaves the state unchanged is not enabled under WF_vars.
    return !m.actions(s).some((a) => {
      if (!isFairAction(m, a)) return false;
      const t = m.next(s, a);
      return t !== undefined && !stutters(m, s, t);
    });
  }

  /** True when no action at all is enabled in `s`. */
  private terminal(s: S): boolean {
    const m = this.model;
    if (m.sample) {
      this.chooser.reseed(0);
      return m.sample(s, this.chooser.choose, false) === undefined;
    }
    return m.actions(s).length === 0;
  }
}
