/**
 * Replay paths of random search (`simulate --path`), checked before a replay. A fast-check path
 * "r:s1:s2:..." names a walk by where it sits in the search: run r generated from the seed, then
 * its s1-th shrink candidate, that one's s2-th candidate, and so on. fast-check (PathWalker) drops
 * r values of the seeded stream, then for each further index takes the first value left and
 * drops s of its shrinks. A middle index past the end of its candidates makes fast-check throw
 * ("Unable to replay"); a last index past the end leaves it nothing to run, and it reports
 * success after zero runs, which a replay must not turn into verdicts ("in 0 runs"). So the path
 * is walked first on the same arbitrary and seed with a predicate that runs nothing; the shrink
 * tree depends on the seed and the arbitrary alone, never on the walks' outcomes. A path that
 * does not lead to a walk is a one-line UsageError saying which index is out of range.
 */
import fc from 'fast-check';
import { UsageError } from './errors.ts';

/** How many choices a walk of at most `steps` actions consumes from a model with `initCount` initial states (one picks the initial state). */
export function walkChoices(steps: number, initCount: number): number {
  return initCount > 1 ? steps + 1 : steps;
}

/** The arbitrary of one walk's choices (random.ts): `maxLength` choices at most, lengths uniform. */
export function walkArbitrary(maxLength: number): fc.Arbitrary<number[]> {
  return fc.noBias(fc.array(fc.nat(), { maxLength, size: 'max' }));
}

/** True when `path` (colon-separated indices) leads fast-check to a walk for `seed`. */
function leadsToWalk(arb: fc.Arbitrary<number[]>, seed: number, path: string): boolean {
  try {
    // The first value fails and nothing is shrunk (endOnFailure): fast-check stops at once.
    const d = fc.check(fc.property(arb, () => false), { seed, path, numRuns: 1, endOnFailure: true, verbose: 0, examples: [], unbiased: false });
    return d.numRuns >= 1;
  } catch (e) {
    if (e instanceof Error && /Unable to replay/.test(e.message)) return false;
    throw e;
  }
}

/**
 * (29e) The walk `path` leads fast-check to for `seed` (its choices), or undefined when it leads
 * to none: merge checks that a shard's failure path names the choices the shard recorded.
 */
export function walkAtPath(seed: number, path: string, maxLength: number): number[] | undefined {
  try {
    const d = fc.check(fc.property(walkArbitrary(maxLength), () => false), { seed, path, numRuns: 1, endOnFailure: true, verbose: 0, examples: [], unbiased: false });
    return d.numRuns >= 1 && d.counterexample ? (d.counterexample[0] as number[]) : undefined;
  } catch (e) {
    if (e instanceof Error && /Unable to replay/.test(e.message)) return undefined;
    throw e;
  }
}

/** How many shrink candidates the walk at `prefix` has (it leads to a walk); probes up to `atLeast + 1` of them. */
function candidates(arb: fc.Arbitrary<number[]>, seed: number, prefix: string, atLeast: number): number {
  const has = (i: number) => leadsToWalk(arb, seed, `${prefix}:${i}`);
  if (!has(0)) return 0;
  let lo = 0; // has(lo)
  let hi = 1;
  while (hi <= atLeast && has(hi)) [lo, hi] = [hi, Math.min(atLeast + 1, hi * 2 + 1)];
  if (hi > atLeast) return atLeast + 1;
  while (hi - lo > 1) { // has(lo), !has(hi)
    const mid = Math.floor((lo + hi) / 2);
    if (has(mid)) lo = mid;
    else hi = mid;
  }
  return lo + 1;
}

/**
 * Refuses (UsageError) a replay `path` that names no walk for `seed` and walks of at most
 * `maxLength` choices. The message gives the first index that is out of range, how many
 * candidates there were, and where a good path comes from.
 */
export function checkReplayPath(path: string, seed: number, maxLength: number): void {
  const arb = walkArbitrary(maxLength);
  if (leadsToWalk(arb, seed, path)) return;
  const parts = path.split(':');
  // Leading to a walk is monotone in the prefix length: find the shortest prefix that does not.
  let good = 0;
  let bad = parts.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (leadsToWalk(arb, seed, parts.slice(0, mid).join(':'))) good = mid;
    else bad = mid;
  }
  let where = `run ${parts[0]} cannot be generated`;
  if (bad > 1) {
    const prefix = parts.slice(0, bad - 1).join(':');
    const index = Number(parts[bad - 1]);
    const n = candidates(arb, seed, prefix, Math.min(index, 1_000_000));
    where = `index ${bad} (${parts[bad - 1]}) is out of range: the walk at ${prefix} has ${n === 0 ? 'no shrink candidates' : `${n} shrink candidate${n === 1 ? '' : 's'} (0 to ${n - 1})`}`;
  }
  throw new UsageError(`--path ${path} does not name a walk of this simulation (seed ${seed}): ${where}; copy --path with the --seed, --runs and --steps of the reproduce line printed by the run that found the violation`);
}
