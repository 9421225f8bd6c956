/**
 * The text and JSON forms of `replcheck measure`: one column per mechanism, one row per cost,
 * each cell the mean over runs with its 95% confidence half-width; then how many runs each
 * mechanism took and the assertions' verdicts.
 */
import type { RowSpec } from '../timed/contract.ts';
import type { Measurement } from '../timed/replicate.ts';
import type { Interval } from '../timed/stats.ts';

/** What the report says about the run as a whole. */
export interface MeasureInfo {
  config: string;
  seed: number;
  durationMs: number;
  precision?: number;
  rows: RowSpec[];
  exitCode: number;
  /** (Stop 29) Set when a signal ended the measurement early. */
  interrupted?: boolean;
  /** (Sweep 30e) Assertions left undecided because their figures leave out updates (`"text" for mechanism`). */
  partial?: string[];
  /** (Sweep 30e) `--runs` fixed the number of runs (the advice is then to raise it, not --max-runs). */
  runsFixed?: boolean;
}

const DIGITS: Record<RowSpec['unit'], number> = { ms: 1, count: 2, bytes: 0, ratio: 3, 'per-s': 2 };

/** `mean ± half` in the row's unit ("n/a" without data). */
export function formatCell(ci: Interval | undefined, unit: RowSpec['unit']): string {
  if (!ci || Number.isNaN(ci.mean)) return 'n/a';
  const d = DIGITS[unit];
  const suffix = unit === 'ms' ? ' ms' : unit === 'bytes' ? ' B' : '';
  const half = Number.isNaN(ci.half) ? '' : ` ± ${ci.half.toFixed(d)}`;
  return `${ci.mean.toFixed(d)}${half}${suffix}`;
}

/** The Markdown report. */
export function measureMarkdown(ms: Measurement[], info: MeasureInfo): string {
  const head = `| metric | ${ms.map((m) => m.mechanism).join(' | ')} |\n| --- |${ms.map(() => ' ---: |').join('')}\n`;
  const rows = info.rows.map((r) => `| ${r.label} | ${ms.map((m) => formatCell(m.intervals[r.key], r.unit)).join(' | ')} |`).join('\n');
  const runs = ms.map((m) => `${m.mechanism}: ${m.runs} run${m.runs === 1 ? '' : 's'}${info.precision !== undefined ? (m.precisionReached ? ` (precision ${info.precision * 100}% reached)` : ` (precision ${info.precision * 100}% NOT reached)`) : ''}`).join('; ');
  const lines = [
    `# replcheck measure: ${info.config}`,
    '',
    `Seed ${info.seed}, ${info.durationMs / 1000} s of simulated time per run; each cell is the mean over independent runs ± the half-width of its 95% confidence interval (Student t).`,
    `Runs: ${runs}.`,
    '',
    head + rows,
  ];
  // (F7) What the figures leave out (updates never committed or never seen, no writes at all), once each.
  const notes = [...new Set(ms.flatMap((m) => m.notes ?? []))];
  for (const n of notes) lines.push('', n);
  const verdicts = ms.flatMap((m) => m.verdicts.map((v) => ({ m: m.mechanism, ...v })));
  if (verdicts.length) {
    lines.push('', '| assertion | mechanism | verdict | estimate | decided on |', '| --- | --- | --- | ---: | ---: |');
    for (const v of verdicts) {
      const on = v.assertion.trimStart().startsWith('P') ? `${v.samples} observations (SPRT)` : `${v.samples} runs`;
      lines.push(`| ${v.assertion} | ${v.m} | ${v.verdict} | ${Number.isNaN(v.estimate) ? 'n/a' : v.estimate.toFixed(4)} | ${on} |`);
    }
    lines.push('', `Verdicts at ${Math.round(verdicts[0]!.confidence * 100)}% confidence: per-run statistics by Student-t intervals with alpha spent as alpha/(k(k+1)) over looks; probabilities by Wald's SPRT (indifference ±20% of the bound).`);
  }
  lines.push('', resultLine(ms, info));
  return lines.join('\n') + '\n';
}

/** (Stop 29) The closing line: what the exit code says, and why when it is not 0. */
function resultLine(ms: Measurement[], info: MeasureInfo): string {
  const all = ms.flatMap((m) => m.verdicts.map((v) => `"${v.assertion}" for ${m.mechanism}`));
  const which = (verdict: string) => ms.flatMap((m) => m.verdicts.filter((v) => v.verdict === verdict).map((v) => `"${v.assertion}" for ${m.mechanism}`));
  if (info.exitCode === 1) return `Result: refuted: ${which('refuted').join(', ')} (exit 1).`;
  if (info.interrupted) return `Result: interrupted: measured ${ms.map((m) => `${m.mechanism} (${m.runs} run${m.runs === 1 ? '' : 's'})`).join(', ') || 'nothing'} before the signal (exit 3).`;
  if (info.exitCode === 3) {
    const why: string[] = [];
    const partial = new Set(info.partial ?? []);
    const undecided = which('undecided').filter((x) => !partial.has(x));
    if (partial.size) why.push(`undecided: ${[...partial].join(', ')} rest${partial.size === 1 ? 's' : ''} on figures that leave out the updates the note below the table counts (they would hold only for the updates that did commit or arrive)`);
    if (undecided.length) why.push(`undecided within the run budget: ${undecided.join(', ')} (raise ${info.runsFixed ? '--runs' : '--max-runs'} or --duration)`);
    const short = ms.filter((m) => !m.precisionReached).map((m) => `${m.mechanism} (${m.runs} runs)`);
    if (short.length && info.precision !== undefined) why.push(`precision ${info.precision * 100}% not reached by ${short.join(', ')} (raise --max-runs or loosen --precision)`);
    return `Result: incomplete: ${why.length ? why.join('; ') : 'see the runs above'} (exit 3).`;
  }
  return all.length ? `Result: every assertion holds (exit 0).` : `Result: measured (exit 0).`;
}

/** The JSON report (`--json`). */
export function measureJson(ms: Measurement[], info: MeasureInfo): Record<string, unknown> {
  const num = (x: number) => (Number.isNaN(x) ? null : x);
  return {
    config: info.config,
    seed: info.seed,
    durationMs: info.durationMs,
    precision: info.precision ?? null,
    mechanisms: ms.map((m) => m.mechanism),
    results: ms.map((m) => ({
      mechanism: m.mechanism,
      runs: m.runs,
      precisionReached: m.precisionReached,
      events: m.events,
      metrics: Object.fromEntries(Object.entries(m.intervals).map(([k, ci]) => [k, { mean: num(ci.mean), half: num(ci.half), lo: num(ci.lo), hi: num(ci.hi), n: ci.n }])),
      tVisibility: m.curves['t-visibility'] ? { t: m.curves['t-visibility'].x, p: m.curves['t-visibility'].y.map(num) } : null,
      assertions: m.verdicts.map((v) => ({ ...v, estimate: num(v.estimate) })),
      notes: m.notes ?? [],
    })),
    exitCode: info.exitCode,
    ...(info.interrupted ? { interrupted: true } : {}),
  };
}
