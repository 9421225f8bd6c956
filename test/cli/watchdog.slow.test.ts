// (Issue 16) The plugin watchdog, through the real launcher: a mechanism plugin whose `arrange`
// and a model module whose `actions` never return end the run with exit 2 and one line naming
// the plugin's file, the method and the step, no trace and no partial file; a behaving plugin
// run on the worker still forwards its output and its signals (SIGTERM: exit 3 with the report).
// The loops are cut by a 1 s --plugin-timeout; the test timeouts are generous for a busy machine.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catchesSighup, replcheck as launch, type Ran } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-watchdog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LONG = 120_000;
const ARRANGE = 'test/fixtures/loops/arrange-loop.ts';
const ACTIONS = 'test/fixtures/loops/actions-loop.ts';

/** Runs the CLI; sends `signal` once its handlers are installed. */
const replcheck = (args: string[], signal?: NodeJS.Signals) => launch(args, signal && { when: catchesSighup, signal, pollMs: 50, delayMs: () => 300 });

/** Asserts the watchdog's one line for `file` and `method`, exit 2 and nothing written to `out`. */
function expectCut(r: Ran, file: string, method: string, out: string): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^replcheck: plugin ${file.replace(/[.]/g, '\\.')}: ${method} did not return within \\d.* \\(step \\d+\\); .*fix it`));
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
}

describe('plugin watchdog', () => {
  it('ends check on a mechanism whose arrange never returns: exit 2, one line naming file and method', async () => {
    const out = join(tmp, 'arrange');
    const r = await replcheck(['check', '--config', 'small', '--mechanism', ARRANGE, '--plugin-timeout', '1', '--json', '--out', out]);
    expectCut(r, ARRANGE, 'arrange', out);
    expect(r.stdout).toBe('');
  }, LONG);

  it('ends simulate on a model whose actions never return', async () => {
    const out = join(tmp, 'actions');
    const r = await replcheck(['simulate', '--model', ACTIONS, '--plugin-timeout', '1', '--out', out]);
    expectCut(r, ACTIONS, 'actions', out);
  }, LONG);

  it('ends check on a model whose actions never return on a search worker (--workers 2): the line names the worker', async () => {
    const out = join(tmp, 'search-worker');
    // REPLCHECK_WORKERS_FROM=1: every level goes to the workers at once; the loop starts at depth 2.
    const r = await launch(['check', '--model', ACTIONS, '--param', 'from=2', '--workers', '2', '--plugin-timeout', '1', '--out', out], undefined, { REPLCHECK_WORKERS_FROM: '1' });
    expectCut(r, ACTIONS, 'actions', out);
    expect(r.stderr).toMatch(/within 1 s on search worker [12] \(step \d+\)/);
  }, LONG);

  it('ends a run whose --time-limit has passed while a plugin method still runs', async () => {
    const out = join(tmp, 'late');
    const r = await replcheck(['check', '--model', ACTIONS, '--param', 'from=0', '--time-limit', '1', '--plugin-timeout', '1000', '--out', out]);
    expectCut(r, ACTIONS, 'actions', out);
    expect(r.stderr).toContain('within 5 s after --time-limit 1 s had passed');
  }, LONG);

  it('ends a run whose mechanism plugin never finishes its top-level code (import)', async () => {
    const out = join(tmp, 'import');
    const r = await replcheck(['check', '--config', 'tiny', '--mechanism', 'test/fixtures/loops/import-loop.ts', '--plugin-timeout', '1', '--out', out]);
    expectCut(r, 'test/fixtures/loops/import-loop.ts', 'its top-level code \\(import\\)', out);
  }, LONG);

  it('ends a run whose model module\'s create() never returns', async () => {
    const out = join(tmp, 'create');
    const r = await replcheck(['simulate', '--model', 'test/fixtures/loops/create-loop.ts', '--plugin-timeout', '1', '--out', out]);
    expectCut(r, 'test/fixtures/loops/create-loop.ts', 'create\\(\\)', out);
  }, LONG);

  it('refuses a bad --plugin-timeout in one line', async () => {
    const r = await replcheck(['check', '--model', ACTIONS, '--plugin-timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("replcheck: --plugin-timeout must be a positive number of seconds (got 'soon')\n");
  }, LONG);

  it.runIf(existsSync('/proc/self/status'))('forwards SIGTERM to a behaving plugin run: exit 3 with the report', async () => {
    // A plugin model with tens of millions of states and no violation: only the signal ends it.
    const r = await replcheck(['check', '--model', 'test/fixtures/counter.ts', '--param', 'hosts=8', '--param', 'max=8', '--param', 'limit=1000', '--json', '--out', join(tmp, 'term')], 'SIGTERM');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.result).toBe('incomplete');
    expect(j.stats.limit).toBe('interrupted');
    expect(r.stderr).toContain('received SIGTERM; stopping and reporting what was explored');
  }, LONG);
});
