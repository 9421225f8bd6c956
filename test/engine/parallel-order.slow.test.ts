// Stop 32: what breaks on a search worker (the model throws, a property's check throws) is raised
// where one thread would meet it, whatever the timing: not when one thread stops first (a
// violation with stop-at-first in an earlier unit, or a property decided before), and with the
// state one thread names. The models are test/fixtures/parallel-order.ts; each case compares the
// result (or the error) of two workers with one thread's. Slow: levels of 8,192 states and a
// deliberately slow step per case.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { ParallelOptions, WorkerLike } from '../../src/engine/parallel-search.ts';
import { spawnSearchWorker } from '../../src/cli/search-pool.ts';
import { guardTarget } from '../../src/engine/contract.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const TIMEOUT = 120_000;

/** The result without timing and memory figures. */
function comparable(r: Awaited<ReturnType<typeof exhaustive>>) {
  const { seconds: _s, statesPerSecond: _r, peakMemoryBytes: _m, peakBytesPerState: _b, ...stats } = r.stats as unknown as Record<string, unknown>;
  return { outcome: r.outcome, stats, properties: r.properties.map((p) => ({ ...p, path: p.path?.map((x) => ({ state: x.state, action: x.action })) })) };
}

describe('what breaks on a worker is raised where one thread meets it (stop 32)', () => {
  const file = join(repo, 'test', 'fixtures', 'parallel-order.ts');
  /** The run's result, or the message it failed with. */
  const outcome = (p: Promise<Awaited<ReturnType<typeof exhaustive>>>) => p.then((r) => ({ result: comparable(r) }), (e: Error) => ({ error: `${e.name}: ${e.message}` }));
  const cases = [
    ['next-level', true, 'violation'], ['later-unit', true, 'violation'], ['same-level', true, 'violation'],
    ['reported', true, 'UserCodeError: model parallel-order (test/fixtures/parallel-order.ts) threw in actions (while exploring state 12288): state 12288 of depth 2 was expanded'],
    ['stale-plan', false, 'violation'], ['encode-step', true, 'violation'],
  ] as const;
  for (const [which, stopAtFirst, expected] of cases) {
    it(`${which}: two workers end as one thread does`, async () => {
      const params = { case: which };
      // Guarded as the CLI guards it (as the workers do): what the model throws names it and the state.
      const made = (await import(file)).default.create({ params });
      const target = guardTarget('model parallel-order (test/fixtures/parallel-order.ts)', made.model, made.properties, file);
      const sent = { units: 0, ahead: 0 };
      const options: ParallelOptions = {
        workers: 2, from: 1, after: 0, wait: true,
        spawn: () => {
          const w = spawnSearchWorker({ source: { file, given: 'test/fixtures/parallel-order.ts' }, selection: { params, cwd: repo }, mode: 'exhaustive' });
          const post = w.postMessage.bind(w);
          w.postMessage = ((m: { t: string; depth?: number }, transfer?: readonly ArrayBuffer[]) => {
            if (m.t === 'expand') sent.units++;
            post(m, transfer as ArrayBuffer[]);
          }) as typeof w.postMessage;
          return w as unknown as WorkerLike;
        },
      };
      const one = await outcome(exhaustive(target.model, target.properties, { stopAtFirst }));
      const many = await outcome(exhaustive(target.model, target.properties, { stopAtFirst, parallel: options }));
      if ('result' in one) expect(one.result.outcome).toBe(expected);
      else expect(one.error).toContain(expected);
      expect(sent.units).toBeGreaterThan(2);
      expect(many).toEqual(one);
    }, TIMEOUT);
  }
});
