// measureParallel's scheduling in this thread: with one thread (no worker) it takes the runs in
// order and stops where `measure` stops, precision rule included, so the result is the same; a
// worker that cannot start is reported, not waited for forever. (Two threads against one on the
// real model: test/cli/measure.slow.test.ts.)
import { describe, expect, it } from 'vitest';
import type { RunOutput, TimedExperiment } from '../../src/timed/contract.ts';
import { measureParallel } from '../../src/timed/parallel.ts';
import { Rng } from '../../src/timed/prng.ts';
import { measure, type MeasureOptions } from '../../src/timed/replicate.ts';

/** A stand-in experiment: one noisy scalar per run, drawn from the run's seed. */
const fake: TimedExperiment = {
  mechanism: 'fake', config: 'fake', defaultDurationMs: 1,
  run(seed: number): RunOutput {
    const r = new Rng(seed);
    const x = 100 + 30 * r.next();
    return { events: 10, scalars: { 'x.mean': x }, samples: { x: [x] }, curves: {}, series: { binMs: 1, classes: {} } };
  },
};

const opts: MeasureOptions = { seed: 5, durationMs: 1, precision: 0.03, minRuns: 3, maxRuns: 40, precisionKeys: ['x.mean'], assertions: [] };

describe('measureParallel', () => {
  it('one thread gives what measure gives, stopping at the same run', async () => {
    const one = measure(fake, opts);
    const par = await measureParallel({ moduleFile: '/nonexistent.ts', selection: { config: 'fake', mechanism: 'fake', cwd: '/' } }, fake, opts, 1);
    expect(one.runs).toBeGreaterThan(3);
    expect(one.runs).toBeLessThan(40);
    expect(par.runs).toBe(one.runs);
    expect(par.intervals).toEqual(one.intervals);
    expect(par.events).toBe(one.events);
  });

  it('a worker that fails to start rejects the measurement when its runs are needed', async () => {
    const slow: TimedExperiment = { ...fake, run: (seed) => { const t = Date.now(); while (Date.now() - t < 20); return fake.run(seed, 1); } };
    const spec = { moduleFile: '/nonexistent/model.ts', selection: { config: 'fake', mechanism: 'fake', cwd: '/' } };
    // Either this thread makes every run before the worker fails (same result as one thread), or the failure is reported.
    const r = await measureParallel(spec, slow, { ...opts, runs: 30 }, 2).then((m) => m.runs, (e: Error) => e.message);
    expect([30, expect.stringMatching(/nonexistent|Cannot find|ERR_MODULE_NOT_FOUND/)]).toContainEqual(r);
  }, 60_000);
});
