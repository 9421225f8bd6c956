/**
 * Regenerates the counterexample corpus (`npm run corpus`): runs `replcheck check` for every
 * variant in variants.json, keeps each trace as traces/corpus/<name>.trace.json, and writes an
 * ITF copy of the first one (replay accepts both forms). Exhaustive search is deterministic, so
 * the files change only when the model, the properties or the trace format do.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One corpus entry. */
export interface Variant {
  name: string;
  args: string[];
  why: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

/** The variants listed in variants.json. */
export function corpusVariants(): Variant[] {
  return (JSON.parse(readFileSync(join(here, 'variants.json'), 'utf8')) as { variants: Variant[] }).variants;
}

function run(args: string[]): { code: number; stdout: string } {
  try {
    return { code: 0, stdout: execFileSync('node', [join(repo, 'bin', 'replcheck.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, stdout: err.stdout };
  }
}

function main(): void {
  for (const f of readdirSync(here)) if (f.endsWith('.trace.json') || f.endsWith('.itf.json')) rmSync(join(here, f));
  const tmp = mkdtempSync(join(tmpdir(), 'replcheck-corpus-'));
  try {
    for (const v of corpusVariants()) {
      const out = join(tmp, v.name);
      const r = run(['check', ...v.args, '--out', out, '--json']);
      const report = JSON.parse(r.stdout) as { result: string; violation?: { traceFile: string; length: number } };
      if (r.code !== 1 || !report.violation) throw new Error(`${v.name}: expected a violation (exit 1), got ${report.result} (exit ${r.code})`);
      const dest = join(here, `${v.name}.trace.json`);
      copyFileSync(resolve(out, report.violation.traceFile), dest);
      console.log(`${v.name}: ${report.violation.length} steps -> ${dest}`);
    }
    const first = corpusVariants()[0]!;
    const itf = run(['show', join(here, `${first.name}.trace.json`), '--format', 'itf']);
    writeFileSync(join(here, `${first.name}.itf.json`), itf.stdout);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
