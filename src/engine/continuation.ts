/**
 * The drain continuation of a liveness counterexample: from the doomed state (one from which no
 * goal state is reachable by completing actions), the run a person can follow to see that nothing
 * gets there. It takes the FIRST enabled completing action ({@link Model.isDrain}; every action
 * when the model marks none) that is not a no-op, again and again, until none is left (the state
 * is quiescent), a state repeats (the drain cycles) or the step bound is reached. Deterministic:
 * the same doomed state always gets the same continuation.
 */
import type { Model } from './model.ts';
import type { PathStep } from './result.ts';
import type { StateHasher } from './fingerprint.ts';

/** Longest drain continuation (steps) a counterexample shows. */
export const CONTINUATION_MAX_STEPS = 10_000;

/** How a drain continuation ended. */
export type ContinuationEnd = 'quiescent' | 'repeated' | 'bound';

/** A drain continuation: its steps (the doomed state not included) and how it ended. */
export interface Continuation<S, A> {
  steps: PathStep<S, A>[];
  end: ContinuationEnd;
}

/** The drain continuation from `doomed` (see the file header). */
export function drainContinuation<S, A>(
  model: Model<S, A>,
  hasher: StateHasher<S, A>,
  doomed: S,
  maxSteps = CONTINUATION_MAX_STEPS,
): Continuation<S, A> {
  const seen = new Set<string>();
  const key = (s: S): string => {
    hasher.hash(s);
    return `${hasher.fingerprinter.lo}:${hasher.fingerprinter.hi}`;
  };
  seen.add(key(doomed));
  const steps: PathStep<S, A>[] = [];
  let s = doomed;
  while (steps.length < maxSteps) {
    let next: PathStep<S, A> | undefined;
    for (const a of model.actions(s)) {
      if (model.isDrain !== undefined && !model.isDrain(a)) continue;
      const t = model.next(s, a);
      if (t === undefined) continue;
      next = { action: a, state: t };
      break;
    }
    if (next === undefined) return { steps, end: 'quiescent' };
    steps.push(next);
    s = next.state;
    const k = key(s);
    if (seen.has(k)) return { steps, end: 'repeated' };
    seen.add(k);
  }
  return { steps, end: 'bound' };
}
