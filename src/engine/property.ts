/**
 * Property kinds the engine checks, after Stateright's always/sometimes/eventually.
 *
 * - `always(p)`: an invariant. Exhaustive mode proves it on every reachable state (of the
 *   explored, possibly symmetry-reduced graph); random mode only tests the states it visits.
 * - `sometimes(p)`: a reachability witness. It "holds" when some reachable state satisfies `p`,
 *   and the witness path is reported. Finding none is reported as a violation, because a
 *   condition that is never exercised usually means the model or the property is wrong.
 * - `alwaysReachable(p)`: from every reachable state some `p` state is reachable (AG EF p). This
 *   is the liveness form of "eventually consistent": it does not assume fairness and cannot show
 *   that every run gets there, only that no run gets stuck where it cannot. Exhaustive mode
 *   decides it on the explored graph by reverse reachability from the goal states; random mode
 *   checks it at the end of every walk's drain phase.
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

/** The three property kinds. */
export type PropertyKind = 'always' | 'sometimes' | 'alwaysReachable';

/** A named property over states `S`. */
export interface Property<S> {
  readonly name: string;
  readonly kind: PropertyKind;
  /** The predicate (the invariant, the witness condition, or the goal). */
  readonly check: (s: S) => Verdict;
  /** What the property means, in a sentence, with the definition it implements. */
  readonly description?: string;
}

/** True when the verdict says the predicate holds. */
export function holds(v: Verdict): boolean {
  return v === true;
}

/** An invariant: `p` holds in every reachable state. */
export function always<S>(name: string, check: (s: S) => Verdict, description?: string): Property<S> {
  return { name, kind: 'always', check, description };
}

/** A reachability witness: some reachable state satisfies `p`. */
export function sometimes<S>(name: string, check: (s: S) => Verdict, description?: string): Property<S> {
  return { name, kind: 'sometimes', check, description };
}

/** Liveness without fairness: from every reachable state, a state satisfying `p` is reachable. */
export function alwaysReachable<S>(name: string, check: (s: S) => Verdict, description?: string): Property<S> {
  return { name, kind: 'alwaysReachable', check, description };
}
