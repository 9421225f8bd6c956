// A model file that does not compile gets one line that says where and why (esbuild's
// message starts with a line that only announces the list of errors), also in a CommonJS package,
// where tsx reports it as a require cycle.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFailure } from '../../src/engine/load-module.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'replcheck.js');

describe('load failures', () => {
  it('takes the first error of a list, else the first line', () => {
    expect(loadFailure('Transform failed with 1 error:\n/x/m.ts:1:16: ERROR: Expected identifier but found end of file'))
      .toBe('/x/m.ts:1:16: ERROR: Expected identifier but found end of file');
    expect(loadFailure('Cannot find module \'x\'\nRequire stack:\n- /a')).toBe('Cannot find module \'x\'');
    expect(loadFailure('')).toBe('');
  });

  it('the CLI names the syntax error of a TypeScript model file in one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-bad-model-'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    writeFileSync(join(dir, 'm.ts'), 'export default {');
    const r = spawnSync(process.execPath, [bin, 'check', '--model', join(dir, 'm.ts')], { encoding: 'utf8', env: { ...process.env, VITEST: undefined } });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^replcheck: cannot load model module .*m\.ts: .*m\.ts:1:16: ERROR: Expected identifier/);
  });

  it('in a CommonJS package too: the syntax error, not the advice to rename the file .mts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-bad-model-'));
    writeFileSync(join(dir, 'package.json'), '{}\n');
    writeFileSync(join(dir, 'm.ts'), 'export default {');
    writeFileSync(join(dir, 'ok.ts'), 'import { exhaustive } from "replcheck";\nexport default exhaustive;\n');
    const run = (f: string) => spawnSync(process.execPath, [bin, 'check', '--model', join(dir, f)], { encoding: 'utf8', env: { ...process.env, VITEST: undefined } });
    const bad = run('m.ts');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^replcheck: cannot load model module .*m\.ts: .*m\.ts:1:16: ERROR: Expected identifier/);
    // A file that compiles still gets the advice (it cannot import replcheck as CommonJS).
    writeFileSync(join(dir, 'm.cts'), 'export default {');
    const cts = run('m.cts');
    expect(cts.status).toBe(2);
    expect(cts.stderr).toMatch(/^replcheck: cannot load model module .*m\.cts: .*m\.cts:1:16: ERROR: Expected identifier/);
    const ok = run('ok.ts');
    expect(ok.status).toBe(2);
    expect(ok.stderr).toMatch(/name it \.mts, or set "type": "module"/);
  });

  // (Sweep 31c) A self-contained .ts plugin (no imports) where no package.json says "module":
  // Node read it as plain JavaScript and the user was told "Unexpected token ':'".
  it('a .ts plugin that compiles but is read as CommonJS: one line with the fix, not "Unexpected token"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-cjs-plugin-'));
    writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}\n');
    writeFileSync(join(dir, 'p.ts'), "const m = { name: 'p', description: 'p', totalOrder: true, stamp: () => [], release: (_c: unknown, _s: unknown, _n: number, c: readonly number[]) => c.slice(),\n"
      + '  commit: (_c: unknown, _s: unknown, c: readonly number[]) => c.slice(), arrange: (_c: unknown, _u: unknown, _n: number, o: readonly number[]) => o, peer: () => [] };\nexport default m;\n');
    const r = spawnSync(process.execPath, [bin, 'check', '--config', 'tiny', '--mechanism', join(dir, 'p.ts')], { encoding: 'utf8', env: { ...process.env, VITEST: undefined } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/p\.ts cannot be loaded: a \.ts file outside an ES module package .* is loaded as CommonJS, .*\(Unexpected token ':'\); name it \.mts, or set "type": "module"/);
  });

  // (F8) A CommonJS TypeScript plugin that require()s replcheck's ES modules: tsx's internal
  // "request for './mechanism.ts' is not in cache" becomes one line with the fix.
  it('a .cts plugin that requires an ES module: one line saying to write it as an ES module (.mts), exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-cts-plugin-'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    const api = JSON.stringify(join(import.meta.dirname, '..', '..', 'model', 'mechanism-api.ts'));
    writeFileSync(join(dir, 'p.cts'), `const { arrangeByGid } = require(${api});\nmodule.exports = { name: 'p', description: 'p', totalOrder: true, stamp: () => [], release: (_c: unknown, _s: unknown, _n: unknown, c: number[]) => c.slice(), commit: (_c: unknown, _s: unknown, c: number[]) => c.slice(), arrange: arrangeByGid, peer: () => [] };\n`);
    const r = spawnSync(process.execPath, [bin, 'check', '--config', 'tiny', '--mechanism', join(dir, 'p.cts')], { encoding: 'utf8', env: { ...process.env, VITEST: undefined } });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^replcheck: --mechanism file .*p\.cts cannot be loaded: a \.cts file is CommonJS, and its require\(\) cannot load replcheck \(an ES module\); write it as an ES module: import \{ \.\.\. \} from 'replcheck\/mechanism' \(or 'replcheck'\) and export default, in a \.mts file$/);
    expect(r.stderr).not.toMatch(/not in cache/);
  });
});
