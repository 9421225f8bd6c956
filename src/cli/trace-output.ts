/**
 * Writing the trace and HTML report of one violation from the CLI, never losing the
 * counterexample: when the pair cannot be written (a read-only `--out`, a full disk, a renderer
 * failure) nothing is left on disk, a one-line warning goes to stderr, and the caller still
 * prints the violation, its steps and the reproduce line (and `traceError` in `--json`).
 * A counterexample whose states or actions are not plain data (a class instance, NaN) cannot be
 * built into a trace at all; that takes the same path (sweep 29a finding 5: it used to end the run
 * with exit 2 and hide the verdict).
 */
import type { TraceFile } from '../../traces/format.ts';
import { UnrepresentableValue } from '../../traces/json-value.ts';
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

/**
 * Builds a property's trace with `build` and writes it like {@link writeTraceOutput}; a trace
 * that cannot be built because a state or action is not plain data is reported the same way (one
 * line naming the property and the value) and returned as the error, so the verdict stands.
 */
export function buildAndWriteTraceOutput(dir: string, fileName: string, property: string, build: () => TraceFile, ctx: CliContext): TraceOutcome {
  let trace: TraceFile;
  try {
    trace = build();
  } catch (e) {
    if (!(e instanceof UnrepresentableValue)) throw e;
    const error = e.message.split('\n')[0];
    ctx.stderr(`replcheck: could not write the trace of ${property}: ${error} (the counterexample is printed instead)\n`);
    return { error };
  }
  return writeTraceOutput(dir, fileName, trace, ctx);
}
