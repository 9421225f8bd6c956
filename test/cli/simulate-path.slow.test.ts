// `simulate --path P` replays the walk P names (fast-check's replay path: a run index, then one
// shrink index per level). A path that names no walk (an index past the candidates of its level,
// at the end or in the middle; a path longer than the shrink tree; a malformed one) is bad input:
// exit 2, one line on stderr saying which index is wrong and where good paths come from, nothing
// on stdout. Before, a last index out of range made fast-check run nothing, and zero runs were
// reported as verdicts ("VIOLATED committed ... in 0 runs"). A printed path still replays.
import { describe, expect, it } from 'vitest';
import { replcheck, type Ran } from './harness.ts';

const TIMEOUT = 300_000;
const TWO_PHASE = ['simulate', '--model', 'examples/two-phase.ts', '--runs', '50'];
const EAGER = [...TWO_PHASE, '--param', 'variant=eager-commit', '--property', 'consistent'];

/** Expects `r` to be the one-line --path refusal (exit 2, nothing on stdout). */
function expectRefused(r: Ran, path: string, index: RegExp): void {
  expect(r.code, `${path}: ${r.stdout.slice(-300)}${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`replcheck: --path ${path} does not name a walk of this simulation`);
  expect(r.stderr).toMatch(index);
  expect(r.stderr).toMatch(/reproduce line printed by the run that found the violation\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** The --path of the reproduce line a violating run printed. */
function printedPath(r: Ran): string {
  return /--path "([\d:]+)"/.exec(r.stdout)![1]!;
}

describe('simulate --path that names no walk', () => {
  it('a last index out of range (the run that reported "0 runs" verdicts) is exit 2, also with --json', async () => {
    expectRefused(await replcheck([...TWO_PHASE, '--path', '0:99999']), '0:99999', /index 2 \(99999\) is out of range: the walk at 0 has \d+ shrink candidates \(0 to \d+\)/);
    expectRefused(await replcheck([...TWO_PHASE, '--path', '0:99999', '--json']), '0:99999', /index 2 \(99999\) is out of range/);
  }, TIMEOUT);

  it('on another model too: the replication model', async () => {
    expectRefused(await replcheck(['simulate', '--config', 'tiny', '--runs', '5', '--path', '3:123456']), '3:123456', /index 2 \(123456\) is out of range/);
  }, TIMEOUT);

  it('a path longer than the shrink tree, and one with a middle index out of range', async () => {
    const zeros = `0${':0'.repeat(40)}`;
    expectRefused(await replcheck([...TWO_PHASE, '--path', zeros]), zeros, /index \d+ \(0\) is out of range: the walk at 0(:0)* has no shrink candidates/);
    const found = await replcheck(EAGER);
    expect(found.code).toBe(1);
    const good = printedPath(found).split(':');
    expect(good.length).toBeGreaterThan(3);
    const middle = [...good.slice(0, 2), '99999', ...good.slice(3)].join(':');
    expectRefused(await replcheck([...EAGER, '--path', middle]), middle, new RegExp(`index 3 \\(99999\\) is out of range: the walk at ${good.slice(0, 2).join(':')} has`));
    const past = [...good, '99999'].join(':');
    expectRefused(await replcheck([...EAGER, '--path', past]), past, new RegExp(`index ${good.length + 1} \\(99999\\) is out of range`));
  }, TIMEOUT);

  it('a printed path still replays to the same counterexample; a malformed path is refused as before', async () => {
    const found = await replcheck(EAGER);
    const path = printedPath(found);
    const again = await replcheck([...EAGER, '--path', path]);
    expect(again.code, again.stderr).toBe(1);
    expect(printedPath(again)).toBe(path);
    const malformed = await replcheck([...TWO_PHASE, '--path', '0:x']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^replcheck: --path must be colon-separated run and shrink indices/);
  }, TIMEOUT);
});

describe('simulate --path that names a walk that passes', () => {
  it('replays that one walk, not the thousands of its siblings in the shrink tree (stop 28)', async () => {
    for (const path of ['0:5', '3:1']) {
      const r = await replcheck([...TWO_PHASE, '--path', path, '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).stats.runs, path).toBe(1);
    }
  }, TIMEOUT);
});
