/**
 * One random walk, driven by a list of choices (the value fast-check generates and shrinks).
 *
 * A walk starts in an initial state (picked by the first choice when the model has several
 * initial states; otherwise no choice is spent on it), then each choice `c` takes the action
 * `actions[c % actions.length]` (or, for models with `sample`, the action `sample` picks with
 * `c` as its first random answer) until the choices run out or no action is enabled. A `next`
 * that returns undefined (a no-op) uses up its choice without a step. A drain phase follows
 * (models with `isDrain`): it repeatedly takes the FIRST enabled drain action whose `next` is
 * not a no-op, neither undefined nor a successor that encodes as the state itself (with
 * `sample`: a sampled drain action, seeded by the step number) until none is
 * left or `drainSteps` were taken. The drain uses no choices, so it is deterministic and
 * shrinking the walk never changes how a given state drains.
 *
 * `always` properties are checked on the initial state, every `checkEvery` transitions, at the
 * end of the walk and at the end of the drain; `alwaysReachable` goals once, after the drain;
 * `sometimes` conditions wherever `always` ones are checked. The walker runs in three modes:
 * search (every property, coverage and action counts), target (one property, while fast-check
 * shrinks a failing walk) and plain (no checks, to record a path). The checks themselves are in
 * walk-checks.ts, the choice of each step's action in walk-choice.ts, the walk's types in
 * walk-types.ts.
 */
import type { Model } from './model.ts';
import { actionKind } from './model.ts';
import type { Property } from './property.ts';
import type { PathStep } from './result.ts';
import { walkChoices } from './replay-path.ts';
import { EventualTracker } from './walk-eventually.ts';
import { WalkChecks } from './walk-checks.ts';
import { StepChoice } from './walk-choice.ts';
import { PURE_WALK_STEPS, SourceCheck } from './purity.ts';
import { WalkAborted, type WalkFailure, type WalkMode, type WalkObserver, type WalkerSnapshot } from './walk-types.ts';

/** Runs walks of one model against fixed property lists. Reused across walks; not reentrant. */
export class Walker<S, A> {
  /**
   * Asked every 64 steps of a walk: true ends the walk at once with {@link WalkAborted} (set it
   * only around search walks, whose result is then discarded; never while shrinking or replaying).
   */
  abort: (() => boolean) | undefined;
  /** The property checks (walk-checks.ts). */
  private readonly checks: WalkChecks<S, A>;
  private readonly eventual: EventualTracker<S, A>;
  /** Transitions of the last walk (walk + drain). */
  transitions = 0;
  /** Drain transitions of the last walk. */
  drained = 0;
  /** True when the last drain stopped at `drainSteps` rather than with no drain action left. */
  drainCut = false;
  /** Goals a walk could not decide, by property: see {@link WalkChecks.undecided}. */
  readonly undecided: Map<Property<S, A>, number>;

  /** Search walks that ended with `p` (an `eventually` property) pending and fair actions still enabled. */
  undecidedEventually(p: Property<S, A>): number {
    return this.eventual.undecided.get(p) ?? 0;
  }
  /** Transitions into the current walk at which the properties were last checked. */
  private checkedAt = 0;
  /** How each step's action is chosen (walk-choice.ts). */
  private readonly choice: StepChoice<S, A>;
  /** (Stop 28) Checks that `next` leaves a walk's first sources unchanged. */
  private readonly sources: SourceCheck<S, A>;
  /** (Issue 17) Every property that judges steps accepts an in-place source ({@link Property.inPlace}). */
  private readonly stepsInPlace: boolean;

  private readonly model: Model<S, A>;
  private readonly inits: S[];
  private readonly checkEvery: number;
  private readonly drainSteps: number;

  constructor(
    model: Model<S, A>,
    inits: S[],
    properties: Property<S, A>[],
    checkEvery: number,
    drainSteps: number,
  ) {
    this.model = model;
    this.sources = new SourceCheck(model);
    this.choice = new StepChoice(model);
    this.inits = inits;
    this.checkEvery = checkEvery;
    this.drainSteps = drainSteps;
    this.checks = new WalkChecks(properties);
    this.undecided = this.checks.undecided;
    this.eventual = new EventualTracker(model, properties.filter((p) => p.kind === 'eventually'));
    this.stepsInPlace = properties.every((p) => (p.kind !== 'transition' && p.antecedent?.transition === undefined) || p.inPlace === true);
  }

  /**
   * What the walker carries from one search walk to the next, by property index in `properties`
   * (the list it was built with), as plain data (simulate --checkpoint).
   */
  snapshot(properties: readonly Property<S, A>[]): WalkerSnapshot {
    const at = (p: Property<S, A>) => properties.indexOf(p);
    return {
      pendingSometimes: this.checks.pendingSometimes.map(at),
      undecided: [...this.undecided].map(([p, n]) => [at(p), n]),
      undecidedEventually: [...this.eventual.undecided].map(([p, n]) => [at(p), n]),
    };
  }

