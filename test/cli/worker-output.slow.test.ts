// User output on worker threads: a model that console.logs while it loads and in `next`, run
// with --json on two workers (check: every level handed to the workers; simulate: walks on a
// worker beside this thread; measure --threads 2 with a mechanism that logs as it loads), through
// the real launcher. stdout must be exactly the one JSON object, and the text must appear on
// stderr, as it does on one thread.
import { describe, expect, it } from 'vitest';
import { replcheck } from './harness.ts';

const LONG = 120_000;
const MODEL = 'test/fixtures/output/console-model.ts';

/** Asserts stdout is one JSON object and the model's lines (load and next) went to stderr. */
function expectClean(r: { code: number | null; stdout: string; stderr: string }): void {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n'), r.stdout).toHaveLength(1);
  expect(() => JSON.parse(r.stdout)).not.toThrow();
  expect(r.stdout).not.toContain('console-model:');
  expect(r.stderr).toContain('console-model: loading');
  expect(r.stderr).toContain('console-model: next at');
}

describe('user output on worker threads under --json', () => {
  it('check --workers 2: the model\'s console.log on the search workers goes to stderr', async () => {
    const r = await replcheck(['check', '--model', MODEL, '--workers', '2', '--json'], undefined, { REPLCHECK_WORKERS_FROM: '1' });
    expectClean(r);
    expect(JSON.parse(r.stdout).params.workers).toBe('2');
  }, LONG);

  it('simulate --workers 2: the model\'s console.log on the walk worker goes to stderr', async () => {
    // REPLCHECK_JOIN_WAIT: the worker walks even when this thread could walk every run first (stop 36).
    const r = await replcheck(['simulate', '--model', MODEL, '--workers', '2', '--runs', '200', '--json'], undefined, { REPLCHECK_JOIN_WAIT: '1' });
    expectClean(r);
    expect(JSON.parse(r.stdout).params.workers).toBe('2');
    // The worker loaded the model too: its line reached stderr (once per thread).
    expect(r.stderr.split('\n').filter((l) => l === 'console-model: loading').length).toBeGreaterThanOrEqual(2);
  }, LONG);

  it('measure --threads 2: a mechanism\'s console.log on the measure worker goes to stderr', async () => {
    const r = await replcheck(['measure', '--mechanisms', 'test/fixtures/output/console-mechanism.ts', '--runs', '4', '--duration', '1s', '--threads', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n'), r.stdout).toHaveLength(1);
    expect(JSON.parse(r.stdout).results[0].mechanism).toBe('console-mechanism');
    // This thread and the worker (runs 0 and 1 are queued to it at start) each loaded the plugin.
    expect(r.stderr.split('\n').filter((l) => l === 'console-mechanism: loading')).toHaveLength(2);
  }, LONG);
});
