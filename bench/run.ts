/**
 * `npm run bench`: measures every case of bench/cases.ts in its own Node process, runs the SPIN
 * reference when available, and writes bench/RESULTS.md.
 *
 * Options: `--only NAME[,NAME]` (cases to run), `--repeat N` (keep each case's fastest of N
 * runs, default 1), `--no-spin`, `--date TEXT` (or BENCH_DATE; only printed in the report),
 * `--out FILE` (default bench/RESULTS.md).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchCases } from './cases.ts';
import type { CaseMeasurement } from './one.ts';
import { runSpin, type SpinResult } from './spin.ts';
import { renderResults } from './report.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Runs one case in a fresh process (8 GB heap allowed: object-state models keep big frontiers). */
function measure(name: string): CaseMeasurement {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'bench/one.ts', name], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as CaseMeasurement;
}

function main(): void {
  const onlyNames = arg('--only')?.split(',');
  const repeat = Math.max(1, Number(arg('--repeat') ?? 1));
  const selected = benchCases().filter((c) => !onlyNames || onlyNames.includes(c.name));
  const results: { measurement: CaseMeasurement; expected?: number; description: string }[] = [];
  for (const c of selected) {
    let best: CaseMeasurement | undefined;
    for (let k = 0; k < repeat; k++) {
      process.stderr.write(`bench: ${c.name} (run ${k + 1}/${repeat}) ... `);
      const m = measure(c.name);
      process.stderr.write(`${m.stats.distinctStates} states in ${m.stats.seconds.toFixed(2)} s\n`);
      if (!best || m.stats.seconds < best.stats.seconds) best = m;
    }
    results.push({ measurement: best as CaseMeasurement, expected: c.expectedStates, description: c.description });
  }
  let spin: SpinResult | undefined;
  if (!process.argv.includes('--no-spin')) {
    for (let k = 0; k < repeat; k++) {
      process.stderr.write(`bench: SPIN reference (run ${k + 1}/${repeat}) ... `);
      const s = runSpin();
      process.stderr.write(s.present ? `${s.states} states in ${s.panSeconds} s\n` : `${s.reason}\n`);
      if (!spin || (s.present && (!spin.present || s.panSeconds < spin.panSeconds))) spin = s;
    }
  }
  const cpu = cpus();
  const markdown = renderResults({
    date: arg('--date') ?? process.env.BENCH_DATE ?? 'not given (pass --date or BENCH_DATE)',
    node: process.version,
    cpu: `${cpu[0]?.model ?? 'unknown'} x ${cpu.length}`,
    memoryGb: totalmem() / 2 ** 30,
    repeat,
    results,
    spin,
  });
  const outFile = arg('--out') ?? fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  writeFileSync(outFile, markdown);
  process.stdout.write(markdown);
  const wrong = results.filter((r) => r.expected !== undefined && r.expected !== r.measurement.stats.distinctStates);
  if (wrong.length > 0) {
    process.stderr.write(`bench: wrong state counts: ${wrong.map((r) => r.measurement.name).join(', ')}\n`);
    process.exitCode = 1;
  }
}

main();
