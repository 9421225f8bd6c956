// (Sweep 29/b, findings 4-6) `replcheck merge` and hand-edited shard files: every field of a
// shard's tally is checked (types, ranges, and against the job the shards' flags define: runs
// within the shard's slice, run indices in its own slice, path syntax, list lengths, action kinds
// and property names) before anything is printed, and a failure record that does not replay is
// blamed on the shard file, not on the model. Each refusal is one line naming the file and the
// field, exit 2, with nothing on stdout (no header).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-merge-tampered-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 180_000;
const cli = (argv: string[]) => runInProcess(argv, { cwd: tmp });

type Doc = { tally: Record<string, any> };
const PASS = ['--config', 'small', '--runs', '30', '--seed', '5'];
// The first failing walk is run 8, in shard 3 of 3 (shard-merge.test.ts).
const FAIL = ['--config', 'fifo-move', '--mechanism', 'sequencer', '--knob', 'fifoHoldBack=false', '--runs', '40', '--seed', '2'];

beforeAll(async () => {
  for (const [dir, args] of [['pass', PASS], ['fail', FAIL]] as const) {
    for (const i of [1, 2, 3]) {
      const r = await cli(['simulate', ...args, '--shard', `${i}/3`, '--out', dir]);
      expect(r.code, r.stderr).toBe(0);
    }
  }
}, TIMEOUT);

let n = 0;
/** A copy of the shards in `from` with shard `index`'s document edited by `edit`; merges it and returns the run. */
async function mergeEdited(from: 'pass' | 'fail', index: number, edit: (d: Doc) => void) {
  const dir = join(tmp, `edit${++n}`);
  mkdirSync(dir);
  for (const i of [1, 2, 3]) copyFileSync(join(tmp, from, `shard-${i}-of-3.json`), join(dir, `shard-${i}-of-3.json`));
  const file = join(dir, `shard-${index}-of-3.json`);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Doc;
  edit(doc);
  writeFileSync(file, JSON.stringify(doc));
  return { file, r: await cli(['merge', dir, '--out', join(dir, 'out')]) };
}

/** Expects a one-line refusal naming `file` (exit 2, nothing on stdout) matching `message`. */
function refused(run: { file: string; r: { code: number; stdout: string; stderr: string } }, message: RegExp): void {
  const { file, r } = run;
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`${file}: `);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|broke its contract|\n\s+at /);
}

describe('merge refuses hand-edited shard files (one line, exit 2, nothing printed)', () => {
  it('the untouched shards merge', async () => {
    const r = await mergeEdited('pass', 2, () => {});
    expect(r.r.code, r.r.stderr).toBe(0);
    const f = await mergeEdited('fail', 3, () => {});
    expect(f.r.code, f.r.stderr).toBe(1);
  }, TIMEOUT);

  it('finding 4: metrics a target cannot take', async () => {
    refused(await mergeEdited('pass', 2, (d) => { d.tally.metrics = [[99, 1, 1]]; }), /malformed "tally\.metrics"/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.points[0].metrics = 'x'; }), /malformed "tally\.points\[0\]\.metrics"/);
  }, TIMEOUT);

  it('finding 5: a failure record that does not replay names the shard file, not the model', async () => {
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.choices = [1, 2]; }), /"tally\.failure\.path" 8\S* does not lead to the walk in "tally\.failure\.choices" with seed 2 \(the file was edited/);
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.property = d.tally.failure.property === 'total-order' ? 'fifo-order' : 'total-order'; }), /"tally\.failure" \(run 8, \S+\) does not reproduce.*edited, or written by another version/);
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.property = 'nope'; }), /"tally\.failure\.property" is nope, which these flags do not check/);
  }, TIMEOUT);

  it('finding 6: counts out of range or inconsistent with the job', async () => {
    refused(await mergeEdited('pass', 2, (d) => { d.tally.runs = 1_000_000; }), /"tally\.runs" is 1000000, but shard 2\/3 of a 30-run job has 10 runs/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.seconds = -100; }), /"tally\.seconds" must be a number of seconds >= 0/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.distinctStates = -1; }), /"tally\.distinctStates" must be a count/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.witnesses.counts = [1, 2]; }), /"tally\.witnesses\.counts" has 2 counts, but the flags select \d+ properties/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.actionCounts.teleport = 5; }), /"tally\.actionCounts" counts an action kind 'teleport' the model does not have/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.steps = 10_000_000; }), /"tally\.steps" is 10000000, more than 10 run\(s\)/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.points[0].run = 0; }), /"tally\.points\[0\]\.run" is run 0, which belongs to shard 1\/3, not 2\/3/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.coverage = false; }), /"tally\.coverage" is false/);
    refused(await mergeEdited('pass', 2, (d) => { d.tally.undecided = { nope: 1 }; }), /"tally\.undecided" names a property 'nope'/);
  }, TIMEOUT);

  it('finding 6: a failure record outside the job, in another slice, or with a malformed path', async () => {
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.path = 'abc'; }), /"tally\.failure\.path" must be run:shrink:\.\.\. .*got "abc"/);
    // A path that names no walk, or another walk than the recorded choices: the reproduce line would not reproduce.
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.path = '8:999999:1'; }), /"tally\.failure\.path" 8:999999:1 does not lead to the walk/);
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.path = '8'; }), /"tally\.failure\.path" 8 does not lead to the walk/);
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.path = d.tally.failure.path.replace(/^8/, '5'); }), /"tally\.failure\.path" starts with run 5, but "tally\.failure\.run" is 8/);
    const move = (run: number) => (d: Doc) => {
      d.tally.failure.run = run;
      d.tally.failure.path = d.tally.failure.path.replace(/^8/, String(run));
    };
    refused(await mergeEdited('fail', 3, move(5000)), /"tally\.failure\.run" is run 5000, but the job has runs 0\.\.39/);
    refused(await mergeEdited('fail', 3, move(9)), /"tally\.failure\.run" is run 9, which belongs to shard 1\/3, not 3\/3/);
    refused(await mergeEdited('fail', 3, (d) => { d.tally.failure.shrinks = -1; }), /"tally\.failure\.shrinks" must be a count/);
  }, TIMEOUT);
});
