/**
 * Timed assertions (`--assert`) and their sequential decision. Two forms:
 * - `STAT(METRIC) OP VALUE` with STAT one of mean, p50, p90, p95, p99 (a per-run statistic,
 *   e.g. `p99(write-response) < 200ms`): decided on independent runs by repeated Student-t
 *   intervals whose error probabilities are spent as alpha/(k(k+1)) at the k-th look, so the
 *   overall error stays below alpha however many looks it takes;
 * - `P(METRIC OP VALUE) OP PROB` (e.g. `P(staleness > 1s) < 0.01`): Wald's sequential
 *   probability ratio test on the observations in run order, with error bounds alpha = beta and
 *   an indifference region of +-20% around PROB.
 * Values take `ms` (default) or `s`. A verdict is `holds`, `refuted` or `undecided`.
 */
import { UsageError } from '../engine/errors.ts';
import { confidenceInterval } from './stats.ts';

type Op = '<' | '<=' | '>' | '>=';

/** A parsed assertion. */
export type Assertion =
  | { text: string; kind: 'stat'; stat: 'mean' | 'p50' | 'p90' | 'p95' | 'p99'; metric: string; op: Op; value: number }
  | { text: string; kind: 'prob'; metric: string; cmp: Op; threshold: number; op: Op; prob: number };

const NUM = String.raw`(-?\d+(?:\.\d+)?)\s*(ms|s)?`;
const STAT_RE = new RegExp(String.raw`^\s*(mean|p50|p90|p95|p99)\s*\(\s*([a-z-]+)\s*\)\s*(<=|>=|<|>)\s*${NUM}\s*$`);
const PROB_RE = new RegExp(String.raw`^\s*P\s*\(\s*([a-z-]+)\s*(<=|>=|<|>)\s*${NUM}\s*\)\s*(<=|>=|<|>)\s*(\d*\.?\d+)\s*$`);

const scale = (n: string, unit: string | undefined) => Number(n) * (unit === 's' ? 1000 : 1);

/** Parses `--assert` text; `metrics` are the names it may use. Throws a one-line UsageError. */
export function parseAssertion(text: string, metrics: string[], statsOf?: (metric: string) => readonly string[] | undefined, unitOf?: (metric: string) => string | undefined): Assertion {
  // (Stop 29) A time unit on a metric that is not a time (`mean(stale-count) < 5ms`) was taken silently.
  const unitFits = (metric: string, unit: string | undefined) => {
    if (unit !== undefined && unitOf !== undefined && unitOf(metric) !== undefined && unitOf(metric) !== 'ms') {
      throw new UsageError(`--assert "${text}": ${metric} is a ${unitOf(metric)}, not a time; write its bound without '${unit}'`);
    }
  };
  const known = (m: string) => {
    if (!metrics.includes(m)) throw new UsageError(`--assert "${text}": unknown metric '${m}' (valid: ${metrics.join(', ')})`);
  };
  let m = STAT_RE.exec(text);
  if (m) {
    known(m[2]!);
    // (Stop 29) A statistic no run computes was undecided forever, with advice to raise --max-runs.
    const stats = statsOf?.(m[2]!);
    if (stats !== undefined && !stats.includes(m[1]!)) {
      throw new UsageError(`--assert "${text}": ${m[2]} has no per-run ${m[1]} (it has ${stats.join(', ')}); use one of those, or P(${m[2]} OP VALUE) OP PROB for a tail probability`);
    }
    unitFits(m[2]!, m[5]);
    return { text, kind: 'stat', stat: m[1] as 'mean', metric: m[2]!, op: m[3] as Op, value: scale(m[4]!, m[5]) };
  }
  m = PROB_RE.exec(text);
  if (m) {
    known(m[1]!);
    unitFits(m[1]!, m[4]);
    const prob = Number(m[6]);
    if (!(prob > 0 && prob < 1)) throw new UsageError(`--assert "${text}": the probability bound must be strictly between 0 and 1 (got ${m[6]})`);
    return { text, kind: 'prob', metric: m[1]!, cmp: m[2] as Op, threshold: scale(m[3]!, m[4]), op: m[5] as Op, prob };
  }
  throw new UsageError(`--assert "${text}" is malformed: write STAT(METRIC) OP VALUE such as "p99(write-response) < 200ms" (STAT: mean, p50, p90, p95, p99) or P(METRIC OP VALUE) OP PROB such as "P(staleness > 1s) < 0.01"`);
}

