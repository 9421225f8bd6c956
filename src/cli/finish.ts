/**
 * After a run: write the trace (and HTML report) of every violated property that has a
 * counterexample, print the human summary or the single JSON object, and return the exit code
 * (0 pass, 1 violation, 3 incomplete). A trace that cannot be written is reported, and its
 * counterexample is still printed (trace-output.ts).
 */
import { isAbsolute, relative } from 'node:path';
import { breachOf } from '../engine/contract.ts';
import { judgePromises } from '../engine/promises.ts';
import type { PropertyResult, RandomStats, RunResult } from '../engine/result.ts';
import { buildTrace, fixedTraceFileName, traceFileName, traceTag } from '../../traces/write.ts';
import { EXIT, type CliContext } from './context.ts';
import { jsonReport, type RunReport } from './json-report.ts';
import { summary } from './report.ts';
import { reproduceCommand } from './reproduce.ts';
import { selectionArgs, type Prepared } from './selection.ts';
import { buildAndWriteTraceOutput } from './trace-output.ts';

/** How a command describes its run for paste-back lines. */
export interface RunDescription {
  command: string;
  /** The command's own flags as given (limits, seed, ...), to rerun the whole run. */
  modeArgs: string[];
  /** Flags that reproduce the violation of one property (for simulate: seed and path). */
  violationArgs: (property: string) => string[];
}

/** A path as shown to the user: relative to the working directory when it is inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * The violation to lead with (`violation` in `--json`): the one with the fewest steps among
 * those with a counterexample, ties broken by property order; else the first violated one.
 */
export function shortestViolation(violated: PropertyResult<unknown, unknown>[]): PropertyResult<unknown, unknown> | undefined {
  let best: PropertyResult<unknown, unknown> | undefined;
  for (const r of violated) if (r.path && (!best || r.path.length < best.path!.length)) best = r;
  return best ?? violated[0];
}

/** Writes traces, prints the report and returns the exit code. */
export function finish(p: Prepared, engineResult: RunResult<unknown, unknown>, d: RunDescription, ctx: CliContext): number {
  // Issue 16: a contract breach the engine swallowed (a random walk's crash) is never a verdict.
  const breach = breachOf(p.target.model);
  if (breach) throw breach;
  // A target that promises only some properties is judged against those (issue 11).
  const result = judgePromises(engineResult, p.target.promised);
  const sel = selectionArgs(p);
  const reproduceFor = (name: string) => reproduceCommand(d.command, [...sel, '--property', name, ...d.violationArgs(name)]);
  const exitCode = result.outcome === 'pass' ? EXIT.pass : result.outcome === 'violation' ? EXIT.violation : EXIT.incomplete;
  const violated = result.properties.filter((r) => r.status === 'violated');
  const failing = violated.filter((r) => r.promised !== false);
  const main: PropertyResult<unknown, unknown> | undefined = shortestViolation(failing);
  const rs = result.mode === 'random' ? (result.stats as RandomStats) : undefined;

  const traceFiles = new Map<string, string>();
  const htmlFiles = new Map<string, string>();
  const traceErrors = new Map<string, string>();
  const withPath = violated.filter((r) => r.path);
  for (const r of withPath) {
    const reproduce = reproduceFor(r.name);
    const name = p.traceName !== undefined
      ? fixedTraceFileName(p.traceName, r.name, withPath.length > 1)
      : traceFileName(p.target.model.name, r.name, traceTag(d.command, reproduce));
    const w = buildAndWriteTraceOutput(p.out, name, r.name, () => buildTrace({
      model: p.target.model, meta: p.target.meta, modelFile: p.source.given, mode: result.mode,
      seed: rs?.seed, path: rs?.path, reproduce,
    }, r), ctx);
    if (w.traceFile) traceFiles.set(r.name, displayPath(w.traceFile, ctx.cwd));
    if (w.htmlFile) htmlFiles.set(r.name, displayPath(w.htmlFile, ctx.cwd));
    if (w.error) traceErrors.set(r.name, w.error);
  }

  const whole = [...sel, ...(p.propertyNames ? ['--property', p.propertyNames.join(',')] : []), ...d.modeArgs];
  const rep: RunReport = { traceFiles, htmlFiles, traceErrors, main, reproduce: main ? reproduceFor(main.name) : reproduceCommand(d.command, whole), exitCode };
  for (const w of result.warnings ?? []) ctx.stderr(`replcheck: warning: ${w}\n`);
  if (p.json) ctx.stdout(JSON.stringify(jsonReport(p, result, rep)) + '\n');
  else ctx.stdout(summary(p, result, rep, reproduceFor));
  return exitCode;
}
