// The clone's source loader (bin/source-hooks.mjs): compiles the project's own TypeScript files
// without keepNames (no Object.defineProperty per closure made at run time) and leaves every other
// file (users' models, examples) to the next loader (tsx), which knows their conventions.
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
// @ts-expect-error: a plain ES module without declarations
import { initialize, load } from '../../bin/source-hooks.mjs';

const root = join(import.meta.dirname, '..', '..');
const url = (p: string) => pathToFileURL(join(root, p)).href;
const roots = ['src', 'properties'].map((d) => url(d) + '/');

describe('bin/source-hooks.mjs', () => {
  it('compiles a project source (one with named inner closures) without __name wrappers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-hooks-'));
    writeFileSync(join(dir, 'inner.ts'), 'export function f(n: number): number {\n  const twice = (k: number): number => 2 * k;\n  return twice(n);\n}\n');
    initialize({ roots: [...roots, pathToFileURL(dir).href + '/'] });
    const next = () => { throw new Error('must not be passed on'); };
    const r = await load(pathToFileURL(join(dir, 'inner.ts')).href, { format: undefined }, next);
    expect(r.format).toBe('module');
    expect(r.shortCircuit).toBe(true);
    expect(String(r.source)).toContain('const twice = (k) =>');
    expect(String(r.source)).not.toContain('__name(');
    const own = await load(url('src/engine/search.ts'), { format: undefined }, next);
    expect(String(own.source)).not.toContain('__name(');
  });

  it('passes files outside the project sources to the next loader', async () => {
    initialize({ roots });
    const seen: string[] = [];
    const next = (u: string) => { seen.push(u); return { format: 'module', source: '', shortCircuit: true }; };
    await load(url('examples/two-phase.ts'), {}, next);
    await load(url('src/cli/schema.json'), {}, next);
    await load('file:///elsewhere/src/model.ts', {}, next);
    expect(seen).toEqual([url('examples/two-phase.ts'), url('src/cli/schema.json'), 'file:///elsewhere/src/model.ts']);
  });
});
