/**
 * Renders bench/RESULTS.md from the measurements: machine, one row per case, the SPIN
 * references beside their cases (TwoPhase with 8 RMs, the sequencer broadcast P=3, K=3: the
 * replcheck / SPIN ratios), and the replication presets' section
 * (bench/report-replication.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExhaustiveMeasurement } from './one.ts';
import { spinReferences, type SpinReference, type SpinResult } from './spin.ts';
import type { StoredCase } from './store.ts';
import { carriedNote, renderReplication } from './report-replication.ts';

/** One case's row: its stored measurement and what the case says about it. */
export interface ReportRow extends StoredCase {
  expected?: number;
  description: string;
  /** Set for the replication presets' cases (they get their own section). */
  preset?: string;
  /** True when the case was not run this time (its figures come from an earlier run). */
  carried: boolean;
}

/** Everything the report shows. */
export interface BenchReport {
  date: string;
  node: string;
  cpu: string;
  memoryGb: number;
  repeat: number;
  /** The machine's 1-minute load average when this bench run started. */
  loadAtStart: number;
  results: ReportRow[];
  /** SPIN's stored results, one per reference that has one (absent: never run). */
  spins: SpinRow[];
}

/** One SPIN reference's result. */
export interface SpinRow {
  ref: SpinReference;
  result: SpinResult;
  /** Set when SPIN was not run this time: the date of the stored figures. */
  date?: string;
}

/** What each reference's Promela model is, for the report. */
const spinNotes: Record<string, string[]> = {
  'two-phase-8': [
    'The Promela model has the same variables and actions as the TLA+ spec (one d_step per action), so SPIN',
    'stores the same states; its transition count includes the initial step.',
  ],
  'sequencer-3x3': [
    'The Promela model (bench/spin/sequencer.pml) has the same variables and actions as',
    'examples/sequencer-broadcast.ts (one d_step per action; total-order and fifo asserted in full after each',
    'delivery), so SPIN stores the same states; its transition count includes the initial step.',
  ],
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Rows of the general table: exhaustive cases that are not replication presets. */
function generalRows(r: BenchReport): (ReportRow & { measurement: ExhaustiveMeasurement })[] {
  return r.results.filter((x): x is ReportRow & { measurement: ExhaustiveMeasurement } => x.preset === undefined && x.measurement.mode === 'exhaustive');
}

/** The Markdown text of bench/RESULTS.md. */
export function renderResults(r: BenchReport): string {
  const general = generalRows(r);
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); rerun it to refresh.',
    `Each case runs single-threaded in a fresh Node process${r.repeat > 1 ? ` (fastest of ${r.repeat} runs)` : ''}.`,
    'Bytes/state counts the visited set (hash index, 64-bit fingerprints, parent links) as allocated, divided by',
    'the number of states; the BFS frontier is not included (peak RSS shows the whole process). Seconds are',
    'wall-clock time of the search; CPU s is user + system time over the same span (it includes V8\'s GC',
    'helper threads, so it can exceed wall time) and is the steadier figure on a busy machine.',
    '',
    `- date: ${r.date}`,
    `- node: ${r.node}`,
    `- cpu: ${r.cpu}`,
    `- memory: ${r.memoryGb.toFixed(1)} GB`,
    `- 1-minute load average when this run started: ${r.loadAtStart.toFixed(2)} (other processes share the machine)`,
    '',
    '| case | distinct states | transitions | depth | seconds | CPU s | states/s | bytes/state | peak RSS MB | outcome |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const { measurement: m, expected } of general) {
    const s = m.stats;
    const check = expected === undefined ? '' : expected === s.distinctStates ? ' (as expected)' : ` (EXPECTED ${int(expected)})`;
    lines.push(`| ${m.name} | ${int(s.distinctStates)}${check} | ${int(s.transitions)} | ${s.maxDepth} | ${s.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${int(s.statesPerSecond)} | ${s.bytesPerState.toFixed(1)} | ${int(m.peakRssMb)} | ${m.outcome} |`);
  }
  lines.push(...carriedNote(general), '', 'Cases:', '');
  for (const { measurement: m, description } of general) lines.push(`- \`${m.name}\`: ${description}`);
  for (const ref of spinReferences) {
    const row = r.spins.find((x) => x.ref.caseName === ref.caseName);
    lines.push('', ...renderSpin(ref, row, general.find((x) => x.measurement.name === ref.caseName)?.measurement));
  }
  lines.push('', ...renderReplication(r.results.filter((x) => x.preset !== undefined)));
  lines.push(...sections());
  return lines.join('\n');
}

