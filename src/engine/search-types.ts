/**
 * The vocabulary of the exhaustive search (search.ts): why a search stopped early, what bounds
 * it besides its state and depth limits, and its position saved between two states.
 */

/** Why a search stopped before exhausting the space (as in `ExhaustiveStats.limit`). */
export type SearchLimit = 'max-states' | 'max-depth' | 'time-limit' | 'interrupted' | 'memory';

/** What bounds a search besides its state and depth limits (time, memory): see src/engine/guard.ts. */
export interface SearchGuard {
  /** The limit exceeded now, if any. */
  check(): SearchLimit | undefined;
  /** Successors to compute before the next {@link check} (the guard adapts it to the model's speed). */
  every: number;
}

/** A search's position between two states: counters and the frontier (see `searchSnapshot` in checkpoint.ts). */
export interface SearchSnapshot<S> {
  transitions: number;
  /** (Issue 11) The action kinds met and transitions per kind. */
  kinds: { names: string[]; counts: number[] };
  depth: number;
  maxDepthSeen: number;
  /** The level being expanded, in chunks (expanded chunks are null). */
  current: (S[] | null)[];
  currentCount: number;
  next: S[][];
  nextCount: number;
  pos: number;
  levelStart: number;
}
