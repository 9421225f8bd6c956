/**
 * `replcheck check` without `--config` on a module that declares a default suite
 * (`ModelModule.suite`, issue 11): every configuration of the suite is checked exhaustively, one
 * after the other, and the verdicts are printed as one table, property x configuration (holds,
 * VIOLATED, vacuous, incomplete, n/a when a configuration does not have the property), with the
 * configuration that exercised each property (its first with a witness). The exit code combines
 * them: a violation of a promised property anywhere is 1; else a limit anywhere, or (with
 * `--require-witnesses`) a property vacuous in every configuration, is 3; else 0.
 */
import { join } from 'node:path';
import { exhaustive } from '../engine/exhaustive.ts';
import { UsageError } from '../engine/errors.ts';
import { judgePromises } from '../engine/promises.ts';
import type { ExhaustiveOptions } from '../engine/options.ts';
import type { ExhaustiveStats, PropertyResult, RunResult } from '../engine/result.ts';
import { buildTrace, traceFileName, traceTag } from '../../traces/write.ts';
import type { Flags } from './args.ts';
import { EXIT, type CliContext } from './context.ts';
import { displayPath } from './finish.ts';
import { buildAndWriteTraceOutput } from './trace-output.ts';
import { withInterrupt } from './interrupt.ts';
import { pathLength, runParams } from './json-report.ts';
import { parallelFor } from './search-pool.ts';
import { progressDisplay } from './progress.ts';
import { num } from './report.ts';
import { reproduceCommand } from './reproduce.ts';
import { JSON_SCHEMA_VERSION } from './schema-version.ts';
import { prepare, selectionArgs, type Prepared } from './selection.ts';

/** One configuration's run. */
interface SuiteRun {
  config: string;
  prepared: Prepared;
  result: RunResult<unknown, unknown>;
  traceFiles: Map<string, string>;
}

/** A property's row. */
interface Row {
  property: string;
  kind: string;
  cells: Record<string, string>;
  exercisedBy: string | null;
  witnesses: number;
  promised: boolean;
}

/** One cell: holds, violated, vacuous, incomplete or n/a. */
function cellOf(r: PropertyResult<unknown, unknown> | undefined): string {
  if (!r) return 'n/a';
  if (r.status === 'holds' && r.vacuous === true) return 'vacuous';
  return r.status;
}

/** True when the run exercised the property (a witness, or a violation, which is one). */
function exercised(r: PropertyResult<unknown, unknown> | undefined): boolean {
  if (!r) return false;
  if (r.status === 'violated') return true;
  return r.witnesses !== undefined ? r.witnesses > 0 : r.status === 'holds' && r.vacuous !== true;
}

function rows(runs: readonly SuiteRun[]): Row[] {
  const names: string[] = [];
  for (const run of runs) for (const r of run.result.properties) if (!names.includes(r.name)) names.push(r.name);
  return names.map((property) => {
    const found = runs.map((run) => run.result.properties.find((r) => r.name === property));
    const any = found.find((r) => r !== undefined)!;
    const by = runs.find((_, i) => exercised(found[i]));
    return {
      property, kind: any.kind,
      cells: Object.fromEntries(runs.map((run, i) => [run.config, cellOf(found[i])])),
      exercisedBy: by ? by.config : null,
      witnesses: found.reduce((n, r) => n + (r?.witnesses ?? 0), 0),
      promised: found.every((r) => r === undefined || r.promised !== false),
    };
  });
}

/** The suite's outcome (see the file header). */
function outcomeOf(runs: readonly SuiteRun[], table: readonly Row[], requireWitnesses: boolean): 'pass' | 'violation' | 'incomplete' {
  if (runs.some((r) => r.result.outcome === 'violation')) return 'violation';
  if (runs.some((r) => r.result.outcome === 'incomplete')) return 'incomplete';
  if (requireWitnesses && table.some((row) => row.exercisedBy === null)) return 'incomplete';
  return 'pass';
}