  /** Continues from a {@link snapshot} taken with the same property list. */
  restore(properties: readonly Property<S, A>[], w: WalkerSnapshot): void {
    this.checks.pendingSometimes = w.pendingSometimes.map((k) => properties[k]!);
    for (const [k, n] of w.undecided) this.undecided.set(properties[k]!, n);
    for (const [k, n] of w.undecidedEventually) this.eventual.undecided.set(properties[k]!, n);
  }

  /** How many choices a walk of at most `steps` actions consumes. */
  choicesFor(steps: number): number {
    return walkChoices(steps, this.inits.length);
  }

  /**
   * Walks `choices` in `mode`. Returns the first failure (or `null`); when `record` is given,
   * appends every visited state (with the action leading to it) to it.
   */
  walk(choices: number[], mode: WalkMode<S, A>, obs?: WalkObserver<S, A>, record?: PathStep<S, A>[]): WalkFailure<S, A> | null {
    const model = this.model;
    const search = mode.kind === 'search';
    const o = search ? obs : undefined;
    let i = 0;
    let s: S;
    if (this.inits.length > 1) s = this.inits[i < choices.length ? choices[i++] % this.inits.length : 0];
    else s = this.inits[0];
    let n = 0;
    this.drained = 0;
    this.drainCut = false;
    if (record) record.push({ action: null, state: s });
    if (o?.state) o.state(s);
    o?.metrics?.start(s);
    this.eventual.reset();
    this.eventual.see(s, 0, mode);
    let f = this.checks.visit(s, 0, mode, o);
    this.checkedAt = 0;
    if (f) return this.done(f, 0);
    // Without a recorded path or a transition property no visited state is read again after
    // its successor is made, so a model's in-place `step` may be used; (issue 17) transition
    // properties and antecedents that accept an in-place source (`Property.inPlace`) allow it too.
    const reuse = !record && model.step !== undefined && (this.stepsInPlace || (this.checks.steps.length === 0 && !o?.witnesses?.watchesSteps));
    while (i < choices.length) {
      if ((i & 63) === 63 && this.abort?.()) throw new WalkAborted('walk aborted');
      if (!this.choice.pick(s, choices[i++])) break;
      const a = this.choice.picked as A;
      // (Stop 28) The first steps' sources must come back unchanged from `next` (purity.ts).
      const watched = !reuse && n < PURE_WALK_STEPS && this.sources.before(s);
      const t = reuse ? model.step!(s, a) : model.next(s, a);
      if (watched) this.sources.after(s, n);
      if (t === undefined) continue;
      const from = s;
      s = t;
      n++;
      f = this.arrive(s, a, n, mode, o, record) ?? this.checks.step(from, a, t, n, mode, o);
      if (f) return this.done(f, n);
    }
    if (this.checkedAt !== n) {
      this.checkedAt = n;
      f = this.checks.visit(s, n, mode, o);
      if (f) return this.done(f, n);
    }
    const drainFrom = n;
    if (model.isDrain) {
      for (;;) {
        if ((n & 63) === 63 && this.abort?.()) throw new WalkAborted('walk aborted');
        if (n - drainFrom >= this.drainSteps) {
          this.drainCut = this.choice.drainNext(s, n) !== undefined;
          break;
        }
        const t = this.choice.drainNext(s, n, reuse);
        if (t === undefined) break;
        const from = s;
        s = t;
        n++;
        f = this.arrive(s, this.choice.picked as A, n, mode, o, record) ?? this.checks.step(from, this.choice.picked as A, t, n, mode, o);
        if (f) return this.done(f, n);
      }
    }
    this.drained = n - drainFrom;
    if (this.checkedAt !== n) {
      f = this.checks.visit(s, n, mode, o);
      if (f) return this.done(f, n);
    }
    o?.metrics?.end(s, n);
    // (Sweep 30c) Without `isDrain` there is no drain: a goal failing where a real step is still
    // enabled is undecided (check reads every action as completing work), not a violation. Asked
    // only when a goal fails.
    const cut = () => this.drainCut || (!model.isDrain && this.choice.canMove(s));
    f = this.eventual.end(s, n, mode) ?? this.checks.goalsAt(s, n, mode, cut, this.drained);
    return this.done(f, n);
  }

  /**
   * Bookkeeping for the state `s` reached by `a` as the walk's `n`-th transition (walk or
   * drain alike): record it, let the observers see it, and check the properties at the
   * `checkEvery` cadence.
   */
  private arrive(s: S, a: A, n: number, mode: WalkMode<S, A>, o: WalkObserver<S, A> | undefined, record?: PathStep<S, A>[]): WalkFailure<S, A> | null {
    if (record) record.push({ action: a, state: s });
    if (!this.eventual.empty) this.eventual.see(s, n, mode);
    if (o) {
      if (o.state) o.state(s);
      if (o.actionCounts) count(o.actionCounts, actionKind(this.model, a));
    }
    if (n % this.checkEvery !== 0) return null;
    this.checkedAt = n;
    return this.checks.visit(s, n, mode, o);
  }

  private done(f: WalkFailure<S, A> | null, n: number): WalkFailure<S, A> | null {
    this.transitions = n;
    return f;
  }
}

function count(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
