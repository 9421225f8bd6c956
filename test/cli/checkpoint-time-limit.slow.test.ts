// (Stop 29) A `check --checkpoint DIR` stopped by its `--time-limit` saves where it stopped (it
// kept only the last periodic save, by default none in the first 300 s), its rerun line says
// `--resume DIR`, and that resume, run to the end, gives the uninterrupted run's result. The
// assertions hold wherever the clock stops the run (even before the first level), so they do not
// depend on the machine's speed or load.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replcheck, untimed } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-cp-time-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// 1,745,408 states: over a second of search on any machine, past a half-second limit that counts from the start.
const RUN = ['check', '--model', 'examples/two-phase.ts', '--param', 'rms=8', '--property', 'consistent', '--json'];

/** The `reproduce` field of a `--json` result, and the result without it. */
function split(stdout: string): { reproduce: string; rest: Record<string, unknown> } {
  const j = untimed(stdout);
  const reproduce = j.reproduce as string;
  delete j.reproduce;
  return { reproduce, rest: j };
}

describe('check --checkpoint with --time-limit', () => {
  it('saves where the time limit stopped it, and the rerun line resumes from there to the same result', async () => {
    const dir = join(tmp, 'cp');
    const stopped = await replcheck([...RUN, '--out', join(tmp, 'out'), '--checkpoint', dir, '--time-limit', '0.5']);
    expect(stopped.code, stopped.stderr).toBe(3);
    expect(JSON.parse(stopped.stdout).stats.limit).toBe('time-limit');
    expect(existsSync(join(dir, 'checkpoint.bin'))).toBe(true);
    const first = split(stopped.stdout);
    expect(first.reproduce).toMatch(/ --time-limit 0\.5 --resume \S+$/);

    const resumed = await replcheck([...RUN, '--out', join(tmp, 'out'), '--resume', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^replcheck: resuming from .*checkpoint\.bin: \d+ states explored/);
    const whole = await replcheck([...RUN, '--out', join(tmp, 'out'), '--workers', '1']);
    expect(whole.code).toBe(0);
    expect(untimed(resumed.stdout, undefined, true)).toEqual(untimed(whole.stdout, undefined, true));
    // A run that ended by itself says nothing of resuming.
    expect(split(whole.stdout).reproduce).not.toMatch(/--resume/);
  }, 180_000);

  it('simulate stopped between two walks by its time limit names the checkpoint to resume', async () => {
    const dir = join(tmp, 'sim');
    const r = await replcheck(['simulate', '--config', 'tiny', '--runs', '100000000', '--seed', '3', '--json', '--out', join(tmp, 'sim-out'),
      '--checkpoint', dir, '--checkpoint-every', '0.05', '--time-limit', '2']);
    expect(r.code, r.stderr).toBe(3);
    expect(existsSync(join(dir, 'checkpoint.bin'))).toBe(true);
    expect(JSON.parse(r.stdout).reproduce).toMatch(/ --resume \S+ --checkpoint-every 0\.05$/);
  }, 180_000);
});
