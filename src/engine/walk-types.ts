/**
 * The vocabulary of a random walk (walk.ts): what a walk found wrong, who observes a search
 * walk, the walker's checkpointed counts, the three checking modes, and the abort signal.
 */
import type { WalkMetrics } from './metrics.ts';
import type { Explanation, Property } from './property.ts';
import type { WitnessCounter } from './witnesses.ts';

/** What a walk found wrong: the property, why, and after how many transitions. */
export interface WalkFailure<S, A = unknown> {
  property: Property<S, A>;
  explanation: Explanation;
  /** Transitions from the initial state to the violating state (the counterexample's length). */
  transitions: number;
}

/** Observers used in search mode only (never while shrinking or replaying). */
export interface WalkObserver<S, A> {
  /** Every visited state (coverage). */
  state?(s: S): void;
  /** A `sometimes` condition held for the first time, `transitions` into this walk. */
  witness?(property: Property<S, A>, transitions: number): void;
  /** Action kinds taken, counted here. */
  actionCounts?: Map<string, number>;
  /** The target's statistics observer. */
  metrics?: WalkMetrics<S>;
  /** (Issue 11) Counts the properties' witnesses: checked states and every step. */
  witnesses?: WitnessCounter<S, A>;
}

/** A {@link Walker.snapshot}: property indices and counts. */
export interface WalkerSnapshot {
  pendingSometimes: number[];
  undecided: [number, number][];
  undecidedEventually: [number, number][];
}

/** How a walk checks properties: `search` all, `target` one, `plain` none. */
export type WalkMode<S, A = unknown> = { kind: 'search' } | { kind: 'target'; property: Property<S, A> } | { kind: 'plain' };

/** Turns a failing verdict into an explanation. */
export function explain<S, A>(p: Property<S, A>, v: Exclude<ReturnType<Property<S, A>['check']>, true>): Explanation {
  return v === false ? { facts: [`${p.name} does not hold in this state`] } : v;
}

/** Thrown by {@link Walker.walk} when its {@link Walker.abort} check says stop (a time limit inside one long walk). */
export class WalkAborted extends Error {}
