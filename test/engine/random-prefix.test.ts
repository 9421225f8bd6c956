// Issue 17: random runs on workers stopped by a limit are cut back to the runs before the first
// one some worker did not finish (src/engine/random-prefix.ts), as one thread stops after a
// prefix of the runs; without the per-run figures to do so, the caller falls back to one thread.
import { describe, expect, it } from 'vitest';
import { commonPrefix } from '../../src/engine/random-prefix.ts';
import type { SearchTally, TallyPoint } from '../../src/engine/random-tally.ts';

/** A point after global run `run`, the shard's `runs`-th, with one step per run. */
function point(run: number, runs: number): TallyPoint {
  return { run, runs, steps: runs, actionCounts: { a: runs }, witnesses: { counts: [runs], states: runs, steps: runs }, undecided: {}, undecidedEventually: {}, coverage: runs };
}

/** A shard tally that completed global runs `done` (and, when `limited`, was stopped in the next). */
function shard(done: number[], limited: boolean): SearchTally {
  const points = done.map((r, i) => point(r, i + 1));
  const n = done.length + (limited ? 1 : 0);
  return {
    runs: n, steps: n + 7, seconds: 1, actionCounts: { a: n + 7 }, witnesses: { counts: [n], states: n, steps: n }, undecided: {}, undecidedEventually: {},
    sometimes: { late: { run: 9, choices: [], transitions: 1 }, early: { run: 2, choices: [], transitions: 1 } },
    coverage: true, distinctStates: n, fingerprints: Array.from({ length: n }, (_, k) => 100 + k), points, ...(limited ? { limit: 'time-limit' } : {}),
  };
}

describe('commonPrefix', () => {
  it('cuts every shard back to the runs before the first one a shard did not finish', () => {
    // Shard 1 of 2 finished runs 0, 2, 4, 6; shard 2 finished 1, 3 and was stopped inside run 5.
    const [a, b] = commonPrefix([shard([0, 2, 4, 6], true), shard([1, 3], true)])!;
    expect(a.runs).toBe(3); // runs 0, 2, 4
    expect(b.runs).toBe(2); // runs 1, 3
    expect(a.fingerprints).toEqual([100, 101, 102]);
    expect(a.points!.map((p) => p.run)).toEqual([0, 2, 4]);
    expect(Object.keys(a.sometimes)).toEqual(['early']);
    expect(a.limit).toBe('time-limit');
  });

  it('keeps whole tallies when no shard was stopped, and gives up without per-run figures', () => {
    const whole = [shard([0, 2], false), shard([1, 3], false)];
    expect(commonPrefix(whole)).toBe(whole);
    const capped = { ...shard([0, 2], true), pointsCappedAt: 2 };
    expect(commonPrefix([capped, shard([1], true)])).toBeUndefined();
  });

  it('a shard stopped before finishing any run cuts every shard to nothing', () => {
    const [a, b] = commonPrefix([shard([], true), shard([1, 3], false)])!;
    expect(a.runs + b.runs).toBe(0);
  });

  it('workers sharing a run counter: cut at the least run some worker took and did not finish', () => {
    // A walked 0, 1, 2, 5 and was stopped inside 6; B walked 3, 4, 7 and took 9 to mark its stop;
    // C walked 8 and took 10. The slices are not r mod 3, so only the recorded claims say where
    // the prefix ends: before 6 (B's run 7 is past the gap at 6 and is cut).
    const a = { ...shard([0, 1, 2, 5], true), unfinished: 6 };
    const b = { ...shard([3, 4, 7], true), unfinished: 9 };
    const c = { ...shard([8], true), unfinished: 10 };
    const [x, y, z] = commonPrefix([a, b, c])!;
    expect(x.points!.map((p) => p.run)).toEqual([0, 1, 2, 5]);
    expect(y.points!.map((p) => p.run)).toEqual([3, 4]);
    expect(z.runs).toBe(0);
  });
});
