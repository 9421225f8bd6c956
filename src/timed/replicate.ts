/**
 * Independent replications of a timed experiment: run k uses the seed derived from (seed, k);
 * runs continue until every precision key's 95% interval is within the requested relative
 * precision and every assertion is decided (or a fixed `runs` count, or `maxRuns`). Per-run
 * statistics become intervals; observations are pooled (capped) for distributions and the
 * probability assertions; curves are averaged over runs.
 */
import { decideProb, decideStat, type Assertion, type AssertionVerdict } from './assertion.ts';
import type { RunOutput, TimedExperiment, TrafficSeries } from './contract.ts';
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
  /** (Stop 29) Asked before each run after the first: true ends the measurement there (Ctrl-C). */
  shouldStop?: () => boolean;
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
  /** The experiment's notes on these runs ({@link TimedExperiment.notes}); set by the command. */
  notes?: string[];
}

/**
 * Accumulates run outputs in run order and says when to stop: the same decisions whether the
 * runs were made one by one or in parallel batches (extra runs of a batch are discarded).
 */
export class Replications {
  private readonly perRun: Record<string, number[]> = {};
  private readonly pooled: Record<string, number[]> = {};
  private readonly full: Record<string, number[]> = {};
  private readonly probMetrics: Set<string>;
  private readonly curveSum: Record<string, { x: number[]; y: number[]; n: number[] }> = {};
  private series: TrafficSeries | undefined;
  private events = 0;
  private verdicts: AssertionVerdict[] = [];
  /** Runs accumulated so far. */
  runs = 0;

  private readonly opts: MeasureOptions;

  constructor(opts: MeasureOptions) {
    this.opts = opts;
    this.probMetrics = new Set(opts.assertions.filter((a) => a.kind === 'prob').map((a) => a.metric));
  }

  /** The most runs this measurement may take. */
  get limit(): number {
    return this.opts.runs ?? this.opts.maxRuns;
  }

  /** Adds run number `this.runs`'s output. */
  add(out: RunOutput): void {
    const cap = this.opts.sampleCap ?? 20_000;
    this.runs++;
    this.events += out.events;
    this.series ??= out.series;
    for (const [key, v] of Object.entries(out.scalars)) (this.perRun[key] ??= []).push(v);
    for (const [key, xs] of Object.entries(out.samples)) {
      const p = (this.pooled[key] ??= []);
      for (const x of xs) { if (p.length >= cap) break; p.push(x); }
      if (this.probMetrics.has(key)) (this.full[key] ??= []).push(...xs);
    }
    for (const [key, c] of Object.entries(out.curves)) {
      const acc = (this.curveSum[key] ??= { x: c.x.slice(), y: c.x.map(() => 0), n: c.x.map(() => 0) });
      c.y.forEach((y, i) => { if (!Number.isNaN(y)) { acc.y[i]! += y; acc.n[i]!++; } });
    }
    this.verdicts = this.opts.assertions.map((a) => a.kind === 'stat' ? decideStat(a, this.perRun[`${a.metric}.${a.stat}`] ?? []) : decideProb(a, this.full[a.metric] ?? []));
  }

  /** True when no further run is needed. */
  done(): boolean {
    if (this.runs >= this.limit) return true;
    if (this.runs >= 1 && this.opts.shouldStop?.() === true) return true;
    if (this.opts.runs !== undefined || this.runs < this.opts.minRuns) return false;
    return reached(this.perRun, this.opts) && this.verdicts.every((v) => v.verdict !== 'undecided');
  }

  /** The measurement of `exp`. */
  result(exp: Pick<TimedExperiment, 'mechanism' | 'config'>): Measurement {
    const intervals: Record<string, Interval> = {};
    for (const [key, v] of Object.entries(this.perRun)) intervals[key] = confidenceInterval(v);
    const curves: Measurement['curves'] = {};
    for (const [key, c] of Object.entries(this.curveSum)) curves[key] = { x: c.x, y: c.y.map((y, i) => (c.n[i]! ? y / c.n[i]! : NaN)) };
    return {
      mechanism: exp.mechanism, config: exp.config, runs: this.runs,
      precisionReached: this.opts.runs !== undefined || reached(this.perRun, this.opts),
      events: this.events, intervals, pooled: this.pooled, curves, series: this.series!, verdicts: this.verdicts,
    };
  }
}

/** Runs `exp` as `opts` says, in this thread (run k with the seed derived from (seed, k)). */
export function measure(exp: TimedExperiment, opts: MeasureOptions): Measurement {
  const acc = new Replications(opts);
  while (!acc.done()) acc.add(exp.run(deriveSeed(opts.seed, acc.runs), opts.durationMs));
  return acc.result(exp);
}

/** True when every precision key with data has a precise interval. */
function reached(perRun: Record<string, number[]>, opts: MeasureOptions): boolean {
  return opts.precisionKeys.every((key) => {
    const v = (perRun[key] ?? []).filter((x) => !Number.isNaN(x));
    if (!v.length) return true;
    return precise(confidenceInterval(v), opts.precision);
  });
}
