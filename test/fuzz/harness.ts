/**
 * The fuzz suite's harness (issue 16): runs the CLI in-process (runCli with a captured context and
 * the same wiring as bin/main.ts), and states the contract for refused input: exit 2, exactly one
 * line on stderr, no stack trace, no "internal error", nothing left in --out.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { wireReplication } from '../../bin/wiring.ts';

wireReplication();

/** The repository root. */
export const REPO = resolve(import.meta.dirname, '..', '..');

/** What a CLI run printed and returned. */
export interface CliRun {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in the repository, with the replication model as default. */
export async function cli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd: REPO, defaultModel: join(REPO, 'model', 'index.ts'), version: 'fuzz', env: {},
    stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s),
  };
  const code = await runCli(argv, ctx);
  return { argv, code, stdout, stderr };
}

/** A fresh scratch directory under the system's temporary directory. */
export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `replcheck-fuzz-${prefix}-`));
}

/** Writes `text` to a new file in `dir` and returns its path. */
let serial = 0;
export function writeCase(dir: string, ext: string, text: string): string {
  const file = join(dir, `case-${++serial}${ext}`);
  writeFileSync(file, text);
  return file;
}

/** Files under `dir` (none when it does not exist). */
export function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

const STACK = /^\s+at .+\(|^\s+at \S+:\d+/m;

/** The part of the contract every run keeps, refused or not: a known exit code, no stack, no internal error. */
export function expectNoCrash(r: CliRun): void {
  const why = `${r.argv.join(' ')}\n${r.stderr}`;
  expect([0, 1, 2, 3], why).toContain(r.code);
  expect(r.stderr, why).not.toMatch(STACK);
  expect(r.stderr, why).not.toMatch(/internal error|Maximum call stack|Cannot read properties|is not a function/);
}

/**
 * The contract for refused input: exit 2, exactly one line on stderr (matching `pattern` when
 * given), no stack trace, and nothing written to `out`.
 */
export function expectRefused(r: CliRun, out?: string, pattern?: RegExp): void {
  const why = `${r.argv.join(' ')}\nexit ${r.code}\n${r.stderr}`;
  expectNoCrash(r);
  expect(r.code, why).toBe(2);
  expect(r.stderr.split('\n').filter((l) => l !== ''), why).toHaveLength(1);
  expect(r.stderr.endsWith('\n'), why).toBe(true);
  if (pattern) expect(r.stderr, why).toMatch(pattern);
  if (out !== undefined) expect(filesIn(out), why).toEqual([]);
}

/** The number of fuzz cases per property: FUZZ_RUNS, else `dflt`. */
export function fuzzRuns(dflt: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : dflt;
}

/** The fast-check seed: FUZZ_SEED, else a fixed one (so `npm test` is reproducible). */
export function fuzzSeed(): number {
  const n = Number(process.env.FUZZ_SEED);
  return Number.isInteger(n) ? n : 16;
}
