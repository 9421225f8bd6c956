/**
 * `npm run bench`: measures every case of bench/cases.ts in its own Node process, runs the SPIN
 * references (bench/spin.ts: each with its case; replcheck / SPIN ratios printed) when available, and writes bench/RESULTS.md (and bench/results.json, the store from
 * which cases not run this time keep their earlier figures).
 *
 * Options: `--only NAME[,NAME]` (cases to run), `--repeat N` (keep each case's fastest of N
 * runs, default 1), `--no-spin`, `--no-tlc` (TLC runs only where TLA2TOOLS names a tla2tools.jar; bench/tlc.ts), `--date TEXT` (or BENCH_DATE; only printed in the report),
 * `--out FILE` (default bench/RESULTS.md), `--store FILE` (default bench/results.json),
 * `--report-only` (measure nothing: rewrite RESULTS.md from the store, e.g. after editing the report).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SEARCH_SEMI_SPACE_MB } from '../src/cli/search-heap.ts';
import { benchCases } from './cases.ts';
import type { CaseMeasurement } from './one.ts';
import { runSpin, spinReferences, type SpinResult } from './spin.ts';
import { benchTlc } from './tlc.ts';
import { renderResults, type ReportRow, type SpinRow } from './report.ts';
import { readStore, storeSpin, storedSpin, writeStore, type StoredRun } from './store.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * Runs one case in a fresh process (8 GB heap allowed: object-state models keep big frontiers),
 * with the young generation the CLI gives its search thread (src/cli/search-heap.ts), so the
 * figures are those of `replcheck check` and `simulate`.
 */
