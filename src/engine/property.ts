/**
 * Property kinds the engine checks, after Stateright's always/sometimes/eventually.
 *
 * - `always(p)`: an invariant. Exhaustive mode proves it on every reachable state (of the
 *   explored, possibly symmetry-reduced graph); random mode only tests the states it visits.
 * - `sometimes(p)`: a reachability witness. It "holds" when some reachable state satisfies `p`,
 *   and the witness path is reported. Finding none is reported as a violation, because a
 *   condition that is never exercised usually means the model or the property is wrong.
 * - `alwaysReachable(p)`: from every reachable state some `p` state is reachable by completing
 *   actions alone (AG EF p over the model's drain actions, {@link Model.isDrain}; over every
 *   action when the model marks none). This is the liveness form of "eventually consistent":
 *   no new work may be needed to get there. Exhaustive mode decides it on the explored graph by
 *   reverse reachability from the goal states over drain edges; random mode checks it at the
 *   end of every walk's drain phase.
 */

/** Why a state violates a property: facts a person can follow. */
export interface Explanation {
  /** One line per fact that makes it a violation. */
  facts: string[];
  /** The replica (host or server) concerned, if any. */
  replica?: string;
  /** The updates involved, by their display names. */
  updates?: string[];
}

/**
 * The outcome of evaluating a state predicate: `true` holds; `false` fails without details;
 * an {@link Explanation} fails with details.
 */
export type Verdict = boolean | Explanation;

/**
 * The property kinds. (Additions, issues 10/11) `transition`: an invariant over steps
 * `(s, a, s')`, decided by {@link Property.step}; `eventually`: under weak fairness of the
 * model's fair actions ({@link Model.isFair}), every fair path from every reachable state where
 * {@link Property.trigger} holds (default: every reachable state) reaches a `check` state;
 * a violation is a lasso (stem and loop) or a path to a non-goal terminal state.
 */
export type PropertyKind = 'always' | 'sometimes' | 'alwaysReachable' | 'transition' | 'eventually';

/**
 * (Addition, issue 11) What must happen for a property to be tested at all. Runs count the
 * states (and transitions) where it held as the property's `witnesses`; none makes a pass vacuous.
 */
export interface Antecedent<S, A = unknown> {
  /** The event, as a phrase a report prints after "vacuous: never ...", e.g. "two updates of one origin at a replica holding their item". */
  readonly description: string;
  /** A state where the property is exercised. */
  readonly state?: (s: S) => boolean;
  /** A transition where the property is exercised. */
  readonly transition?: (s: S, a: A, t: S) => boolean;
}

/** A named property over states `S` (and, for transition properties and antecedents, actions `A`). */
export interface Property<S, A = unknown> {
  readonly name: string;
  readonly kind: PropertyKind;
  /** The predicate (the invariant, the witness condition, or the goal). Transition properties: always true. */
  readonly check: (s: S) => Verdict;
  /** What the property means, in a sentence, with the definition it implements. */
  readonly description?: string;
  /** (Addition, issue 11) What must happen for the property to be exercised (see {@link Antecedent}). */
  readonly antecedent?: Antecedent<S, A>;
  /** (Addition, issue 11) Kind `transition`: the verdict on one step from `s` by `a` to `t`. */
  readonly step?: (s: S, a: A, t: S) => Verdict;
  /** (Addition, issue 11) Kind `eventually`: the states from which every fair path must reach a goal (default: all). */
  readonly trigger?: (s: S) => boolean;
  /**
   * (Addition, issue 17) For a property with {@link step} or `antecedent.transition`: true when
   * they may be given a source state `s` whose storage the model's in-place {@link Model.step}
   * reused to build `t` (the property then learns what `s` was from the model by other means).
   * Random walks take in-place steps only when every such property says so. Default false: the
   * engine keeps `s` intact (`Model.next`) whenever a step is judged.
   */
  readonly inPlace?: boolean;
  /**
   * (Addition, issue 17) Kind `always`, optional: a cheaper test of `check(t)` for a state `t`
   * the model made from `s` by `a`, given that `check(s)` held. The exhaustive search knows that
   * much of every successor it stores (a state is expanded only after it was checked, and an
   * invariant still being checked held on every state checked so far), so a property whose
   * verdict can change only where a step changed the state (a per-replica check, say) need look
   * only there. Return true only when `check(t)` holds; false means "not known": the engine then
   * calls `check` on the state it stores, which also builds any explanation. Under symmetry
   * reduction `t` is the concrete successor and the engine stores its canonical form: like the
   * reduction itself, this relies on the property judging renamed states alike.
   */
  readonly passesAfter?: (s: S, a: A, t: S) => boolean;
  /**
   * (Addition, issue 17) Kinds `alwaysReachable` and `eventually`, optional: `check(s) === true`
   * as a plain boolean, without building the explanation of a state that fails. The exhaustive
   * search evaluates every goal on every new state and keeps only whether it held (a goal fails
   * on most states of a run), so a property whose failing verdict costs an object per state may
   * answer here instead; `check` still explains the states a report shows. It must answer exactly
   * as `check(s) === true` does.
   */
  readonly passes?: (s: S) => boolean;
}

