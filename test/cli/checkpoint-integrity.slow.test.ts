// Checkpoint integrity: a checkpoint of `check` and of `simulate` with one byte flipped (at
// positions spread over the whole file, header included) or cut short is refused on --resume
// with exit 2 and one line naming the file, before any search; so is a checkpoint written before
// checkpoints carried a digest (a bare v8 payload). Without the digest, v8.deserialize accepted
// most such files and the resumed run gave wrong counts and verdicts (or ran out of memory).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-checkpoint-integrity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 600_000;

/** The runs whose checkpoints are damaged: each saves every 0.05 s, so a checkpoint exists once it has run that long. */
const RUNS = {
  check: ['check', '--config', 'small', '--property', 'causal-order', '--json'],
  simulate: ['simulate', '--config', 'small', '--runs', '300', '--json'],
};
/** Where in the file a byte is flipped (fractions of its length; 0 is the header's first byte). */
const POSITIONS = [0, 0.005, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999];

/** Runs `args` with `--checkpoint DIR` until DIR holds a checkpoint; returns its bytes. */
async function checkpointOf(name: keyof typeof RUNS): Promise<Buffer> {
  const dir = join(tmp, `${name}-saved`);
  for (let every = 0.05; !existsSync(join(dir, 'checkpoint.bin')); every /= 2) {
    await runInProcess([...RUNS[name], '--out', join(tmp, 'out'), '--checkpoint', dir, '--checkpoint-every', String(every)]);
  }
  return readFileSync(join(dir, 'checkpoint.bin'));
}

/** Resumes `name`'s run from a checkpoint holding `bytes`, with a time limit (a damaged file that slips through must not run long). */
async function resumeFrom(name: keyof typeof RUNS, bytes: Uint8Array, tag: string) {
  const dir = join(tmp, `${name}-${tag}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'checkpoint.bin'), bytes);
  const r = await runInProcess([...RUNS[name], '--out', join(tmp, 'out'), '--resume', dir, '--time-limit', '5']);
  return { ...r, file: join(dir, 'checkpoint.bin') };
}

/** Why `r` is not a one-line refusal (exit 2) naming the file and matching `message`, with no report on stdout; '' when it is. */
function notRefused(r: { code: number; stdout: string; stderr: string; file: string }, message: RegExp): string {
  const line = r.stderr.split('\n')[0]!;
  if (r.code !== 2) return `exit ${r.code} (${line.slice(0, 120)}${r.stdout.slice(0, 120)})`;
  if (r.stdout !== '' || !r.stderr.endsWith('\n') || r.stderr.trim().split('\n').length !== 1) return `not one line: ${r.stderr.slice(0, 300)}`;
  if (!r.stderr.includes(r.file) || !message.test(r.stderr) || !/delete it and rerun without --resume\n$/.test(r.stderr)) return `message: ${line}`;
  return '';
}

describe.each(Object.keys(RUNS) as (keyof typeof RUNS)[])('%s --resume of a damaged checkpoint', (name) => {
  it('refuses one flipped byte anywhere, a truncated file and a file with bytes appended', async () => {
    const good = await checkpointOf(name);
    const intact = await resumeFrom(name, good, 'intact');
    expect(intact.stderr, 'the undamaged copy resumes').toMatch(/^replcheck: resuming from /);
    const accepted: string[] = [];
    const damaged = (what: string, why: string) => void (why !== '' && accepted.push(`${what}: ${why}`));
    for (const at of POSITIONS) {
      const bad = Buffer.from(good);
      const pos = Math.min(bad.length - 1, Math.floor(at * bad.length));
      bad[pos]! ^= 0x5a;
      damaged(`byte ${pos} of ${good.length} flipped`, notRefused(await resumeFrom(name, bad, `flip-${at}`), /^replcheck: --resume: (checkpoint \S+ is corrupt \(|\S+ is not a replcheck checkpoint, or is corrupt)/));
    }
    for (const keep of [good.length - 1, Math.floor(good.length / 2), 40, 0]) {
      damaged(`cut to ${keep} bytes`, notRefused(await resumeFrom(name, good.subarray(0, keep), `cut-${keep}`), /is (corrupt|not a replcheck checkpoint)/));
    }
    damaged('one byte appended', notRefused(await resumeFrom(name, Buffer.concat([good, Buffer.from([0])]), 'longer'), /is corrupt \(1 bytes past its end\)/));
    expect(accepted).toEqual([]);
  }, TIMEOUT);
});

describe('a checkpoint written before checkpoints had a digest', () => {
  it('is refused with a message saying so', async () => {
    const good = await checkpointOf('check');
    const payload = good.subarray(good.indexOf(0x0a) + 1); // the bare v8 payload the previous version wrote
    const r = await resumeFrom('check', payload, 'old');
    expect(notRefused(r, /^replcheck: --resume: checkpoint \S+ was written by an older replcheck, without the integrity digest/)).toBe('');
  }, TIMEOUT);
});
