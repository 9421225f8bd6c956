// Issue 17: the exhaustive explorer on worker threads (src/engine/parallel-search.ts) through
// the library API. The workers really expand the levels (expansion messages are counted), and
// the result (counts, action coverage, verdicts, counterexample paths) is the same for 1, 2 and
// 3 workers: ids are assigned in one thread's order whatever the number of workers.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { ParallelOptions, WorkerLike } from '../../src/engine/parallel-search.ts';
import { spawnSearchWorker } from '../../src/cli/search-pool.ts';
import { createTwoPhase } from '../../examples/two-phase.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const TIMEOUT = 120_000;

/** Workers serving examples/two-phase.ts with `params`, counting the units sent to them. */
function pool(params: Record<string, string>, workers: number, counter: { units: number }): ParallelOptions {
  const file = join(repo, 'examples', 'two-phase.ts');
  const target = { source: { file, given: 'examples/two-phase.ts' }, selection: { params, cwd: repo }, mode: 'exhaustive' as const };
  return {
    workers, from: 1, after: 0, wait: true,
    spawn: () => {
      const w = spawnSearchWorker(target);
      const post = w.postMessage.bind(w);
      w.postMessage = ((m: { t: string }, transfer?: readonly ArrayBuffer[]) => {
        if (m.t === 'expand') counter.units++;
        post(m, transfer as ArrayBuffer[]);
      }) as typeof w.postMessage;
      return w as unknown as WorkerLike;
    },
  };
}

/** The result without timing and memory figures. */
function comparable(r: Awaited<ReturnType<typeof exhaustive>>) {
  const { seconds: _s, statesPerSecond: _r, peakMemoryBytes: _m, peakBytesPerState: _b, ...stats } = r.stats as unknown as Record<string, unknown>;
  return { outcome: r.outcome, stats, properties: r.properties.map((p) => ({ ...p, path: p.path?.map((x) => ({ state: x.state, action: x.action })) })) };
}

describe('exhaustive() with parallel workers', () => {
  for (const variant of ['correct', 'eager-commit']) {
    it(`two-phase, 5 RMs, ${variant}: 1, 2 and 3 workers agree, and the workers expanded the levels`, async () => {
      const params = { rms: '5', variant };
      const t = createTwoPhase({ params });
      const one = await exhaustive(t.model, t.properties, {});
      expect(one.workers).toBeUndefined();
      for (const n of [2, 3]) {
        const counter = { units: 0 };
        const many = await exhaustive(t.model, t.properties, { parallel: pool(params, n, counter) });
        expect(many.workers).toBe(String(n));
        expect(counter.units).toBeGreaterThan(n);
        expect(comparable(many)).toEqual(comparable(one));
      }
      expect(one.outcome).toBe(variant === 'correct' ? 'pass' : 'violation');
    }, TIMEOUT);
  }
});

describe('states the workers cannot be sent (sweep 32b F1)', () => {
  it('a state holding a function: the run goes on one thread and gives its result', async () => {
    const file = join(repo, 'test', 'fixtures', 'function-states.ts');
    const target = (await import(file)).default.create();
    const one = await exhaustive(target.model, target.properties, {});
    expect(one.outcome).toBe('violation');
    const options: ParallelOptions = {
      workers: 2, from: 1, after: 0, wait: true,
      spawn: () => spawnSearchWorker({ source: { file, given: 'test/fixtures/function-states.ts' }, selection: { params: {}, cwd: repo }, mode: 'exhaustive' }) as unknown as WorkerLike,
    };
    const many = await exhaustive(target.model, target.properties, { parallel: options });
    expect(many.workers).toMatch(/^1 \(restarted: a state cannot be sent to another thread \(v8\.serialize: /);
    // (The states' functions are other closures on each run: compared as JSON, without them.)
    expect(JSON.stringify(comparable(many))).toBe(JSON.stringify(comparable(one)));
  }, TIMEOUT);
});