function measure(name: string): CaseMeasurement {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const heap = ['--max-old-space-size=8192', `--max-semi-space-size=${SEARCH_SEMI_SPACE_MB}`];
  const out = execFileSync(process.execPath, [...heap, '--import', './bin/register-sources.mjs', 'bench/one.ts', name], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as CaseMeasurement;
}

/** The one-line progress summary of a measurement. */
function summary(m: CaseMeasurement): string {
  return m.mode === 'random'
    ? `${m.stats.steps} steps in ${m.stats.seconds.toFixed(2)} s`
    : `${m.stats.distinctStates} states in ${m.stats.seconds.toFixed(2)} s`;
}

/** The flags this script reads: with a value, and without. */
const VALUED = ['--only', '--repeat', '--date', '--out', '--store'];
const BARE = ['--no-spin', '--no-tlc', '--report-only'];

/** `--help` prints the header's options; any other flag not read here is refused (a typo would run every case for minutes). */
function checkFlags(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: npx tsx bench/run.ts [--only NAME[,NAME]] [--repeat N] [--no-spin] [--no-tlc] [--date TEXT] [--out FILE] [--store FILE] [--report-only]\n`);
    process.exit(0);
  }
  for (let i = 0; i < argv.length; i++) {
    if (VALUED.includes(argv[i]!) && i + 1 < argv.length) i++;
    else if (!BARE.includes(argv[i]!)) {
      process.stderr.write(`bench: unknown or incomplete option '${argv[i]}' (run with --help for the options)\n`);
      process.exit(2);
    }
  }
}

function main(): void {
  checkFlags();
  const reportOnly = process.argv.includes('--report-only');
  const onlyNames = reportOnly ? [] : arg('--only')?.split(',');
  const unknown = onlyNames?.filter((n) => !benchCases().some((c) => c.name === n)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown bench case(s): ${unknown.join(', ')} (known: ${benchCases().map((c) => c.name).join(', ')})`);
  const repeat = Math.max(1, Number(arg('--repeat') ?? 1));
  const date = arg('--date') ?? process.env.BENCH_DATE ?? 'not given (pass --date or BENCH_DATE)';
  const loadAtStart = loadavg()[0];
  const storeFile = arg('--store') ?? fileURLToPath(new URL('./results.json', import.meta.url));
  const store = readStore(storeFile);
  const fresh = new Set<string>();
  for (const c of benchCases().filter((x) => !onlyNames || onlyNames.includes(x.name))) {
    let best: CaseMeasurement | undefined;
    for (let k = 0; k < repeat; k++) {
      process.stderr.write(`bench: ${c.name} (run ${k + 1}/${repeat}) ... `);
      let m: CaseMeasurement;
      try {
        m = measure(c.name);
      } catch (e) {
        // A crashed case keeps its earlier row (if any); the others are still measured and written.
        process.stderr.write(`FAILED: ${(e as Error).message.split('\n')[0]}\n`);
        process.exitCode = 1;
        best = undefined;
        break;
      }
      process.stderr.write(`${summary(m)}\n`);
      if (!best || m.stats.seconds < best.stats.seconds) best = m;
    }
    if (!best) continue;
    store.cases[c.name] = { measurement: best, date, repeat, loadAtStart };
    fresh.add(c.name);
  }
  // Each SPIN reference runs with its case (every reference when no --only is given).
  const spinRan: string[] = [];
  if (!reportOnly && !process.argv.includes('--no-spin')) {
    for (const ref of spinReferences.filter((x) => !onlyNames || onlyNames.includes(x.caseName))) {
      let spin: SpinResult | undefined;
      for (let k = 0; k < repeat; k++) {
        process.stderr.write(`bench: SPIN reference ${ref.model} (run ${k + 1}/${repeat}) ... `);
        const s = runSpin(ref.model);
        process.stderr.write(s.present ? `${s.states} states in ${s.panSeconds} s\n` : `${s.reason}\n`);
        if (!spin || (s.present && (!spin.present || s.panSeconds < spin.panSeconds))) spin = s;
      }
      if (!spin) continue;
      storeSpin(store, ref.caseName, { result: spin, date });
      spinRan.push(ref.caseName);
      const ours = store.cases[ref.caseName]?.measurement;
      if (spin.present && ours) {
        process.stderr.write(`bench: ${ref.caseName} replcheck / SPIN: ${(ours.cpuSeconds / Math.max(spin.cpuSeconds, 1e-3)).toFixed(2)}x CPU time\n`);
      }
    }
  }
  // TLC only where TLA2TOOLS names a jar (bench/tlc.ts writes its own section, included below).
  if (!reportOnly && !process.argv.includes('--no-tlc') && process.env.TLA2TOOLS) {
    process.stderr.write('bench: TLC reference (TwoPhase, 8 RMs) ... ');
    process.stderr.write(`${benchTlc(8).split('\n').find((l) => l.startsWith('replcheck / TLC') || l.startsWith('Not run')) ?? 'done'}\n`);
  }
  // --report-only describes the last measuring run again; a measuring run becomes the last one.
  const thisRun: StoredRun = { date, repeat, loadAtStart, cases: [...fresh], spin: spinRan.length > 0, spinCases: spinRan };
  const run = reportOnly ? (store.lastRun ?? thisRun) : thisRun;
  store.lastRun = run;
  const ranSpin = run.spinCases ?? (run.spin ? ['two-phase-8'] : []);
  const spins: SpinRow[] = spinReferences.flatMap((ref) => {
    const s = storedSpin(store, ref.caseName);
    return s ? [{ ref, result: s.result, date: ranSpin.includes(ref.caseName) ? undefined : s.date }] : [];
  });
  // Every registered case with a measurement, that run's or an earlier one.
  const rows: ReportRow[] = benchCases().flatMap((c) => {
    const s = store.cases[c.name];
    if (!s) return [];
    return [{ ...s, expected: c.expectedStates, description: c.description, preset: c.preset, carried: !run.cases.includes(c.name) }];
  });
  const cpu = cpus();
  const markdown = renderResults({
    date: run.date,
    node: process.version,
    cpu: `${cpu[0]?.model ?? 'unknown'} x ${cpu.length}`,
    memoryGb: totalmem() / 2 ** 30,
    repeat: run.repeat,
    loadAtStart: run.loadAtStart,
    results: rows,
    spins,
  });
  writeStore(storeFile, store);
  const outFile = arg('--out') ?? fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  writeFileSync(outFile, markdown);
  process.stdout.write(markdown);
  const wrong = rows.filter((r) => !r.carried && r.measurement.mode === 'exhaustive' && r.expected !== undefined && r.expected !== r.measurement.stats.distinctStates);
  if (wrong.length > 0) {
    process.stderr.write(`bench: wrong state counts: ${wrong.map((r) => r.measurement.name).join(', ')}\n`);
    process.exitCode = 1;
  }
}

main();