/** (Addition, issue 11) Optional parts of a property, for the constructors below. */
export interface PropertyOptions<S, A = unknown> {
  description?: string;
  antecedent?: Antecedent<S, A>;
  /** (Addition, issue 17) See {@link Property.inPlace}. */
  inPlace?: boolean;
  /** (Addition, issue 17) See {@link Property.passesAfter} (kind `always` only). */
  passesAfter?: (s: S, a: A, t: S) => boolean;
  /** (Addition, issue 17) See {@link Property.passes} (kinds `alwaysReachable` and `eventually` only). */
  passes?: (s: S) => boolean;
}

function options<S, A>(o: string | PropertyOptions<S, A> | undefined): PropertyOptions<S, A> {
  return typeof o === 'string' ? { description: o } : (o ?? {});
}

/** True when the verdict says the predicate holds. */
export function holds(v: Verdict): boolean {
  return v === true;
}

/** An invariant: `p` holds in every reachable state. */
export function always<S, A = unknown>(name: string, check: (s: S) => Verdict, opts?: string | PropertyOptions<S, A>): Property<S, A> {
  return { name, kind: 'always', check, ...options(opts) };
}

/** A reachability witness: some reachable state satisfies `p`. */
export function sometimes<S, A = unknown>(name: string, check: (s: S) => Verdict, opts?: string | PropertyOptions<S, A>): Property<S, A> {
  return { name, kind: 'sometimes', check, ...options(opts) };
}

/** Liveness without fairness: from every reachable state, a state satisfying `p` is reachable. */
export function alwaysReachable<S, A = unknown>(name: string, check: (s: S) => Verdict, opts?: string | PropertyOptions<S, A>): Property<S, A> {
  return { name, kind: 'alwaysReachable', check, ...options(opts) };
}

/** (Addition, issue 11) A transition invariant: `step(s, a, t)` holds on every explored step. */
export function transition<S, A = unknown>(name: string, step: (s: S, a: A, t: S) => Verdict, opts?: string | PropertyOptions<S, A>): Property<S, A> {
  return { name, kind: 'transition', check: () => true, step, ...options(opts) };
}

/** (Addition, issue 11) Leads-to under weak fairness: from every `trigger` state, every fair path reaches a `goal` state. */
export function eventually<S, A = unknown>(name: string, goal: (s: S) => Verdict, opts?: string | (PropertyOptions<S, A> & { trigger?: (s: S) => boolean })): Property<S, A> {
  const o = typeof opts === 'string' ? { description: opts } : (opts ?? {});
  return { name, kind: 'eventually', check: goal, ...o };
}