function textTable(runs: readonly SuiteRun[], table: readonly Row[]): string[] {
  const head = ['property', ...runs.map((r) => r.config), 'exercised by'];
  const body = table.map((row) => [row.property + (row.promised ? '' : ' (not promised)'),
    ...runs.map((r) => (row.cells[r.config] === 'violated' ? 'VIOLATED' : row.cells[r.config]!)), row.exercisedBy ?? 'NONE (vacuous everywhere)']);
  const widths = head.map((_, c) => Math.max(...[head, ...body].map((line) => line[c]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(head), ...body.map(line)];
}

/** Runs the suite and prints its report; returns the exit code. */
export async function runSuite(flags: Flags, configs: readonly string[], options: ExhaustiveOptions & { requireWitnesses?: boolean },
  limitArgs: string[], ctx: CliContext, workers = 1): Promise<number> {
  // Every configuration is prepared (and so validated) before anything runs.
  const prepared: Prepared[] = [];
  for (const config of configs) prepared.push(await prepare({ ...flags, config }, ctx));
  const json = prepared[0]!.json;
  const first = prepared[0]!;
  if (!json) {
    ctx.stdout([`model      ${first.target.model.name}${first.source.given !== undefined ? `  (${first.source.given})` : ''}`,
      `suite      ${configs.join(', ')}    mechanism ${first.target.meta.mechanism ?? first.selection.mechanism ?? '-'}`,
      'mode       exhaustive (breadth-first), each configuration of the default suite (--config NAME checks one)', ''].join('\n') + '\n');
  }
  const progress = progressDisplay(ctx, json);
  const runs: SuiteRun[] = [];
  await withInterrupt(progress.ctx, async (shouldStop) => {
    for (const p of prepared) {
      const raw = await exhaustive(p.target.model, p.properties, {
        ...options, requireWitnesses: false, shouldStop, onProgress: progress.exhaustive, parallel: parallelFor(p, workers, ctx.env),
      } as ExhaustiveOptions);
      const result = judgePromises(raw as RunResult<unknown, unknown>, p.target.promised);
      const config = p.selection.config!;
      runs.push({ config, prepared: p, result, traceFiles: new Map() });
      if (!json) {
        const s = result.stats as ExhaustiveStats;
        progress.ctx.stdout(`  ${config.padEnd(14)} ${num(s.distinctStates).padStart(9)} states  ${s.seconds.toFixed(1).padStart(5)} s  ${result.outcome}${s.limit ? ` (stopped: ${s.limit})` : ''}\n`);
      }
    }
  });
  progress.done();

  const reproduce = (run: SuiteRun, property: string) => reproduceCommand('check', [...selectionArgs(run.prepared), '--property', property, ...limitArgs]);
  for (const run of runs) {
    for (const r of run.result.properties) {
      if (r.status !== 'violated' || !r.path) continue;
      const p = run.prepared;
      const line = reproduce(run, r.name);
      // Trace and HTML report together or not at all; a failure is a warning, the violation is still reported (issue 16).
      const dir = join(p.out, run.config.replace(/[^A-Za-z0-9._-]/g, '_'));
      const w = buildAndWriteTraceOutput(dir, traceFileName(p.target.model.name, r.name, traceTag('check', line)), r.name,
        () => buildTrace({ model: p.target.model, meta: p.target.meta, modelFile: p.source.given, mode: 'exhaustive', reproduce: line }, r), ctx);
      if (w.traceFile) run.traceFiles.set(r.name, displayPath(w.traceFile, ctx.cwd));
    }
  }

  const table = rows(runs);
  const outcome = outcomeOf(runs, table, options.requireWitnesses === true);
  const exitCode = outcome === 'pass' ? EXIT.pass : outcome === 'violation' ? EXIT.violation : EXIT.incomplete;
  const vacuous = table.filter((row) => row.exercisedBy === null);
  if (json) {
    ctx.stdout(JSON.stringify(suiteJson(runs, table, outcome, exitCode, reproduce)) + '\n');
    return exitCode;
  }
  const lines = ['', 'property x configuration (holds / VIOLATED / vacuous: never exercised there / n/a: not checked there)', ...textTable(runs, table)];
  for (const run of runs) {
    for (const r of run.result.properties) {
      if (r.status !== 'violated') continue;
      lines.push('', `violation of ${r.name} on ${run.config}${r.promised === false ? ' (not promised: does not fail the run)' : ''}${r.explanation?.replica !== undefined ? ` at replica ${r.explanation.replica}` : ''}`);
      for (const f of r.explanation?.facts ?? []) lines.push(`  - ${f}`);
      if (r.path) lines.push(`  counterexample: ${pathLength(r)} steps`);
      const file = run.traceFiles.get(r.name);
      if (file) lines.push(`  trace      ${file}`);
      lines.push(`  reproduce  ${reproduce(run, r.name)}`);
    }
  }
  lines.push('', vacuous.length === 0
    ? `every property was exercised by at least one configuration`
    : `${vacuous.length} propert${vacuous.length > 1 ? 'ies' : 'y'} vacuous in every configuration: ${vacuous.map((r) => r.property).join(', ')}`);
  const word = outcome === 'pass' ? 'pass' : outcome === 'violation' ? 'VIOLATION' : 'incomplete (not a pass)';
  lines.push(`result     ${word} (exit ${exitCode})`);
  ctx.stdout(lines.join('\n') + '\n');
  return exitCode;
}

/** The `--json` object of a suite run: the usual top-level fields plus `suite` (additive; schemas/check.schema.json). */
function suiteJson(runs: readonly SuiteRun[], table: readonly Row[], outcome: string, exitCode: number,
  reproduce: (run: SuiteRun, property: string) => string): Record<string, unknown> {
  const first = runs[0]!.prepared;
  const stats = runs.map((r) => r.result.stats as ExhaustiveStats);
  const main = runs.flatMap((run) => run.result.properties.filter((r) => r.status === 'violated' && r.promised !== false).map((r) => ({ run, r })))[0];
  const o: Record<string, unknown> = {
    schemaVersion: JSON_SCHEMA_VERSION, result: outcome, mode: 'exhaustive', model: first.target.model.name,
    ...(first.source.given !== undefined ? { modelFile: first.source.given } : {}),
    mechanism: first.target.meta.mechanism ?? first.selection.mechanism,
    params: first.target.meta.params ?? first.selection.params,
    properties: table.map((row) => ({
      name: row.property, kind: row.kind,
      status: Object.values(row.cells).includes('violated') ? 'violated' : Object.values(row.cells).includes('incomplete') ? 'incomplete' : 'holds',
      witnesses: row.witnesses, vacuous: row.exercisedBy === null, exercisedBy: row.exercisedBy,
      ...(row.promised ? {} : { promised: false }),
    })),
    stats: {
      distinctStates: stats.reduce((n, s) => n + s.distinctStates, 0),
      transitions: stats.reduce((n, s) => n + s.transitions, 0),
      seconds: stats.reduce((n, s) => n + s.seconds, 0),
    },
    suite: {
      configs: runs.map((r) => r.config),
      table: table.map((row) => ({ property: row.property, kind: row.kind, results: row.cells, exercisedBy: row.exercisedBy, witnesses: row.witnesses, ...(row.promised ? {} : { promised: false }) })),
      runs: runs.map((run) => ({
        config: run.config, result: run.result.outcome, stats: run.result.stats,
        // (Issue 11) A run that turned an unsound symmetry reduction off says so in its own params.
        ...(run.result.reductionOff !== undefined ? { params: runParams(run.prepared, run.result) } : {}),
        properties: run.result.properties.map((r) => ({
          name: r.name, status: r.status, ...(r.witnesses !== undefined ? { witnesses: r.witnesses } : {}), ...(r.vacuous ? { vacuous: true } : {}),
          ...(r.promised === false ? { promised: false } : {}), ...(r.status === 'violated' ? { length: pathLength(r), traceFile: run.traceFiles.get(r.name) ?? null } : {}),
        })),
      })),
    },
  };
  if (main) o.violation = { property: main.r.name, config: main.run.config, kind: main.r.kind, traceFile: main.run.traceFiles.get(main.r.name) ?? null, length: pathLength(main.r), facts: main.r.explanation?.facts ?? [] };
  o.reproduce = main ? reproduce(main.run, main.r.name) : reproduceCommand('check', []);
  o.exitCode = exitCode;
  return o;
}
