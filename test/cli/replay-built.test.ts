// `replay` of a trace found with a TypeScript mechanism plugin, in the shipped build (dist/,
// built first if stale): the build has no TypeScript loader of its own, so replay must load the
// plugin as check does (importPlugin, tsx on demand); a plain import() refused the .ts file
// ("Unknown file extension"). The sources register tsx at start, so only the build shows it.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtIsFresh, ensureBuilt, replcheckBuilt } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-replay-built-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LONG = 300_000;

describe('replay in the shipped build', () => {
  beforeAll(() => {
    ensureBuilt();
    expect(builtIsFresh()).toBe(true);
  }, LONG);

  it('reproduces a trace that check found with a TypeScript mechanism plugin', async () => {
    const out = join(tmp, 'found');
    const found = await replcheckBuilt(['check', '--config', 'small', '--mechanism', 'examples/my-ordering.ts', '--property', 'strong-convergence', '--out', out]);
    expect(found.code, found.stderr).toBe(1);
    const trace = join(out, readdirSync(out).find((f) => f.endsWith('.trace.json'))!);
    const r = await replcheckBuilt(['replay', trace]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reproduced: \d+ steps; always strong-convergence: violated in the engine, as in the trace/);
    expect(r.stdout).toContain('plugin mechanism examples/my-ordering.ts (sha256 ');
  }, LONG);
});
