/**
 * After a run: write the trace of every violated property that has a counterexample, print the
 * human summary or the single JSON object, and return the exit code (0 pass, 1 violation,
 * 3 incomplete).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { judgePromises } from '../engine/promises.ts';
import type { PropertyResult, RandomStats, RunResult } from '../engine/result.ts';
import type { TraceFile } from '../../traces/format.ts';
import { htmlFileFor, renderHtml } from '../../traces/render/index.ts';
import { buildTrace, writeTrace } from '../../traces/write.ts';
import { EXIT, type CliContext } from './context.ts';
import { jsonReport, type RunReport } from './json-report.ts';
import { summary } from './report.ts';
import { reproduceCommand } from './reproduce.ts';
import { selectionArgs, type Prepared } from './selection.ts';

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
 * Writes the HTML report of a trace next to it (`x.trace.json` -> `x.trace.html`), atomically.
 * A failure is a warning on stderr, never a lost trace; returns the file, or undefined.
 */
export function writeHtmlReport(traceFile: string, trace: TraceFile, ctx: CliContext): string | undefined {
  const file = htmlFileFor(traceFile);
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, renderHtml(trace));
    renameSync(tmp, file);
    return file;
  } catch (e) {
    ctx.stderr(`replcheck: could not write the HTML report ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return undefined;
  }
}

/** Writes traces, prints the report and returns the exit code. */
export function finish(p: Prepared, engineResult: RunResult<unknown, unknown>, d: RunDescription, ctx: CliContext): number {
  // A target that promises only some properties is judged against those (issue 11).
  const result = judgePromises(engineResult, p.target.promised);
  const sel = selectionArgs(p);
  const reproduceFor = (name: string) => reproduceCommand(d.command, [...sel, '--property', name, ...d.violationArgs(name)]);
  const exitCode = result.outcome === 'pass' ? EXIT.pass : result.outcome === 'violation' ? EXIT.violation : EXIT.incomplete;
  const violated = result.properties.filter((r) => r.status === 'violated');
  const failing = violated.filter((r) => r.promised !== false);
  const main: PropertyResult<unknown, unknown> | undefined = failing.find((r) => r.path) ?? failing[0];
  const rs = result.mode === 'random' ? (result.stats as RandomStats) : undefined;

  const traceFiles = new Map<string, string>();
  const htmlFiles = new Map<string, string>();
  for (const r of violated) {
    if (!r.path) continue;
    const trace = buildTrace({
      model: p.target.model, meta: p.target.meta, modelFile: p.source.given, mode: result.mode,
      seed: rs?.seed, path: rs?.path, reproduce: reproduceFor(r.name),
    }, r);
    let file: string;
    try {
      file = writeTrace(p.out, trace);
    } catch (e) {
      throw new UsageError(`cannot write the trace of ${r.name} into ${p.out}: ${e instanceof Error ? e.message : String(e)}`);
    }
    traceFiles.set(r.name, displayPath(file, ctx.cwd));
    const html = writeHtmlReport(file, trace, ctx);
    if (html) htmlFiles.set(r.name, displayPath(html, ctx.cwd));
  }

  const whole = [...sel, ...(p.propertyNames ? ['--property', p.propertyNames.join(',')] : []), ...d.modeArgs];
  const rep: RunReport = { traceFiles, htmlFiles, main, reproduce: main ? reproduceFor(main.name) : reproduceCommand(d.command, whole), exitCode };
  if (p.json) ctx.stdout(JSON.stringify(jsonReport(p, result, rep)) + '\n');
  else ctx.stdout(summary(p, result, rep, reproduceFor));
  return exitCode;
}
