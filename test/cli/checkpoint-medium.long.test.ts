// (Issue 16) The demo of checkpoint and resume on a real configuration: `check --config medium
// --property causal-order` SIGKILLed once its first checkpoint exists, then resumed with
// --resume, gives the same --json result (timing fields aside) as an uninterrupted run. The
// figures of the last run are in bench/sections/checkpoint.md.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replcheck as launch, untimed } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-medium-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const RUN = ['check', '--config', 'medium', '--property', 'causal-order', '--json'];

/** Runs the CLI; with `killWhen`, SIGKILLs it as soon as `killWhen()` is true. */
const replcheck = (args: string[], killWhen?: () => boolean) => launch(args, killWhen && { when: killWhen, pollMs: 50 });

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
