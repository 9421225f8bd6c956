// (Stop 29) A reader that closes the pipe early (`replcheck check ... | head -1`) must not change
// the exit code: the launcher stops writing and the run ends with its verdict's code (it used to
// exit 0 at the first line, so a violation piped into head passed a CI step that read the status).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repo } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-pipe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the launcher with `args`, closing its stdout after the first chunk; resolves to its exit code. */
function closedEarly(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repo, 'bin', 'replcheck.js'), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, REPLCHECK_DEBUG: '' } });
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve(code));
  });
}

describe('stdout closed by its reader', () => {
  it('keeps the exit code of a violation (1) and of an incomplete run (3); a pass is still 0', async () => {
    expect(await closedEarly(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=3', '--param', 'variant=eager-commit', '--out', tmp])).toBe(1);
    expect(await closedEarly(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=5', '--max-states', '10'])).toBe(3);
    expect(await closedEarly(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=3'])).toBe(0);
  }, 120_000);
});
