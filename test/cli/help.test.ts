// Every command's --help ends with examples, and every flag an example uses is one the help
// documents (so the examples cannot drift from the options). Also `show` renders the formats the
// renderers provide, byte for byte.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { runInProcess } from './in-process.ts';
import { readTrace } from '../../traces/read.ts';
import { renderTrace } from '../../traces/render/index.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-help-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `replcheck argv` in this process (version 0). */
function cli(argv: string[]) {
  return runInProcess(argv, { version: '0' });
}

describe('--help of every command', () => {
  for (const c of COMMANDS) {
    it(`${c.name}: examples using only documented flags`, async () => {
      const h = await cli([c.name, '--help']);
      expect(h.code).toBe(0);
      const [body, examples] = h.stdout.split('\nExamples:\n');
      expect(examples).toBeDefined();
      const lines = examples.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) {
        expect(line).toMatch(new RegExp(`^  npx replcheck ${c.name} `));
        for (const flag of line.match(/(?<=\s)--[a-z-]+/g) ?? []) expect(body, `${c.name}: ${flag} in '${line.trim()}'`).toContain(flag);
      }
    });
  }
});

describe('show', () => {
  it('prints text (default), mermaid and html as the renderers do', async () => {
    const out = join(tmp, 'out');
    expect((await cli(['simulate', '--model', 'test/fixtures/counter.ts', '--param', 'limit=3', '--property', 'below-limit', '--out', out, '--trace-name', 'below'])).code).toBe(1);
    const file = join(out, 'below.trace.json');
    const read = readTrace(file);
    if (!read.ok) throw new Error('trace does not validate');
    expect((await cli(['show', file])).stdout).toBe(renderTrace(read.trace, 'text'));
    for (const format of ['text', 'mermaid', 'html'] as const) {
      const r = await cli(['show', file, '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(renderTrace(read.trace, format));
    }
    const bad = await cli(['show', file, '--format', 'svg']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of text, mermaid, html, json, itf');
  });
});
