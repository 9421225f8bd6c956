/**
 * `replcheck/vitest`: property suites that read like tests. Importing this module registers
 * the matchers `toHold()` and `toBeViolated(property?)` with vitest's `expect`.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { test, fc } from '@fast-check/vitest';
 * import { check, simulate, expectHolds, seeds } from 'replcheck/vitest';
 * import replication from 'replcheck/model';
 *
 * it('every property holds on tiny', async () => {
 *   await expectHolds(check(replication, { selection: { config: 'tiny' } }));
 * });
 * it('the same, as a matcher', async () => {
 *   expect(await check(replication, { selection: { config: 'tiny' } })).toHold();
 * });
 * // The runner's fast-check seed picks the replcheck seeds: rerun with the printed seed.
 * test.prop([seeds()], { numRuns: 3 })('random walks on small', async (seed) => {
 *   await expectHolds(simulate(replication, { selection: { config: 'small' }, seed, runs: 100 }));
 * });
 * ```
 * A failure's message names the property, its facts, the numbered counterexample steps and
 * the `npx replcheck ...` line that reproduces it.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { PropertyResult, RunResult } from '../engine/result.ts';
import { failureMessage, violationText } from './message.ts';

export { check, simulate, isTestedRun, type TestedRun, type RunOrigin, type ReproduceOptions } from './run.ts';
export { failureMessage, violationText } from './message.ts';

/** The error thrown by {@link expectHolds} and {@link expectViolation}. */
export class ReplcheckAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplcheckAssertionError';
  }
}

type RunLike = RunResult<unknown, unknown> | Promise<RunResult<unknown, unknown>>;

/**
 * Resolves to the run when every checked property holds; otherwise throws a
 * {@link ReplcheckAssertionError} whose message is {@link failureMessage} (an incomplete run
 * fails too: a limit was hit before the space was covered).
 */
export async function expectHolds<R extends RunResult<unknown, unknown>>(run: R | Promise<R>): Promise<R> {
  const r = await run;
  if (r.outcome !== 'pass') throw new ReplcheckAssertionError(failureMessage(r));
  return r;
}

/**
 * Resolves to the violated property's result when the run found a violation (of `property`,
 * when given); otherwise throws. For suites that pin down a known bug or a mutant.
 */
export async function expectViolation(run: RunLike, property?: string): Promise<PropertyResult<unknown, unknown>> {
  const r = await run;
  const found = r.properties.find((p) => p.status === 'violated' && (property === undefined || p.name === property));
  if (found) return found;
  const statuses = r.properties.map((p) => `${p.name}: ${p.status}`).join(', ');
  throw new ReplcheckAssertionError(`replcheck: expected ${property === undefined ? 'a violation' : `a violation of ${property}`}, but the run's outcome is ${r.outcome} (${statuses || 'no properties'})`);
}

const isRun = (x: unknown): x is RunResult<unknown, unknown> =>
  typeof x === 'object' && x !== null && 'outcome' in x && Array.isArray((x as RunResult<unknown, unknown>).properties);

/** The matchers, for `expect.extend` (already registered when this module is imported). */
export const replcheckMatchers = {
  toHold(received: unknown) {
    if (!isRun(received)) return { pass: false, message: () => `expected a replcheck run result (from check or simulate), got ${typeof received}` };
    const pass = received.outcome === 'pass';
    return { pass, message: () => (pass ? 'expected a violation or an incomplete run, but every property holds' : failureMessage(received)) };
  },
  toBeViolated(received: unknown, property?: string) {
    if (!isRun(received)) return { pass: false, message: () => `expected a replcheck run result (from check or simulate), got ${typeof received}` };
    const found = received.properties.find((p) => p.status === 'violated' && (property === undefined || p.name === property));
    const what = property === undefined ? 'a violation' : `a violation of ${property}`;
    const none = property === undefined ? 'no violation' : `no violation of ${property}`;
    return {
      pass: found !== undefined,
      message: () => (found ? `expected ${none}, but:\n${violationText(found, received).join('\n')}`
        : `expected ${what}, but the run's outcome is ${received.outcome}`),
    };
  },
};

expect.extend(replcheckMatchers);

/** The matchers' types. */
interface ReplcheckMatchers<R = unknown> {
  /** Every checked property holds (not violated, not incomplete). */
  toHold: () => R;
  /** Some property (or `property`) is violated. */
  toBeViolated: (property?: string) => R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends ReplcheckMatchers<T> {}
}

/** The range of replcheck seeds (32-bit signed integers). */
const SEED_MIN = -0x80000000, SEED_MAX = 0x7fffffff;

/**
 * An arbitrary of replcheck seeds for `test.prop` (@fast-check/vitest): the runner's fast-check
 * seed decides which seeds a run tries, so CI explores new walks each time it runs unless a seed
 * is configured. Not shrunk (a seed has no "smaller"): a failure reports the seed as drawn, and
 * the replcheck message inside it carries the paste-back line. To rerun the same test, use the
 * `seed=` that the test's name shows: `test.prop([seeds()], { seed: N })` or
 * `fc.configureGlobal({ seed: N })` in a setup file.
 */
export function seeds(): fc.Arbitrary<number> {
  return fc.noBias(fc.noShrink(fc.integer({ min: SEED_MIN, max: SEED_MAX })));
}

/**
 * The seed for a plain (non-`test.prop`) random check: fast-check's global seed when one is
 * configured (`fc.configureGlobal({ seed })`), else the `REPLCHECK_SEED` environment variable,
 * else 0. Deterministic unless you configure otherwise.
 */
export function runnerSeed(env: Record<string, string | undefined> = process.env): number {
  const configured = fc.readConfigureGlobal().seed;
  if (configured !== undefined) return configured | 0;
  const raw = env.REPLCHECK_SEED;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < SEED_MIN || n > SEED_MAX) throw new ReplcheckAssertionError(`REPLCHECK_SEED must be a 32-bit integer (got '${raw}')`);
    return n;
  }
  return 0;
}
