/**
 * Promises (issue 11): a target may promise only some of its properties (`CheckTarget.promised`,
 * e.g. what an ordering mechanism guarantees). The others are still evaluated and reported, as
 * `not promised`; a violation of one never makes the run a violation. Without `promised`, every
 * property is promised and the outcome is exactly the engine's.
 */
import type { Property } from './property.ts';
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

/**
 * Random runs stop at the first violation, so a violated property the target does not promise
 * would leave the promised ones untested. Unless the user named the properties (`named`), a
 * random run therefore walks only the promised ones; the others are reported `incomplete`
 * (not walked: no witnesses, not vacuous) and `promised: false`, never failing the run. Returns
 * the properties to walk.
 */
export function walkedProperties<S, A>(all: readonly Property<S, A>[], promised: readonly string[] | undefined, named: boolean): Property<S, A>[] {
  if (promised === undefined || named) return [...all];
  const names = new Set(promised);
  return all.filter((p) => names.has(p.name));
}

/** Adds the properties a random run did not walk (see {@link walkedProperties}), in `all`'s order, and judges the run. */
export function withUnwalked<S, A>(result: RunResult<S, A>, all: readonly Property<S, A>[], promised: readonly string[] | undefined): RunResult<S, A> {
  const walked = new Map(result.properties.map((r) => [r.name, r]));
  const properties = all.map((p): PropertyResult<S, A> => walked.get(p.name) ?? {
    name: p.name, kind: p.kind, status: 'incomplete', promised: false, witnesses: 0, vacuous: false,
    reason: 'not promised by the target, so random walks skip it (name it with --property to walk it)',
  });
  return judgePromises({ ...result, properties }, promised);
}
