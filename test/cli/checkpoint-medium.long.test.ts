// (Issue 16) The demo of checkpoint and resume on a real configuration: `check --config medium
// --property causal-order` SIGKILLed once its first checkpoint exists, then resumed with
// --resume, gives the same --json result (timing fields aside) as an uninterrupted run. The
// figures of the last run are in bench/sections/checkpoint.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-medium-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const RUN = ['check', '--config', 'medium', '--property', 'causal-order', '--json'];
const TIMING = ['seconds', 'statesPerSecond', 'peakMemoryBytes', 'peakBytesPerState'];

interface Ran { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; seconds: number }

/** Runs the CLI; with `killWhen`, SIGKILLs it as soon as `killWhen()` is true. */
function replcheck(args: string[], killWhen?: () => boolean): Promise<Ran> {
  const t0 = performance.now();
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['bin/replcheck.js', ...args], { cwd: repo, env: { ...process.env, REPLCHECK_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (killWhen) {
      const poll = setInterval(() => {
        if (!killWhen()) return;
        clearInterval(poll);
        child.kill('SIGKILL');
      }, 50);
      child.on('exit', () => clearInterval(poll));
    }
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

/** The --json result without its timing fields and file names. */
function untimed(stdout: string): Record<string, unknown> {
  const j = JSON.parse(stdout);
  for (const k of TIMING) delete j.stats[k];
  delete j.violation?.traceFile;
  delete j.violation?.htmlFile;
  for (const p of j.properties) {
    delete p.traceFile;
    delete p.htmlFile;
  }
  return j;
}

describe('check --config medium, SIGKILLed and resumed', () => {
  it('resumes to the result of an uninterrupted run', { timeout: 7_200_000 }, async () => {
    const dir = join(tmp, 'cp');
    const file = join(dir, 'checkpoint.bin');
    const killed = await replcheck([...RUN, '--out', join(tmp, 'a'), '--checkpoint', dir, '--checkpoint-every', '5'], () => existsSync(file));
    expect(killed.signal).toBe('SIGKILL');
    // The resumed run (saving every 300 s, the default) and an uninterrupted one, side by side.
    const [resumed, whole] = await Promise.all([replcheck([...RUN, '--out', join(tmp, 'a'), '--resume', dir]), replcheck([...RUN, '--out', join(tmp, 'b')])]);
    expect(resumed.stderr).toMatch(/^replcheck: resuming from .*checkpoint\.bin: \d+ states explored, at depth \d+\n/);
    expect(resumed.code).toBe(whole.code);
    expect(untimed(resumed.stdout)).toEqual(untimed(whole.stdout));
    const stats = JSON.parse(whole.stdout).stats;
    console.log(`medium causal-order: killed after ${killed.seconds.toFixed(1)} s; ${resumed.stderr.split('\n')[0]}; resumed run ${resumed.seconds.toFixed(1)} s, ` +
      `uninterrupted ${whole.seconds.toFixed(1)} s; result ${JSON.parse(whole.stdout).result}, ${stats.distinctStates} states, exit ${whole.code}`);
  });
});
