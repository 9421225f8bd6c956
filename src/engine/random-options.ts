/**
 * Defaults and validation of {@link RandomOptions}: misuse (a zero run count, a fractional step
 * count, a malformed replay path) is a {@link UsageError} raised before anything runs.
 */
import { UsageError } from './errors.ts';
import type { RandomOptions } from './options.ts';

/** Random options with every default filled in. */
export interface ResolvedRandomOptions {
  runs: number;
  steps: number;
  drainSteps: number;
  seed: number;
  path?: string;
  checkEvery: number;
  timeLimit?: number;
}

/** Default number of walks. */
export const DEFAULT_RUNS = 100;
/** Default walk length. */
export const DEFAULT_STEPS = 100;

/** A fast-check replay path: run index, then shrink steps, separated by colons. */
export const PATH_PATTERN = /^\d+(:\d+)*$/;

function int(name: string, v: number | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`${name} must be an integer >= ${min} (got ${v})`);
  return v;
}

/** Fills in defaults and rejects invalid values. */
export function resolveRandomOptions(o: RandomOptions): ResolvedRandomOptions {
  const runs = int('runs', o.runs, DEFAULT_RUNS, 1);
  const steps = int('steps', o.steps, DEFAULT_STEPS, 0);
  // (Stop 29) A walk's choices are generated up front: past this, a run ends out of memory after minutes.
  if (steps > 10_000_000) throw new UsageError(`steps must be at most 10,000,000 (got ${steps}): a walk's choices are generated and kept for shrinking`);
  const drainSteps = int('drainSteps', o.drainSteps, 10 * steps, 0);
  const checkEvery = int('checkEvery', o.checkEvery, 1, 1);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed) || seed < -0x80000000 || seed > 0x7fffffff) {
    throw new UsageError(`seed must be a 32-bit integer (got ${seed})`);
  }
  if (o.path !== undefined && !PATH_PATTERN.test(o.path)) {
    throw new UsageError(`path must look like 3:1:0 (got '${o.path}')`);
  }
  if (o.timeLimit !== undefined && !(o.timeLimit > 0)) throw new UsageError(`timeLimit must be a positive number of seconds (got ${o.timeLimit})`);
  return { runs, steps, drainSteps, seed, path: o.path, checkEvery, timeLimit: o.timeLimit };
}
