// Issue 17: adding up shard tallies (src/engine/random-merge.ts) on hand-made tallies: sums,
// the union of coverage fingerprints, the lowest-indexed `sometimes` witness, cutting shards
// back to the runs before the first failing walk, and a warning when a shard's per-run points
// stopped short of it. The CLI test (test/cli/shard-merge.test.ts) compares whole reports.
import { describe, expect, it } from 'vitest';
import { mergeTallies } from '../../src/engine/random-merge.ts';
import type { SearchTally, TallyPoint } from '../../src/engine/random-tally.ts';

const point = (run: number, runs: number, steps: number, coverage: number): TallyPoint => ({
  run, runs, steps, actionCounts: { a: steps }, witnesses: { counts: [runs], states: runs, steps }, undecided: {}, undecidedEventually: {}, coverage,
});

/** A shard of N=2 that ran `runs` (its global run indices) with 10 steps and 2 new fingerprints each. */
function shard(index: number, runs: number[], extra: Partial<SearchTally> = {}): SearchTally {
  const points = runs.map((r, k) => point(r, k + 1, 10 * (k + 1), 2 * (k + 1)));
  const last = points[points.length - 1]!;
  return {
    runs: last.runs, steps: last.steps, seconds: 1, actionCounts: { a: last.steps }, witnesses: last.witnesses, undecided: {}, undecidedEventually: {},
    sometimes: {}, coverage: true, distinctStates: 2 * runs.length, fingerprints: runs.flatMap((r) => [r * 10 + index, 999]), points, ...extra,
  };
}

describe('mergeTallies', () => {
  it('adds up passing shards: sums, fingerprint union, first witness', () => {
    const a = shard(0, [0, 2, 4], { sometimes: { s: { run: 4, choices: [1], transitions: 3 } } });
    const b = shard(1, [1, 3], { sometimes: { s: { run: 1, choices: [2], transitions: 5 } } });
    const m = mergeTallies([a, b]);
    expect(m.tally.runs).toBe(5);
    expect(m.tally.steps).toBe(50);
    expect(m.tally.actionCounts).toEqual({ a: 50 });
    expect(m.tally.witnesses).toEqual({ counts: [5], states: 5, steps: 50 });
    expect(m.tally.distinctStates).toBe(6); // 5 own fingerprints + the shared 999
    expect(m.tally.sometimes.s!.run).toBe(1);
    expect(m.tally.seconds).toBe(2);
    expect(m.warnings).toEqual([]);
  });

  it('cuts the other shards back to the runs before the first failing walk', () => {
    const failure = { run: 3, property: 'p', choices: [1, 2], path: '3:1', shrinks: 1 };
    const a = shard(0, [0, 2, 4, 6], { sometimes: { s: { run: 4, choices: [1], transitions: 3 } } });
    const b = shard(1, [1, 3], { failure });
    const m = mergeTallies([a, b]);
    expect(m.tally.failure).toEqual(failure);
    expect(m.tally.runs).toBe(2 + 2); // runs 0 and 2 of a, runs 1 and 3 of b
    expect(m.tally.steps).toBe(20 + 20);
    expect(m.tally.seconds).toBe(1); // b whole (1 s); a cut back to a point without seconds
    expect(m.tally.distinctStates).toBe(5); // a's first four: 0, 999, 20, 999; b: 11, 999, 31, 999
    expect(m.tally.sometimes.s).toBeUndefined(); // witnessed at run 4, after the failing walk
    expect(m.tally.limit).toBeUndefined();
  });

  it('warns when a shard stopped keeping per-run points before the first failing walk', () => {
    const a = shard(0, [0, 2], { pointsCappedAt: 4, runs: 4, steps: 99 });
    const b = shard(1, [1, 3, 5, 7, 9], { failure: { run: 9, property: 'p', choices: [], path: '9', shrinks: 0 } });
    const m = mergeTallies([a, b]);
    expect(m.tally.runs).toBe(2 + 5);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toMatch(/shard 1 kept per-run figures up to run 4 only/);
  });
});
