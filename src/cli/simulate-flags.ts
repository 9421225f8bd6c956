/**
 * The flags of `replcheck simulate` that shape its walks, validated (simulate.ts): the search
 * options, the run a `--path` replays, the bound on `--steps`, and the flags a reproduce line
 * must carry to replay a walk.
 */
import { DEFAULT_RUNS } from '../engine/random-options.ts';
import { UsageError } from '../engine/errors.ts';
import { intFlag, pathFlag, secondsFlag, seedFlag, str, type Flags } from './args.ts';

/** The simulate options a set of flags asks for (validated). */
export function searchOptions(flags: Flags) {
  return {
    runs: intFlag(flags, 'runs', 1), steps: stepsFlag(flags), seed: seedFlag(flags), path: pathFlag(flags),
    checkEvery: intFlag(flags, 'check-every', 1), drainSteps: intFlag(flags, 'drain-steps', 0), timeLimit: secondsFlag(flags, 'time-limit'),
  };
}

/**
 * A replay path starts with the index of its run, which fast-check reaches by generating every
 * run before it: an index beyond the run count (printed paths never have one) would take hours,
 * so it is refused. Reproduce lines carry --runs whenever it was given.
 */
export function checkPathRun(path: string | undefined, runs: number | undefined): void {
  if (path === undefined) return;
  const index = Number(path.split(':')[0]);
  const total = runs ?? DEFAULT_RUNS;
  if (!(index < total)) {
    throw new UsageError(`--path ${path} starts at run ${path.split(':')[0]}, beyond the ${total} runs of this simulation: pass the --runs the path was printed with (paths start with a run index below --runs)`);
  }
}

/**
 * (Stop 29) Most steps of a walk's first phase: its choices are generated up front (fast-check
 * keeps them to shrink), so `--steps 99999999999` ran for minutes and ended out of memory.
 */
const MAX_STEPS = 10_000_000;

/** `--steps`, at least 1 and at most {@link MAX_STEPS}. */
function stepsFlag(flags: Flags): number | undefined {
  const steps = intFlag(flags, 'steps', 1);
  if (steps !== undefined && steps > MAX_STEPS) {
    throw new UsageError(`--steps must be at most ${MAX_STEPS.toLocaleString('en-US')} (got ${str(flags, 'steps')}): a walk's choices are generated and kept for shrinking; for longer runs give the drain phase more (--drain-steps) or use more --runs`);
  }
  return steps;
}

/** Flags that shape a walk (needed to replay one), as given. */
export function walkArgs(flags: Flags): string[] {
  const out: string[] = [];
  for (const k of ['steps', 'check-every', 'drain-steps']) {
    const v = str(flags, k);
    if (v !== undefined) out.push(`--${k}`, v);
  }
  return out;
}
