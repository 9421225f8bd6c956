// Limits and signals, through the real launcher: SIGTERM and SIGHUP end check and compare like
// Ctrl-C (exit 3 with the report); --time-limit bounds a run whose time goes into one huge state
// (check --config huge); a replay path beyond the run count is refused. No assertion depends on
// the machine being quiet: signals are sent once the process has its handlers installed (read
// from /proc), and times are only bounded by the test's generous timeout.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catchesSighup, replcheck as launch } from './harness.ts';
import { validateJsonOutput } from '../../src/cli/json-schema.ts';

const LONG = 600_000;

/** Runs the CLI; sends `signal` once its handlers are installed (and `delay` ms more). */
const replcheck = (args: string[], signal?: NodeJS.Signals, delay = 500) => launch(args, signal && { when: catchesSighup, signal, pollMs: 50, delayMs: () => delay });

describe.runIf(existsSync('/proc/self/status'))('signals', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} stops check and reports what was explored, as incomplete (exit 3)`, async () => {
      const r = await replcheck(['check', '--config', 'medium', '--json'], signal);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(3);
      const j = JSON.parse(r.stdout);
      expect(j.result).toBe('incomplete');
      expect(j.stats.limit).toBe('interrupted');
      expect(j.stats.distinctStates).toBeGreaterThan(0);
      expect(r.stderr).toContain(`received ${signal}; stopping and reporting what was explored`);
    }, LONG);
  }

  it('(stop 29) SIGINT is answered within one long expansion', async () => {
    // The initial state of test/fixtures/long-expansion.ts has a million successors (tens of seconds
    // of work). The signal reached the CLI's worker thread as a message, which waited for the whole
    // expansion; now the search reads it from a shared cell and stops inside the expansion, two
    // seconds on. (With REPLCHECK_WATCHDOG=0 the command runs on the main thread, whose signal
    // handlers cannot run inside synchronous code: there it still waits for the state's end.)
    const r = await launch(['check', '--model', 'test/fixtures/long-expansion.ts', '--json'], { when: catchesSighup, signal: 'SIGINT', pollMs: 50, delayMs: () => 1500 });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.stats.limit).toBe('interrupted');
    expect(j.stats.transitions).toBeLessThan(1_000_000);
    expect(r.stderr).toContain('interrupted; stopping and reporting what was explored');
  }, LONG);

  it('(stop 29) an interrupted measure reports what it measured and exits 3 (it died with 130 and printed nothing)', async () => {
    const r = await replcheck(['measure', '--config', 'wan-small', '--runs', '500', '--json'], 'SIGINT', 1500);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ exitCode: 3, interrupted: true });
    expect(j.results.length).toBeGreaterThan(0);
    expect(j.results[0].runs).toBeGreaterThan(0);
    expect(j.results[0].runs).toBeLessThan(500);
    expect(validateJsonOutput('measure', j)).toEqual([]);
  }, LONG);

  it('an interrupted compare exits 3, not 0', async () => {
    const r = await replcheck(['compare', '--config', 'medium', '--json', '--out', join(tmpdir(), 'replcheck-signals-compare')], 'SIGTERM');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.exitCode).toBe(3);
    expect(j.interrupted).toBe(true);
  }, LONG);
});

describe('limits', () => {
  it('--time-limit ends check --config huge (one state has over a million successors) as incomplete', async () => {
    const r = await replcheck(['check', '--config', 'huge', '--time-limit', '2', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.stats.limit).toBe('time-limit');
    expect(j.stats.maxDepth).toBe(0); // stopped inside the expansion of the initial state
    expect(j.properties.every((p: { status: string }) => p.status === 'incomplete')).toBe(true);
  }, LONG);

  it('--time-limit ends simulate --config huge inside its first walk', async () => {
    // (Stop 35) Walks of a million steps: huge's default walks got fast enough (about 0.3 s) for
    // two workers to finish two of them in 2 s, so the run no longer had to stop inside one.
    const r = await replcheck(['simulate', '--config', 'huge', '--steps', '1000000', '--time-limit', '2', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.stats.limit).toBe('time-limit');
    expect(j.stats.runs).toBeLessThanOrEqual(1);
  }, LONG);

  it('a replay path beyond the run count is refused, not replayed for hours', async () => {
    const r = await replcheck(['simulate', '--config', 'tiny', '--path', '4294967296:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: --path 4294967296:1 starts at run 4294967296, beyond the 100 runs/);
    expect(r.stdout).toBe('');
  }, LONG);
});
