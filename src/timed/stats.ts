/**
 * Statistics for the timed layer: sample mean, standard deviation, quantiles, Student-t
 * confidence intervals over independent runs, and the relative-precision stopping rule
 * ("run until the confidence interval is achieved", seed 003 section 4.3).
 */

/** The arithmetic mean (NaN for an empty list). */
export function mean(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** The sample standard deviation (0 for fewer than two values). */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** The q-quantile (0..1) of an ascending list, linearly interpolated (NaN when empty). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The q-quantile of an unsorted list. */
export function quantile(xs: readonly number[], q: number): number {
  return quantileSorted([...xs].sort((a, b) => a - b), q);
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile needs 0 < p < 1 (got ${p})`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5, r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** The Student-t quantile with `df` degrees of freedom (exact for 1 and 2, Cornish-Fisher beyond). */
export function tQuantile(p: number, df: number): number {
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p), v = df;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v ** 4);
}

/** A confidence interval for a mean over independent runs. */
export interface Interval {
  mean: number;
  /** Half-width of the interval (NaN with fewer than two runs). */
  half: number;
  lo: number;
  hi: number;
  /** Number of runs it rests on. */
  n: number;
}

/** The two-sided `confidence` (default 0.95) Student-t interval for the mean of `xs` (NaN values are skipped). */
export function confidenceInterval(xs: readonly number[], confidence = 0.95): Interval {
  const v = xs.filter((x) => !Number.isNaN(x));
  const m = mean(v);
  const half = v.length < 2 ? NaN : tQuantile(1 - (1 - confidence) / 2, v.length - 1) * stdev(v) / Math.sqrt(v.length);
  return { mean: m, half, lo: m - half, hi: m + half, n: v.length };
}

/**
 * True when the interval's half-width is at most `precision` times |mean| (a relative
 * precision); an interval around a mean of 0 with half-width 0 counts as precise.
 */
export function precise(ci: Interval, precision: number): boolean {
  if (ci.n < 2 || Number.isNaN(ci.half)) return false;
  if (ci.mean === 0) return ci.half === 0;
  return ci.half <= precision * Math.abs(ci.mean);
}
