// Checkpoint and resume: a check SIGKILLed at a random point after its first checkpoint and
// resumed with --resume reaches the same --json result (timing fields aside: verdicts, counts,
// counterexample, witness) as an uninterrupted run; a resume with other flags is refused; a kill
// while a checkpoint is written leaves the previous one usable (the write is a rename).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replcheck as launch, untimed } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-checkpoint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// About a million states with a violation, a witness and an alwaysReachable property (the graph is kept).
const RUN = ['check', '--model', 'examples/two-phase.ts', '--param', 'rms=7', '--param', 'variant=eager-commit', '--json'];

/** Runs the CLI; with `killWhen`, SIGKILLs it once `killWhen()` is true plus a random delay. */
const replcheck = (args: string[], killWhen?: () => boolean) => launch(args, killWhen && { when: killWhen, delayMs: () => Math.floor(Math.random() * 1000) });

describe('checkpoint and resume', () => {
  it('a run SIGKILLed at random points and resumed gives the uninterrupted result', async () => {
    const whole = await replcheck([...RUN, '--out', join(tmp, 'whole')]);
    expect(whole.code).toBe(1);
    const expected = untimed(whole.stdout);
    let resumed = 0;
    for (let round = 0; round < 6 && resumed < 2; round++) {
      const dir = join(tmp, `cp-${round}`);
      const file = join(dir, 'checkpoint.bin');
      const first = await replcheck([...RUN, '--out', join(tmp, `out-${round}`), '--checkpoint', dir, '--checkpoint-every', '0.2'], () => existsSync(file));
      if (first.signal !== 'SIGKILL') continue; // finished before the kill: nothing to resume
      expect(readdirSync(dir).filter((n) => n !== 'checkpoint.bin').every((n) => n.startsWith('.'))).toBe(true);
      let again = await replcheck([...RUN, '--out', join(tmp, `out-${round}`), '--resume', dir, '--checkpoint-every', '0.2'], () => true);
      if (again.signal === 'SIGKILL') again = await replcheck([...RUN, '--out', join(tmp, `out-${round}`), '--resume', dir]); // killed twice
      expect(again.stderr).toMatch(/^replcheck: resuming from .*checkpoint\.bin: \d+ states explored, at depth \d+\n/);
      expect(again.code).toBe(1);
      expect(untimed(again.stdout)).toEqual(expected);
      resumed++;
    }
    expect(resumed).toBeGreaterThan(0);
  }, 600_000);

  it('refuses a resume with other flags, a missing checkpoint and a file that is not one', async () => {
    const dir = join(tmp, 'refuse');
    const file = join(dir, 'checkpoint.bin');
    const r = await replcheck([...RUN, '--out', join(tmp, 'refuse-out'), '--checkpoint', dir, '--checkpoint-every', '0.05'], () => existsSync(file));
    expect(existsSync(file)).toBe(true);
    expect(r.code === 1 || r.signal === 'SIGKILL').toBe(true);
    const others = [RUN.map((x) => (x === 'rms=7' ? 'rms=6' : x)), [...RUN, '--max-states', '5000000'], [...RUN, '--property', 'consistent']];
    // (Stop 30) The line names what differs.
    const what = [/the flags \(config, mechanism, knobs, params\) differ \(".*rms=7.*" in the checkpoint, ".*rms=6.*" in this run\)/, /the --max-states differs \("\(default\)" in the checkpoint, "5000000" in this run\)/, /the properties differ/];
    for (const [i, args] of others.entries()) {
      const refused = await replcheck([...args, '--resume', dir]);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(/^replcheck: the checkpoint was written by another check: /);
      expect(refused.stderr).toMatch(what[i]!);
    }
    const none = await replcheck(['check', '--model', 'examples/two-phase.ts', '--resume', join(tmp, 'nothing-here')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^replcheck: --resume: no checkpoint in /);
    // (Stop 29) A refused resume leaves no --checkpoint directory behind (it was made first).
    const elsewhere = join(tmp, 'not-made');
    const refusedInto = await replcheck(['check', '--model', 'examples/two-phase.ts', '--checkpoint', elsewhere, '--resume', join(tmp, 'nothing-here')]);
    expect(refusedInto.code).toBe(2);
    expect(existsSync(elsewhere)).toBe(false);
    const junkDir = join(tmp, 'junk');
    rmSync(junkDir, { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(junkDir));
    writeFileSync(join(junkDir, 'checkpoint.bin'), 'not a checkpoint');
    const junk = await replcheck(['check', '--model', 'examples/two-phase.ts', '--resume', junkDir]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/^replcheck: --resume: .* is not a (readable )?(replcheck )?checkpoint/);
  }, 600_000);
});
