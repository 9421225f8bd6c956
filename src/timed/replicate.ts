/**
 * Independent replications of a timed experiment: run k uses the seed derived from (seed, k);
 * runs continue until every precision key's 95% interval is within the requested relative
 * precision and every assertion is decided (or a fixed `runs` count, or `maxRuns`). Per-run
 * statistics become intervals; observations are pooled (capped) for distributions and the
 * probability assertions; curves are averaged over runs.
 */
import { decideProb, decideStat, type Assertion, type AssertionVerdict } from './assertion.ts';
import type { TimedExperiment, TrafficSeries } from './contract.ts';
import { deriveSeed } from './prng.ts';
import { confidenceInterval, precise, type Interval } from './stats.ts';

/** How to replicate. */
export interface MeasureOptions {
  seed: number;
  durationMs: number;
  /** A fixed number of runs (no precision rule). */
  runs?: number;
  /** Relative half-width the precision keys must reach (e.g. 0.05). */
  precision: number;
  minRuns: number;
  maxRuns: number;
  precisionKeys: string[];
  assertions: Assertion[];
  /** Pooled observations kept per metric (for CDFs); default 20,000. */
  sampleCap?: number;
}

/** The outcome for one experiment. */
export interface Measurement {
  mechanism: string;
  config: string;
  runs: number;
  /** True when every precision key reached the precision (always true with a fixed `runs`). */
  precisionReached: boolean;
  events: number;
  intervals: Record<string, Interval>;
  pooled: Record<string, number[]>;
  curves: Record<string, { x: number[]; y: number[] }>;
  /** Traffic over time of the first run. */
  series: TrafficSeries;
  verdicts: AssertionVerdict[];
}

/** Runs `exp` as `opts` says. */
export function measure(exp: TimedExperiment, opts: MeasureOptions): Measurement {
  const cap = opts.sampleCap ?? 20_000;
  const perRun: Record<string, number[]> = {};
  const pooled: Record<string, number[]> = {};
  const full: Record<string, number[]> = {};
  const probMetrics = new Set(opts.assertions.filter((a) => a.kind === 'prob').map((a) => a.metric));
  const curveSum: Record<string, { x: number[]; y: number[]; n: number[] }> = {};
  let series: TrafficSeries | undefined;
  let events = 0;
  let runs = 0;
  let verdicts: AssertionVerdict[] = [];
  const limit = opts.runs ?? opts.maxRuns;
  for (let k = 0; k < limit; k++) {
    const out = exp.run(deriveSeed(opts.seed, k), opts.durationMs);
    runs++;
    events += out.events;
    series ??= out.series;
    for (const [key, v] of Object.entries(out.scalars)) (perRun[key] ??= []).push(v);
    for (const [key, xs] of Object.entries(out.samples)) {
      const p = (pooled[key] ??= []);
      for (const x of xs) { if (p.length >= cap) break; p.push(x); }
      if (probMetrics.has(key)) (full[key] ??= []).push(...xs);
    }
    for (const [key, c] of Object.entries(out.curves)) {
      const acc = (curveSum[key] ??= { x: c.x.slice(), y: c.x.map(() => 0), n: c.x.map(() => 0) });
      c.y.forEach((y, i) => { if (!Number.isNaN(y)) { acc.y[i]! += y; acc.n[i]!++; } });
    }
    verdicts = opts.assertions.map((a) => a.kind === 'stat' ? decideStat(a, perRun[`${a.metric}.${a.stat}`] ?? []) : decideProb(a, full[a.metric] ?? []));
    if (opts.runs !== undefined) continue;
    if (runs < opts.minRuns) continue;
    if (reached(perRun, opts) && verdicts.every((v) => v.verdict !== 'undecided')) break;
  }
  const intervals: Record<string, Interval> = {};
  for (const [key, v] of Object.entries(perRun)) intervals[key] = confidenceInterval(v);
  const curves: Measurement['curves'] = {};
  for (const [key, c] of Object.entries(curveSum)) curves[key] = { x: c.x, y: c.y.map((y, i) => (c.n[i]! ? y / c.n[i]! : NaN)) };
  return {
    mechanism: exp.mechanism, config: exp.config, runs,
    precisionReached: opts.runs !== undefined || reached(perRun, opts),
    events, intervals, pooled, curves, series: series!, verdicts,
  };
}

/** True when every precision key with data has a precise interval. */
function reached(perRun: Record<string, number[]>, opts: MeasureOptions): boolean {
  return opts.precisionKeys.every((key) => {
    const v = (perRun[key] ?? []).filter((x) => !Number.isNaN(x));
    if (!v.length) return true;
    return precise(confidenceInterval(v), opts.precision);
  });
}
