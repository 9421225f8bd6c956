// (Issue 16) simulate --checkpoint/--resume: a random run SIGKILLed once its first checkpoint
// exists and resumed with --resume gives the --json result of an uninterrupted run (timing
// fields aside): the same verdicts, runs, steps, coverage, witnesses, metrics and, for a
// violation, the same shrunk counterexample and --path. Resumes with other flags are refused.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIMULATE_TIMING, replcheck as launch, untimed as untimedWith } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-simulate-checkpoint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LONG = 600_000;
const PASS = ['simulate', '--config', 'small', '--runs', '300', '--json'];
const VIOLATION = ['simulate', '--config', 'small', '--mechanism', 'arrival-order', '--property', 'causal-order', '--seed', '7', '--json'];

/** Runs the CLI; with `killWhen`, SIGKILLs it as soon as `killWhen()` is true. */
const replcheck = (args: string[], killWhen?: () => boolean) => launch(args, killWhen && { when: killWhen, pollMs: 10 });
/** (issue 17) A checkpointed run is on one thread and says so in params.workers; the uninterrupted one may use workers. */
const untimed = (stdout: string) => untimedWith(stdout, SIMULATE_TIMING, true);

/** Runs `args` whole, then killed after its first checkpoint and resumed; returns how many rounds resumed. */
async function killAndResume(args: string[], name: string, expectedCode: number): Promise<number> {
  const whole = await replcheck([...args, '--out', join(tmp, `${name}-whole`)]);
  expect(whole.code, whole.stderr).toBe(expectedCode);
  let resumed = 0;
  for (let round = 0; round < 3 && resumed === 0; round++) {
    const dir = join(tmp, `${name}-cp-${round}`);
    const file = join(dir, 'checkpoint.bin');
    const first = await replcheck([...args, '--out', join(tmp, `${name}-out`), '--checkpoint', dir, '--checkpoint-every', '0.05'], () => existsSync(file));
    if (first.signal !== 'SIGKILL') continue; // finished before the kill: nothing to resume
    const again = await replcheck([...args, '--out', join(tmp, `${name}-out`), '--resume', dir]);
    expect(again.stderr).toMatch(/^replcheck: resuming from .*checkpoint\.bin: \d+ runs done \(\d+ steps\)\n/);
    expect(again.code).toBe(expectedCode);
    expect(untimed(again.stdout)).toEqual(untimed(whole.stdout));
    resumed++;
  }
  return resumed;
}

describe('simulate --checkpoint and --resume', () => {
  it('a passing run killed after its first checkpoint resumes to the uninterrupted result', async () => {
    expect(await killAndResume(PASS, 'pass', 0)).toBe(1);
  }, LONG);

  it('a run that finds a violation resumes to the same shrunk counterexample and --path', async () => {
    expect(await killAndResume(VIOLATION, 'violation', 1)).toBe(1);
  }, LONG);

  it('refuses a resume with another seed, a check checkpoint, and --path', async () => {
    const dir = join(tmp, 'refuse');
    const file = join(dir, 'checkpoint.bin');
    await replcheck([...PASS, '--out', join(tmp, 'refuse-out'), '--checkpoint', dir, '--checkpoint-every', '0.05'], () => existsSync(file));
    expect(existsSync(file)).toBe(true);
    const other = await replcheck([...PASS, '--seed', '3', '--resume', dir]);
    expect(other.code).toBe(2);
    // (Stop 30) It names what differs.
    expect(other.stderr).toMatch(/^replcheck: the checkpoint was written by another simulation: the --seed differs \("\d+" in the checkpoint, "3" in this run\); resume with the same flags/);
    // (Sweep 30b) Without --json, the text header came before the refusal.
    const text = PASS.filter((a) => a !== '--json');
    const otherText = await replcheck([...text, '--seed', '3', '--resume', dir]);
    expect(otherText.code).toBe(2);
    expect(otherText.stdout).toBe('');
    const none = await replcheck([...text, '--resume', join(tmp, 'no-such-dir')]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    const check = await replcheck(['check', '--config', 'small', '--resume', dir]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/^replcheck: --resume: .* is a checkpoint of simulate, not of check\n$/);
    const path = await replcheck([...PASS, '--path', '3:1', '--checkpoint', join(tmp, 'path')]);
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/^replcheck: --checkpoint and --resume continue a search; they do not go with --path/);
  }, LONG);
});
