/**
 * Writing the trace and HTML report of one violation from the CLI, never losing the
 * counterexample: when the pair cannot be written (a read-only `--out`, a full disk, a renderer
 * failure) nothing is left on disk, a one-line warning goes to stderr, and the caller still
 * prints the violation, its steps and the reproduce line (and `traceError` in `--json`).
 */
import type { TraceFile } from '../../traces/format.ts';
import { writeTraceWithReport } from '../../traces/write-pair.ts';
import type { CliContext } from './context.ts';

/** What became of one trace. */
export interface TraceOutcome {
  traceFile?: string;
  htmlFile?: string;
  /** Why the trace could not be written (then neither file exists). */
  error?: string;
}

/** Writes `trace` as `<dir>/<fileName>` plus its report; returns the absolute files, or the error. */
export function writeTraceOutput(dir: string, fileName: string, trace: TraceFile, ctx: CliContext): TraceOutcome {
  try {
    return writeTraceWithReport(dir, fileName, trace);
  } catch (e) {
    const error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    ctx.stderr(`replcheck: could not write the trace of ${trace.property.name} into ${dir}: ${error} (the counterexample is printed instead)\n`);
    return { error };
  }
}
