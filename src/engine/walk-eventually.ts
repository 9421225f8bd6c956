/**
 * `eventually` (leads-to) in random walks. A walk cannot show that every fair run reaches the
 * goal, nor find a fair loop, but it can refute the property one way: a walk that passes a
 * trigger state where the goal fails, never meets a goal state after it, and ends in a state
 * with no enabled action at all (a non-goal terminal state) is a counterexample. Goal and trigger
 * are evaluated on every state of the walk (whatever `checkEvery`), so "never met a goal" is exact.
 * Anything else leaves the property undecided (random.ts reports it incomplete).
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import type { WalkFailure, WalkMode } from './walk.ts';
import { Chooser } from './chooser.ts';

/** Tracks the `eventually` properties of one walk at a time. */
export class EventualTracker<S, A> {
  /** Per property: the step of the pending trigger state (-1: none pending). */
  private readonly pending: number[];
  private readonly chooser = new Chooser();

  constructor(private readonly model: Model<S, A>, private readonly properties: Property<S, A>[]) {
    this.pending = properties.map(() => -1);
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

  /** Shows the walk's state after `n` steps. */
  see(s: S, n: number, mode: WalkMode<S, A>): void {
    if (mode.kind === 'plain') return;
    for (let k = 0; k < this.properties.length; k++) {
      if (!this.active(k, mode)) continue;
      const p = this.properties[k];
      if (this.pending[k] >= 0) {
        if (p.check(s) === true) this.pending[k] = -1;
      } else if ((p.trigger ? p.trigger(s) : true) && p.check(s) !== true) this.pending[k] = n;
    }
  }

  /** At the end of a walk in `s` after `n` steps: the failure, when a pending trigger ends in a terminal state. */
  end(s: S, n: number, mode: WalkMode<S, A>): WalkFailure<S, A> | null {
    if (mode.kind === 'plain' || !this.pending.some((x, k) => x >= 0 && this.active(k, mode))) return null;
    if (!this.terminal(s)) return null;
    for (let k = 0; k < this.properties.length; k++) {
      if (this.pending[k] < 0 || !this.active(k, mode)) continue;
      const p = this.properties[k];
      const v = p.check(s);
      const from = this.pending[k] === 0 ? 'the initial state' : `the state after step ${this.pending[k]}`;
      const facts = [`from ${from}${p.trigger ? ' (a trigger state)' : ''}, ${p.name} never holds on this run`,
        `the run ends at step ${n} in a state with no enabled action, where ${p.name} does not hold`,
        ...(this.model.explainStuck?.(s) ?? []), ...(typeof v === 'object' ? v.facts : [])];
      return { property: p, explanation: { facts }, transitions: n };
    }
    return null;
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
