/**
 * (Issue 17) Random runs on worker threads cut short by a limit (time, Ctrl-C): one thread
 * stops after a prefix of the runs (0 .. k-1), while workers stop each in its own slice. So that
 * the report is the one a thread stopping at some k would give, every worker's tally is cut back
 * to its runs before k, the first run index some worker did not finish (from the per-run figures
 * a sharded search keeps, random-tally.ts); undefined when a tally lacks the figures to do so.
 */
import type { SearchTally } from './random-tally.ts';

/** The first run index a limited shard `t` (slice `index` of `count`) did not finish. */
function unfinished(t: SearchTally, index: number, count: number): number | undefined {
  if (t.limit === undefined) return Number.POSITIVE_INFINITY;
  if (t.pointsCappedAt !== undefined) return undefined;
  if (t.unfinished !== undefined) return t.unfinished;
  const last = t.points?.at(-1);
  return last === undefined ? index : last.run + count;
}

/** The tallies (in shard order) cut back to a common prefix of runs, or undefined (see the file header). */
export function commonPrefix(tallies: SearchTally[]): SearchTally[] | undefined {
  const count = tallies.length;
  const ends = tallies.map((t, i) => unfinished(t, i, count));
  if (ends.some((e) => e === undefined)) return undefined;
  const k = Math.min(...(ends as number[]));
  if (k === Number.POSITIVE_INFINITY) return tallies;
  const limit = tallies.find((t) => t.limit !== undefined)!.limit;
  return tallies.map((t) => {
    const p = [...(t.points ?? [])].reverse().find((x) => x.run < k);
    const sometimes = Object.fromEntries(Object.entries(t.sometimes).filter(([, w]) => w.run < k));
    const base = { sometimes, coverage: t.coverage, limit, points: (t.points ?? []).filter((x) => x.run < k) };
    if (p === undefined) {
      return { ...base, runs: 0, steps: 0, seconds: 0, actionCounts: {}, witnesses: { counts: [], states: 0, steps: 0 }, undecided: {}, undecidedEventually: {}, distinctStates: 0, fingerprints: [] };
    }
    return {
      ...base, runs: p.runs, steps: p.steps, seconds: p.seconds ?? 0, actionCounts: p.actionCounts, witnesses: p.witnesses,
      undecided: p.undecided, undecidedEventually: p.undecidedEventually, distinctStates: p.coverage,
      fingerprints: (t.fingerprints ?? []).slice(0, p.coverage), ...(p.metrics !== undefined ? { metrics: p.metrics } : {}),
    };
  });
}
