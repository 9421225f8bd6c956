// Terminal progress (src/cli/progress.ts): the line's content, in-place updates and clearing on a
// terminal, quiet without one or with --json; and, spawned without a terminal, a long check that
// is interrupted writes no progress at all, only the interruption notice, and exits 3 having
// reported what it explored.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.ts';
import { clock, exhaustiveLine, progressDisplay, randomLine } from '../../src/cli/progress.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function context(progress: boolean): { ctx: CliContext; err: () => string } {
  let err = '';
  const ctx: CliContext = { cwd: repo, defaultModel: '', version: '0', env: {}, stdout: () => {}, stderr: (s) => void (err += s), progress };
  return { ctx, err: () => err };
}

describe('progress line', () => {
  it('formats states, rate, queue, depth and elapsed time; runs, steps and violations', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(75.9)).toBe('1:15');
    expect(clock(3725)).toBe('1:02:05');
    const e = exhaustiveLine({ distinctStates: 1234567, transitions: 9, queue: 4321, depth: 17, seconds: 83 }, 45678);
    expect(e).toBe('  1,234,567 distinct states · 45,678 states/s · queue 4,321 · depth 17 · 1:23 elapsed');
    expect(randomLine({ runs: 345, steps: 12345, violations: 1, seconds: 5 }, 1000)).toBe('  runs 345/1,000 · 12,345 steps · 2,469 steps/s · 1 violation · 0:05 elapsed');
  });

  it('rewrites one line in place on a terminal, computes the recent rate, and clears it', () => {
    const { ctx, err } = context(true);
    const d = progressDisplay(ctx, false);
    d.exhaustive!({ distinctStates: 1000, transitions: 0, queue: 10, depth: 2, seconds: 1 });
    d.exhaustive!({ distinctStates: 4000, transitions: 0, queue: 10, depth: 3, seconds: 2 });
    expect(err()).toBe('\r\x1b[K  1,000 distinct states · 1,000 states/s · queue 10 · depth 2 · 0:01 elapsed' +
      '\r\x1b[K  4,000 distinct states · 3,000 states/s · queue 10 · depth 3 · 0:02 elapsed');
    expect(err()).not.toContain('\n');
    d.ctx.stderr('notice\n'); // a notice first clears the line
    expect(err().endsWith('elapsed\r\x1b[Knotice\n')).toBe(true);
    const before = err().length;
    d.done(); // nothing shown any more: nothing to clear
    expect(err().length).toBe(before);
    d.random!({ runs: 1, steps: 2, violations: 0, seconds: 1 });
    d.done();
    expect(err().endsWith('elapsed\r\x1b[K')).toBe(true);
  });

  it('is quiet without a terminal and with --json', () => {
    for (const [tty, json] of [[false, false], [true, true]] as const) {
      const { ctx, err } = context(tty);
      const d = progressDisplay(ctx, json, 10);
      expect(d.exhaustive).toBeUndefined();
      expect(d.random).toBeUndefined();
      d.done();
      expect(err()).toBe('');
    }
  });
});

describe('a spawned check without a terminal', () => {
  it('writes no progress; Ctrl-C reports what was explored as incomplete, exit 3', async () => {
    const child = spawn(process.execPath, ['bin/replcheck.js', 'check', '--config', 'medium', '--out', join(tmp, 'out')], {
      cwd: repo, env: { ...process.env, REPLCHECK_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      // The header is out: the search has started. Let it run past a progress report (about a second), then interrupt.
      if (!sent && stdout.includes('mode ')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 2500);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(3);
    expect(stderr).toBe('\nreplcheck: interrupted; stopping and reporting what was explored (Ctrl-C again to quit now)\n');
    expect(stdout).toMatch(/stats +states [\d,]+ .*stopped: interrupted/);
    expect(stdout).toContain('result     incomplete');
  }, 600_000);
});
