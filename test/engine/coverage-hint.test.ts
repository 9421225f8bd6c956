/**
 * (Issue 17) `Model.coverage`: a model may say whether random runs count distinct states by
 * default (its encoding may be compact, so the engine's rule of at most 4,096 encoded words
 * would count states the model's authors judged too costly). The replication model counts them
 * up to 128 nodes, as its full encoding did (`large`, 316 nodes, is not counted). A model file
 * whose coverage is not a boolean is refused (exit 2, one line).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/engine/random.ts';
import type { Model } from '../../src/engine/model.ts';
import { modelOf } from '../model/helpers.ts';
import { runInProcess } from '../cli/in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-coverage-hint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A counter whose states encode as `width` words. */
function counter(width: number, coverage?: boolean): Model<number, number> {
  return {
    name: `counter-${width}`,
    init: () => [0],
    actions: (n) => (n < 20 ? [1, 2] : []),
    next: (n, a) => n + a,
    encode: (n, out) => { for (let i = 0; i < width; i++) out.word(n + i); },
    ...(coverage !== undefined ? { coverage } : {}),
  };
}

const distinct = async (m: Model<number, number>) => (await simulate(m, [], { seed: 1, runs: 5, steps: 30 })).stats.distinctStates;

describe('Model.coverage', () => {
  it('decides coverage: auto when given, else the encoding length does', async () => {
    expect(await distinct(counter(4))).toBeGreaterThan(0);
    expect(await distinct(counter(5000))).toBe(0);
    expect(await distinct(counter(5000, true))).toBeGreaterThan(0);
    expect(await distinct(counter(4, false))).toBe(0);
  });

  it('the replication model counts up to 128 nodes', () => {
    expect(modelOf('medium').coverage).toBe(true);
    expect(modelOf('growing').coverage).toBe(true);
    expect(modelOf('large').coverage).toBe(false);
  });

  it('a model file whose coverage is not a boolean is refused', async () => {
    const file = join(tmp, 'coverage-yes.mjs');
    writeFileSync(file, "export default { name: 'cov', create: () => ({ meta: {}, properties: [], model: { init: () => [0], actions: (n) => (n < 2 ? [1] : []), next: (n) => n + 1, encode: (n, out) => out.word(n), coverage: 'yes' } }) };\n");
    const r = await runInProcess(['simulate', '--model', file, '--runs', '2', '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: model cov \(.*coverage-yes\.mjs\) broke its contract: create\(\) returned a model whose coverage is "yes": it must be true, false or left out/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
