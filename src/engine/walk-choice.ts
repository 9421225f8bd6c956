/**
 * How a random walk (walk.ts) chooses each step's action: from its choice `c`, the action
 * `actions[c % actions.length]`, or for models with `sample` the one `sample` picks with `c` as
 * its first random answer; in the drain phase a sampled drain action (seeded by the step
 * number), else the first enabled drain action whose `next` is neither a no-op nor a stuttering
 * step. The chosen action is left in {@link StepChoice.picked}.
 */
import { Chooser } from './chooser.ts';
import { stutters } from './fingerprint.ts';
import type { Model } from './model.ts';

/** Chooses the actions of one model's walks (reused across walks; not reentrant). */
export class StepChoice<S, A> {
  /** The action chosen by the last {@link pick} or {@link drainNext}. */
  picked: A | undefined;
  private readonly chooser = new Chooser();
  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>) {
    this.model = model;
  }

  /** Picks the walk's action for choice `c` in `s` into {@link picked}; false when none is enabled. */
  pick(s: S, c: number): boolean {
    const m = this.model;
    if (m.sample) {
      this.chooser.reseed(c);
      const a = m.sample(s, this.chooser.choose, false);
      this.picked = a;
      return a !== undefined;
    }
    const acts = m.actions(s);
    if (acts.length === 0) return false;
    this.picked = acts[c % acts.length];
    return true;
  }

  /** Whether some action takes `s` to another state (not a no-op or a stuttering step). */
  canMove(s: S): boolean {
    const m = this.model;
    for (const a of m.actions(s)) {
      const t = m.next(s, a);
      if (t !== undefined && !stutters(m, s, t)) return true;
    }
    return false;
  }

  /**
   * One drain step from `s` (the `k`-th transition of the walk): the state after a drain action
   * that is not a no-op, with the action in {@link picked}, or undefined when there is none.
   * With `model.sample` the action is sampled (choices seeded by `k`, so the drain does not
   * depend on the walk's choices); otherwise, and when the sample is a no-op, it is the first
   * enabled drain action in `actions(s)` order.
   */
  drainNext(s: S, k: number, reuse = false): S | undefined {
    const m = this.model;
    if (m.sample) {
      this.chooser.reseed(k);
      const a = m.sample(s, this.chooser.choose, true);
      if (a === undefined) return undefined;
      const t = reuse ? m.step!(s, a) : m.next(s, a);
      if (t !== undefined) {
        this.picked = a;
        return t;
      }
    }
    for (const a of m.actions(s)) {
      if (!m.isDrain!(a)) continue;
      const t = m.next(s, a);
      if (t === undefined) continue;
      // (29a) A step that leaves the state unchanged drains nothing: looping on it would use up
      // the drain (and `eventually` does not count it as taking its fair kind, fair-cycles.ts).
      if (stutters(m, s, t)) continue;
      this.picked = a;
      return t;
    }
    return undefined;
  }
}
