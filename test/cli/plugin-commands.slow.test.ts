// Plugin code in `measure`, `replay` and `merge`, through the real launcher: a plugin's
// process.exit is reported (exit 2, one line naming the plugin and the method, never the
// plugin's own exit code), and a method that never returns is ended by the plugin watchdog with
// check's message, on the command's thread or on a `measure --threads` worker. The fixtures behave until told otherwise (replay-trap.ts and next-trap.ts
// read REPLCHECK_TEST_TRAP), so check and simulate make the trace and the shards first. The
// loops are cut by a 1 s --plugin-timeout; the test timeouts are generous for a busy machine.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replcheck, type Ran } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-plugin-commands-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LONG = 120_000;
const RELEASE_EXIT = 'test/fixtures/plugins/release-exit.ts';
const RELEASE_LOOP = 'test/fixtures/plugins/release-loop.ts';
const REPLAY_TRAP = 'test/fixtures/plugins/replay-trap.ts';
const NEXT_TRAP = 'test/fixtures/plugins/next-trap.ts';

/** Asserts exit 2 and exactly one stderr line, matching `line`, with no stack trace. */
function expectOneLine(r: Ran, line: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** The watchdog's line for `file`'s `method` (as check prints it). */
const cut = (file: string, method: string) =>
  new RegExp(`^replcheck: plugin ${file.replace(/[.]/g, '\\.')}: ${method} did not return within 1 s.* \\(step \\d+\\); a plugin method must return \\(an infinite loop\\?\\): fix it`);

describe('measure runs plugin code under the exit guard and the watchdog', () => {
  it('a mechanism whose release calls process.exit: exit 2, one line naming the plugin and release', async () => {
    const r = await replcheck(['measure', '--mechanisms', RELEASE_EXIT, '--runs', '1', '--duration', '1s', '--json']);
    expectOneLine(r, /^replcheck: mechanism plugin test\/fixtures\/plugins\/release-exit\.ts broke its contract: release called process\.exit\(0\)/);
    expect(r.stdout).toBe('');
  }, LONG);

  it('the same when only a --threads worker calls it (runs 0 and 1 are queued to the worker at start)', async () => {
    const r = await replcheck(['measure', '--mechanisms', RELEASE_EXIT, '--runs', '4', '--duration', '1s', '--threads', '2', '--json'], undefined, { REPLCHECK_TEST_TRAP: 'measure-worker' });
    expectOneLine(r, /^replcheck: mechanism plugin test\/fixtures\/plugins\/release-exit\.ts broke its contract: release called process\.exit\(0\)/);
    expect(r.stdout).toBe('');
  }, LONG);

  it('a mechanism whose release never returns is ended by the watchdog', async () => {
    const r = await replcheck(['measure', '--mechanisms', RELEASE_LOOP, '--runs', '1', '--duration', '1s', '--plugin-timeout', '1']);
    expectOneLine(r, cut(RELEASE_LOOP, 'release'));
    expect(r.stdout).toBe('');
  }, LONG);

  it('the same on a --threads worker: the line names the worker', async () => {
    const r = await replcheck(['measure', '--mechanisms', RELEASE_LOOP, '--runs', '4', '--duration', '1s', '--threads', '2', '--plugin-timeout', '1'], undefined, { REPLCHECK_TEST_TRAP: 'measure-worker' });
    expectOneLine(r, cut(RELEASE_LOOP, 'release'));
    expect(r.stderr).toContain('within 1 s on measure worker 1 (step');
  }, LONG);
});

describe('replay runs a trace\'s plugin under the exit guard and the watchdog', () => {
  let trace = '';
  beforeAll(async () => {
    const out = join(tmp, 'trace');
    const r = await replcheck(['check', '--config', 'small', '--mechanism', REPLAY_TRAP, '--property', 'causal-order', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    trace = join(out, readdirSync(out).find((f) => f.endsWith('.trace.json'))!);
    expect((await replcheck(['replay', trace])).code).toBe(0);
  }, LONG);

  it('a plugin whose release calls process.exit under replay: exit 2, one line naming the plugin and release', async () => {
    const r = await replcheck(['replay', trace], undefined, { REPLCHECK_TEST_TRAP: 'exit' });
    expectOneLine(r, /: mechanism plugin test\/fixtures\/plugins\/replay-trap\.ts broke its contract: release called process\.exit\(0\)/);
    expect(r.stdout).toBe('');
  }, LONG);

  it('a plugin whose release throws under replay: exit 2, one line naming the plugin and release (not a divergence)', async () => {
    const r = await replcheck(['replay', trace], undefined, { REPLCHECK_TEST_TRAP: 'throw' });
    expectOneLine(r, /: mechanism plugin test\/fixtures\/plugins\/replay-trap\.ts threw in release: release failed on purpose/);
    expect(r.stdout).toBe('');
  }, LONG);

  it('a plugin whose release never returns under replay is ended by the watchdog', async () => {
    const r = await replcheck(['replay', trace, '--plugin-timeout', '1'], undefined, { REPLCHECK_TEST_TRAP: 'loop' });
    expectOneLine(r, cut(REPLAY_TRAP, 'release'));
  }, LONG);
});

describe('merge runs the model again under the watchdog', () => {
  it('a model whose next never returns when merge replays the failing walk is ended by the watchdog, no trace written', async () => {
    const shards = join(tmp, 'shards');
    for (const i of [1, 2]) {
      const r = await replcheck(['simulate', '--model', NEXT_TRAP, '--runs', '20', '--seed', '1', '--shard', `${i}/2`, '--out', shards]);
      expect(r.code, r.stderr).toBe(0);
    }
    const out = join(tmp, 'merged');
    const r = await replcheck(['merge', shards, '--out', out, '--plugin-timeout', '1', '--json'], undefined, { REPLCHECK_TEST_TRAP: 'loop' });
    expectOneLine(r, cut(NEXT_TRAP, 'next'));
    expect(r.stdout).toBe('');
    expect(() => readdirSync(out)).toThrow();
  }, LONG);
});

// (F6) Reports, columns, --json entries and trace folders tell mechanisms apart by name: two
// plugins with one name are refused before anything runs, as a plugin named like a built-in is.
describe('compare and measure refuse two mechanisms with one name', () => {
  const STARVE = 'test/fixtures/mechanisms/starve.ts';
  const TWIN = 'test/fixtures/mechanisms/starve-twin.ts';
  const clash = /^replcheck: --mechanisms test\/fixtures\/mechanisms\/starve\.ts and test\/fixtures\/mechanisms\/starve-twin\.ts are both named 'starve'; give each plugin its own name/;
  it('compare: exit 2, one line naming both files, the shared name and the fix; no report', async () => {
    const out = join(tmp, 'same-name');
    const r = await replcheck(['compare', '--config', 'tiny', '--mechanisms', `${STARVE},${TWIN}`, '--timed-runs', '0', '--out', out, '--json']);
    expectOneLine(r, clash);
    expect(r.stdout).toBe('');
    expect(() => readdirSync(out)).toThrow();
  }, LONG);
  it('measure: the same, with --mechanisms repeated', async () => {
    const r = await replcheck(['measure', '--config', 'small', '--mechanisms', STARVE, '--mechanisms', TWIN, '--runs', '1', '--duration', '1s']);
    expectOneLine(r, clash);
    expect(r.stdout).toBe('');
  }, LONG);
  it('one file named twice by two spellings: say so', async () => {
    const r = await replcheck(['measure', '--config', 'small', '--mechanisms', `${STARVE},./${STARVE}`, '--runs', '1', '--duration', '1s']);
    expectOneLine(r, /^replcheck: --mechanisms names the file test\/fixtures\/mechanisms\/starve\.ts twice \(also as \.\/test\/fixtures\/mechanisms\/starve\.ts\); give it once$/);
  }, LONG);
});

