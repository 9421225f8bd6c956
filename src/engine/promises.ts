/**
 * Promises (issue 11): a target may promise only some of its properties (`CheckTarget.promised`,
 * e.g. what an ordering mechanism guarantees). The others are still evaluated and reported, as
 * `not promised`; a violation of one never makes the run a violation. Without `promised`, every
 * property is promised and the outcome is exactly the engine's.
 */
import { type Outcome, type PropertyResult, type RunResult } from './result.ts';

/** Marks unpromised results (`promised: false`) and recomputes the outcome from the promised ones. */
export function judgePromises<S, A>(result: RunResult<S, A>, promised: readonly string[] | undefined): RunResult<S, A> {
  if (promised === undefined) return result;
  const names = new Set(promised);
  const properties: PropertyResult<S, A>[] = result.properties.map((r) => (names.has(r.name) ? r : { ...r, promised: false }));
  return { ...result, properties, outcome: judgedOutcome(result.outcome, properties) };
}

/**
 * The outcome counting only promised properties: a violation of a promised one wins; otherwise
 * the run is incomplete when the engine said so (a limit cut the search) or a promised property
 * is incomplete; otherwise it passes.
 */
export function judgedOutcome(engine: Outcome, results: readonly PropertyResult<unknown, unknown>[]): Outcome {
  const counted = results.filter((r) => r.promised !== false);
  if (counted.some((r) => r.status === 'violated')) return 'violation';
  if (counted.some((r) => r.status === 'incomplete')) return 'incomplete';
  if (engine === 'incomplete') return 'incomplete';
  if (engine === 'violation' && results.some((r) => r.status === 'incomplete')) return 'incomplete';
  return 'pass';
}
