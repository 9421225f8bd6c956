/**
 * CI replays every counterexample of the corpus (traces/corpus/) in the reference engine, both
 * the native traces and the ITF copies, through the CLI's `replay` command with the wiring users
 * get (bin/wiring.ts). Each must be reproduced with its verdict; and every variant listed in
 * variants.json must have its trace in the corpus.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { wireReplication } from '../../bin/wiring.ts';
import { corpusVariants } from '../../traces/corpus/build.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const corpus = join(repo, 'traces', 'corpus');
const files = readdirSync(corpus).filter((f) => f.endsWith('.trace.json') || f.endsWith('.itf.json')).sort();

beforeAll(() => wireReplication());

async function replay(file: string) {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: '0', env: {},
    stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s),
  };
  const code = await runCli(['replay', file, '--json'], ctx);
  return { code, stdout, stderr };
}

describe('the counterexample corpus', () => {
  it('has a trace for every listed variant', () => {
    expect(files.length).toBeGreaterThan(corpusVariants().length - 1);
    for (const v of corpusVariants()) expect(existsSync(join(corpus, `${v.name}.trace.json`)), v.name).toBe(true);
  });

  it.each(files)('%s replays in the reference engine with its verdict', async (f) => {
    const r = await replay(join(corpus, f));
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.result, JSON.stringify(out.divergence ?? out.errors)).toBe('reproduced');
    expect(out.verdict.trace).toBe('violated');
    expect(out.verdict.engine).toBe('violated');
    expect(r.code).toBe(0);
  });
});