/** The section of one SPIN reference: SPIN's row, replcheck's row of the same case, and their ratios. */
function renderSpin(ref: SpinReference, row: SpinRow | undefined, ours: ExhaustiveMeasurement | undefined): string[] {
  const lines = [`## SPIN reference (bench/spin/${ref.model}, ${ref.title})`, ''];
  const spin = row?.result;
  if (spin === undefined) return [...lines, 'Not run (--no-spin, or its case was not selected).'];
  if (!spin.present) return [...lines, `Not run: ${spin.reason}.`];
  if (row?.date !== undefined) lines.push(`Not rerun this time; SPIN's figures are from ${row.date}.`, '');
  lines.push(
    `${spin.version}; pan compiled with \`gcc ${spin.cflags}\`, run as \`pan -w24 -m10000\` (bench/spin/run.sh ${ref.model}).`,
    ...(spinNotes[ref.caseName] ?? []),
    '',
    '| checker | states stored | transitions | seconds | CPU s | states/s | memory |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    `| SPIN (pan) | ${int(spin.states)} | ${int(spin.transitions)} | ${spin.panSeconds.toFixed(2)} | ${spin.cpuSeconds.toFixed(2)} | ${int(spin.states / Math.max(spin.panSeconds, 1e-3))} | ${spin.memoryMb.toFixed(0)} MB total (${spin.stateVectorBytes}-byte state vectors, 2^24-slot hash table) |`,
  );
  if (!ours) return lines;
  const s = ours.stats;
  const perState = (mb: number, n: number) => `${int((mb * 2 ** 20) / Math.max(n, 1))} B/state`;
  lines.push(
    `| replcheck | ${int(s.distinctStates)} | ${int(s.transitions)} | ${s.seconds.toFixed(2)} | ${ours.cpuSeconds.toFixed(2)} | ${int(s.statesPerSecond)} | ${s.bytesPerState.toFixed(1)} bytes/state visited set, ${int(ours.peakRssMb)} MB peak RSS |`,
    '',
    `replcheck / SPIN: ${(s.seconds / Math.max(spin.panSeconds, 1e-3)).toFixed(2)}x wall time, ` +
      `${(ours.cpuSeconds / Math.max(spin.cpuSeconds, 1e-3)).toFixed(2)}x CPU time; memory ${perState(ours.peakRssMb, s.distinctStates)} ` +
      `(peak RSS) against SPIN's ${perState(spin.memoryMb, spin.states)} (its total), ${(ours.peakRssMb / Math.max(spin.memoryMb, 1e-3)).toFixed(2)}x.`,
    'SPIN\'s seconds are pan\'s own "elapsed time" (search only, compile excluded); its CPU s is pan\'s user + system time.',
  );
  return lines;
}

/**
 * The sections other bench scripts write (bench/sections/*.md, in name order, so the latest
 * summary, named 00-*.md, comes first; then start-up, fuzz
 * counts, timed simulation...), included verbatim so every figure lives in RESULTS.md.
 */
function sections(): string[] {
  const dir = fileURLToPath(new URL('./sections/', import.meta.url));
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.md')).sort().flatMap((f) => ['', readFileSync(`${dir}${f}`, 'utf8').trimEnd()]);
}
