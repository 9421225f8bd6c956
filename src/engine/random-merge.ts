/**
 * (Issue 17) Adding up the tallies of the N shards of one random run (`simulate --shard I/N`)
 * into the tally the unsharded run gathers. Shard I ran the runs r with r mod N == I-1, each
 * exactly as the unsharded run does, and stopped at its first failing walk. The unsharded run
 * stops at the first failing walk over all runs (the lowest failing run index r*), so a shard
 * that ran past r* is cut back to its figures after its last run before r* (its per-run points);
 * `sometimes` witnesses are the lowest-indexed ones; coverage is the union of the fingerprints;
 * `seconds` adds up the shards' seconds (cut back likewise).
 */
import { COVERAGE_CAP } from './coverage.ts';
import { addCounts, type SearchTally, type TallyPoint } from './random-tally.ts';

/** The merged tally, the metrics snapshots to absorb, and anything that made it approximate. */
export interface MergedTally {
  tally: SearchTally;
  metrics: unknown[];
  /** Why the merged figures may differ from an unsharded run's (empty when exact). */
  warnings: string[];
}

/**
 * The part of a shard's tally up to (not including) global run `before`: its last point before
 * it; exact unless the points stopped at their cap before reaching `before`.
 */
function cutBack(t: SearchTally, before: number): { point: TallyPoint | undefined; exact: boolean } {
  let point: TallyPoint | undefined;
  for (const p of t.points ?? []) if (p.run < before) point = p;
  return { point, exact: t.pointsCappedAt === undefined || t.pointsCappedAt >= before };
}

/** Merges shard tallies (in shard order) as described in the file comment. */
export function mergeTallies(shards: SearchTally[]): MergedTally {
  const failures = shards.filter((t) => t.failure).map((t) => t.failure!.run);
  const first = failures.length ? Math.min(...failures) : undefined;
  const warnings: string[] = [];
  const out: SearchTally = {
    runs: 0, steps: 0, seconds: 0, actionCounts: {}, witnesses: { counts: [], states: 0, steps: 0 },
    undecided: {}, undecidedEventually: {}, sometimes: {}, coverage: shards.some((t) => t.coverage), distinctStates: 0,
  };
  const metrics: unknown[] = [];
  const seen = new Set<number>();
  let capped = false;
  const add = (p: Omit<TallyPoint, 'run' | 'coverage'>, fps: readonly number[]) => {
    out.runs += p.runs;
    out.steps += p.steps;
    addCounts(out.actionCounts, p.actionCounts);
    p.witnesses.counts.forEach((c, i) => { out.witnesses.counts[i] = (out.witnesses.counts[i] ?? 0) + c; });
    out.witnesses.states += p.witnesses.states;
    out.witnesses.steps += p.witnesses.steps;
    addCounts(out.undecided, p.undecided);
    addCounts(out.undecidedEventually, p.undecidedEventually);
    if (p.metrics !== undefined) metrics.push(p.metrics);
    for (const f of fps) {
      if (seen.size >= COVERAGE_CAP) {
        capped = true;
        break;
      }
      seen.add(f);
    }
  };
  for (const [i, t] of shards.entries()) {
    const whole = first === undefined || t.failure?.run === first;
    if (whole) {
      out.seconds += t.seconds;
      add(t, t.fingerprints ?? []);
      if (t.coverageCapped) capped = true;
    } else {
      const { point, exact } = cutBack(t, first!);
      if (!exact) warnings.push(`shard ${i + 1} kept per-run figures up to run ${t.pointsCappedAt} only (the cap of the result file): its figures stop there, short of run ${first}, the first failing walk, so runs and counts are lower than an unsharded run's`);
      if (point) {
        out.seconds += point.seconds ?? 0;
        add(point, (t.fingerprints ?? []).slice(0, point.coverage));
      }
    }
    for (const [name, w] of Object.entries(t.sometimes)) {
      if (first !== undefined && w.run > first) continue;
      const best = out.sometimes[name];
      if (!best || w.run < best.run) out.sometimes[name] = w;
    }
    if (whole && t.failure) out.failure = t.failure;
  }
  if (first === undefined) {
    const limited = shards.find((t) => t.limit !== undefined);
    if (limited) out.limit = limited.limit;
  }
  for (const k of Object.keys(out.actionCounts).sort()) {
    const v = out.actionCounts[k]!;
    delete out.actionCounts[k];
    out.actionCounts[k] = v;
  }
  out.distinctStates = seen.size;
  if (capped || seen.size >= COVERAGE_CAP) out.coverageCapped = true;
  return { tally: out, metrics, warnings };
}
