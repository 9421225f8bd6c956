// Every violation the CLI finds also gets an HTML report next to its trace (<name>.trace.html):
// listed in --json (per property and in `violation`) and in the human summary, the same page
// `show --format html` prints for that trace, and none is written when nothing is violated.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';
import { readTrace } from '../../traces/read.ts';
import { embeddedStates, renderHtml } from '../../traces/render/html.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-html-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const COUNTER = 'test/fixtures/counter.ts';

/** Runs `replcheck argv` in this process (version 0). */
function cli(argv: string[]) {
  return runInProcess(argv, { version: '0' });
}

describe('HTML reports written with traces', () => {
  it('check --json lists htmlFile per violated property and in violation; the file is the trace rendered', async () => {
    const out = join(tmp, 'check');
    const r = await cli(['check', '--model', COUNTER, '--param', 'limit=3', '--param', 'stuck=true', '--json', '--out', out]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const violated = j.properties.filter((p: { status: string }) => p.status === 'violated');
    expect(violated.length).toBeGreaterThan(1);
    for (const p of violated) {
      expect(p.htmlFile).toBe(p.traceFile.replace(/\.json$/, '.html'));
      const read = readTrace(p.traceFile);
      if (!read.ok) throw new Error('trace does not validate');
      expect(readFileSync(p.htmlFile, 'utf8')).toBe(renderHtml(read.trace));
    }
    expect(j.violation.htmlFile).toBe(j.violation.traceFile.replace(/\.json$/, '.html'));
    expect(readdirSync(out).sort()).toEqual(violated.flatMap((p: { traceFile: string; htmlFile: string }) => [p.htmlFile, p.traceFile]).map((f: string) => f.slice(out.length + 1)).sort());
    for (const p of j.properties.filter((x: { status: string }) => x.status !== 'violated')) expect(p.htmlFile).toBeUndefined();
  });

  it('simulate prints the html line under the trace line; a pass writes nothing', async () => {
    const out = join(tmp, 'simulate');
    const r = await cli(['simulate', '--model', COUNTER, '--param', 'limit=3', '--property', 'below-limit', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\n  trace      (\S+)\.trace\.json\n  html       \1\.trace\.html\n/);
    const html = /\n  html       (\S+)\n/.exec(r.stdout)![1];
    expect(html).toMatch(/counter-below-limit-simulate-[0-9a-f]{8}\.trace\.html$/);
    expect(existsSync(html)).toBe(true);
    const clean = join(tmp, 'clean');
    expect((await cli(['check', '--model', COUNTER, '--property', 'below-limit', '--out', clean])).code).toBe(0);
    expect(existsSync(clean)).toBe(false);
  });
});

describe('state budget of a page', () => {
  it('embeds every state when they fit, else the first and as many last ones as fit', () => {
    const states = Array.from({ length: 10 }, (_, i) => ({ pad: 'x'.repeat(90), i })); // about 100 characters each
    const all = embeddedStates(states, 10_000);
    expect(states.map((_, i) => all(i))).toEqual(states.map(() => true));
    const some = embeddedStates(states, 400);
    expect(states.map((_, i) => some(i))).toEqual([true, false, false, false, false, false, false, false, true, true]); // 3 states of ~107 characters fit in 400
  });
});
