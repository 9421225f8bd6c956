/**
 * Renders bench/RESULTS.md from the measurements: machine, one row per case, the SPIN
 * reference beside the TwoPhase 8-RM case, and the replication presets' section
 * (bench/report-replication.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExhaustiveMeasurement } from './one.ts';
import type { SpinResult } from './spin.ts';
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
  spin?: SpinResult;
  /** Set when SPIN was not run this time: the date of the stored SPIN figures. */
  spinDate?: string;
}

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
  lines.push('', '## SPIN reference (bench/spin/twophase.pml, TwoPhase with 8 RMs)', '');
  const spin = r.spin;
  if (spin === undefined) {
    lines.push('Not run (--no-spin).');
  } else if (!spin.present) {
    lines.push(`Not run: ${spin.reason}.`);
  } else {
    const ours = general.find((x) => x.measurement.name === 'two-phase-8')?.measurement;
    if (r.spinDate !== undefined) lines.push(`Not rerun this time; SPIN's figures are from ${r.spinDate}.`, '');
    lines.push(
      `${spin.version}; pan compiled with \`gcc ${spin.cflags}\`, run as \`pan -w24 -m10000\` (bench/spin/run.sh).`,
      'The Promela model has the same variables and actions as the TLA+ spec (one d_step per action), so SPIN',
      'stores the same states; its transition count includes the initial step.',
      '',
      '| checker | states stored | transitions | seconds | CPU s | states/s | memory |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      `| SPIN (pan) | ${int(spin.states)} | ${int(spin.transitions)} | ${spin.panSeconds.toFixed(2)} | ${spin.cpuSeconds.toFixed(2)} | ${int(spin.states / Math.max(spin.panSeconds, 1e-3))} | ${spin.memoryMb.toFixed(0)} MB total (${spin.stateVectorBytes}-byte state vectors, 2^24-slot hash table) |`,
    );
    if (ours) {
      const s = ours.stats;
      lines.push(
        `| replcheck | ${int(s.distinctStates)} | ${int(s.transitions)} | ${s.seconds.toFixed(2)} | ${ours.cpuSeconds.toFixed(2)} | ${int(s.statesPerSecond)} | ${s.bytesPerState.toFixed(1)} bytes/state visited set, ${int(ours.peakRssMb)} MB peak RSS |`,
        '',
        `replcheck / SPIN: ${(s.seconds / Math.max(spin.panSeconds, 1e-3)).toFixed(2)}x wall time, ` +
          `${(ours.cpuSeconds / Math.max(spin.cpuSeconds, 1e-3)).toFixed(2)}x CPU time (the target is at most 4x). SPIN's seconds are pan's own`,
        '"elapsed time" (search only, compile excluded); its CPU s is pan\'s user + system time.',
      );
    }
  }
  lines.push('', ...renderReplication(r.results.filter((x) => x.preset !== undefined)));
  lines.push(...sections());
  return lines.join('\n');
}

/**
 * The sections other bench scripts write (bench/sections/*.md, in name order: start-up, fuzz
 * counts, timed simulation...), included verbatim so every figure lives in RESULTS.md.
 */
function sections(): string[] {
  const dir = fileURLToPath(new URL('./sections/', import.meta.url));
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.md')).sort().flatMap((f) => ['', readFileSync(`${dir}${f}`, 'utf8').trimEnd()]);
}
