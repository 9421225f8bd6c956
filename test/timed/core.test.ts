// The generic timed core: seeded generator (same seed, same stream), distributions (sample means
// near the analytic ones, bad specs named), the event queue's (time, sequence) order, Student-t
// quantiles against table values, and the sequential decisions (a clear case decides, a
// borderline one stays undecided).
import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../../src/timed/prng.ts';
import { checkDistribution, distributionMean, sampler, type Distribution } from '../../src/timed/distributions.ts';
import { EventQueue } from '../../src/timed/queue.ts';
import { confidenceInterval, tQuantile } from '../../src/timed/stats.ts';
import { decideProb, decideStat, EQUAL_RUNS, parseAssertion } from '../../src/timed/assertion.ts';

describe('timed core', () => {
  it('Rng is seeded and reproducible', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 1));
  });

  it('distributions sample around their analytic mean', () => {
    const specs: Distribution[] = [
      { type: 'constant', value: 7 }, { type: 'uniform', min: 50, max: 150 }, { type: 'exponential', mean: 100 },
      { type: 'lognormal', mu: 3, sigma: 0.5 }, { type: 'empirical', values: [10, 20, 40], weights: [1, 2, 1] },
    ];
    for (const d of specs) {
      const rng = new Rng(1), f = sampler(d);
      let s = 0;
      for (let i = 0; i < 20000; i++) s += f(rng);
      expect(Math.abs(s / 20000 - distributionMean(d))).toBeLessThan(0.03 * distributionMean(d));
    }
  });

  it('bad distributions are named', () => {
    expect(checkDistribution({ type: 'uniform', min: -1, max: 3 }, 'x')).toMatch(/x\.min must not be negative/);
    expect(checkDistribution({ type: 'exponential' }, 'x')).toMatch(/x\.mean is missing/);
    expect(checkDistribution({ type: 'gamma' }, 'x')).toMatch(/x\.type must be one of/);
    expect(checkDistribution({ type: 'constant', value: 1, mean: 2 }, 'x')).toMatch(/x\.mean is not a parameter/);
    expect(checkDistribution({ type: 'constant', value: 1 }, 'x')).toBeUndefined();
  });

  it('the queue pops by time, then by scheduling order', () => {
    const q = new EventQueue<string>();
    q.push(5, 'c'); q.push(1, 'a'); q.push(5, 'd'); q.push(2, 'b');
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((e) => e!.data)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('t quantiles match the table', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776, 2);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.045, 3);
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    expect(ci.half).toBeCloseTo(2.776 * Math.sqrt(2.5) / Math.sqrt(5), 2);
  });

  it('sequential decisions', () => {
    const metrics = ['write-response', 'staleness'];
    const p99 = parseAssertion('p99(write-response) < 0.2s', metrics);
    expect(p99).toMatchObject({ kind: 'stat', stat: 'p99', value: 200 });
    expect(decideStat(p99 as never, [100, 101, 99, 100, 100]).verdict).toBe('holds');
    expect(decideStat(p99 as never, [300, 310, 305, 300, 306]).verdict).toBe('refuted');
    // (Sweep 30d) Nothing is decided before MIN_RUNS runs, however narrow the interval.
    expect(decideStat(p99 as never, [100, 101, 99, 100]).verdict).toBe('undecided');
    expect(decideStat(parseAssertion('mean(write-response) < 10ms', metrics) as never, [0, 1e-9]).verdict).toBe('undecided');
    expect(decideStat(p99 as never, [150, 250]).verdict).toBe('undecided');
    // (Sweep 30b) Runs without spread decide nothing before EQUAL_RUNS: two runs at 0 "proved" a
    // share of uncommitted updates under 1% whose mean over 30 runs was 0.28.
    const share = parseAssertion('mean(write-response) < 10ms', metrics);
    expect(decideStat(share as never, [0, 0]).verdict).toBe('undecided');
    expect(decideStat(share as never, new Array(EQUAL_RUNS - 1).fill(0)).verdict).toBe('undecided');
    expect(decideStat(share as never, new Array(EQUAL_RUNS).fill(0))).toMatchObject({ verdict: 'holds', samples: EQUAL_RUNS });
    const pr = parseAssertion('P(staleness > 1s) < 0.01', metrics);
    expect(decideProb(pr as never, new Array(5000).fill(0)).verdict).toBe('holds');
    expect(decideProb(pr as never, Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? 2000 : 0))).verdict).toBe('refuted');
    expect(decideProb(pr as never, new Array(10).fill(0)).verdict).toBe('undecided');
  });
});