const holdsOp = (x: number, op: Op, v: number) => (op === '<' ? x < v : op === '<=' ? x <= v : op === '>' ? x > v : x >= v);

/** A verdict with what it rests on. */
export interface AssertionVerdict {
  assertion: string;
  verdict: 'holds' | 'refuted' | 'undecided';
  /** The estimate (the statistic's mean over runs, or the observed probability). */
  estimate: number;
  /** Runs (stat) or observations (prob) the decision used. */
  samples: number;
  confidence: number;
}

/**
 * (Sweep 30d) The fewest runs a statistic is decided from: two runs at 0 and 1e-9 "proved" a
 * share under 1% (an interval from two nearly equal values is as uninformative as one of width 0).
 */
export const MIN_RUNS = 5;

/** Runs that must all agree before a sample without spread (every run the same value) decides. */
export const EQUAL_RUNS = 30;

/**
 * Sequential decision of a `stat` assertion on per-run values `perRun` (in run order): the
 * first look k (k = 1 at two runs; none before {@link MIN_RUNS} runs) whose interval at confidence 1 - alpha/(k(k+1)) lies wholly
 * inside (holds) or wholly outside (refuted) the asserted region decides; an interval of width
 * zero (every run the same value) only from {@link EQUAL_RUNS} runs on.
 */
export function decideStat(a: Extract<Assertion, { kind: 'stat' }>, perRun: readonly number[], alpha = 0.05): AssertionVerdict {
  const vals = perRun.filter((x) => !Number.isNaN(x));
  for (let n = MIN_RUNS; n <= vals.length; n++) {
    const k = n - 1;
    const ci = confidenceInterval(vals.slice(0, n), 1 - alpha / (k * (k + 1)));
    if (Number.isNaN(ci.half)) continue;
    // (Sweep 30b) Runs that all gave the same value make a zero-width interval, which says nothing
    // about the runs to come: two runs where a mechanism happened not to clog "proved" that 28%
    // uncommitted updates was under 1%. Such a sample decides only from EQUAL_RUNS runs on.
    if (ci.half === 0 && n < EQUAL_RUNS) continue;
    const lo = holdsOp(ci.lo, a.op, a.value), hi = holdsOp(ci.hi, a.op, a.value);
    if (lo && hi) return { assertion: a.text, verdict: 'holds', estimate: ci.mean, samples: n, confidence: 1 - alpha };
    if (!lo && !hi) return { assertion: a.text, verdict: 'refuted', estimate: ci.mean, samples: n, confidence: 1 - alpha };
  }
  const m = vals.length ? vals.reduce((x, y) => x + y, 0) / vals.length : NaN;
  return { assertion: a.text, verdict: 'undecided', estimate: m, samples: vals.length, confidence: 1 - alpha };
}

/**
 * Wald's SPRT for a `prob` assertion over observations `xs` (in order): each is a success when
 * `x cmp threshold`. H1 (holds) is p <= prob(1-0.2) for `<`, H0 (refuted) p >= prob(1+0.2)
 * (mirrored for `>`), with error probabilities alpha = beta.
 */
export function decideProb(a: Extract<Assertion, { kind: 'prob' }>, xs: readonly number[], alpha = 0.05): AssertionVerdict {
  const below = a.op === '<' || a.op === '<=';
  const pLow = Math.max(1e-9, a.prob * 0.8), pHigh = Math.min(1 - 1e-9, a.prob * 1.2);
  // log-likelihood ratio of "p = pLow" against "p = pHigh".
  const up = Math.log(pLow / pHigh), down = Math.log((1 - pLow) / (1 - pHigh));
  const accept = Math.log((1 - alpha) / alpha), reject = Math.log(alpha / (1 - alpha));
  let llr = 0, hits = 0;
  for (let n = 0; n < xs.length; n++) {
    const hit = holdsOp(xs[n]!, a.cmp, a.threshold);
    if (hit) hits++;
    llr += hit ? up : down;
    const est = hits / (n + 1);
    if (llr >= accept) return { assertion: a.text, verdict: below ? 'holds' : 'refuted', estimate: est, samples: n + 1, confidence: 1 - alpha };
    if (llr <= reject) return { assertion: a.text, verdict: below ? 'refuted' : 'holds', estimate: est, samples: n + 1, confidence: 1 - alpha };
  }
  return { assertion: a.text, verdict: 'undecided', estimate: xs.length ? hits / xs.length : NaN, samples: xs.length, confidence: 1 - alpha };
}
