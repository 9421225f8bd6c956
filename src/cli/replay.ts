/**
 * `replcheck replay FILE [--json]`: replays a trace (native or ITF) in the reference engine
 * registered for its model and re-evaluates its verdict with both judges (the property library
 * and the engine's own); a liveness claim is explored in the engine; a plugin mechanism is
 * loaded from the file the trace records, if its hash still matches.
 * Exit 0 reproduced; 1 diverged (the first step, field and both values) or the judges disagree;
 * 3 (stop 29) a liveness claim left undecided by the exploration's bound (`--max-states`);
 * 2 not a valid trace, an unsupported model or mechanism, a missing or changed plugin, a plugin
 * that breaks its contract, or bad usage.
 */
import { resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { referenceEngineFor, referenceModels, type ReferenceEngineFactory } from '../engine/reference.ts';
import { readTrace } from '../../traces/read.ts';
import { formatTraceError } from '../../traces/validate.ts';
import { formatDivergence, replayTrace, type ReplayOptions, type ReplayReport } from '../../traces/replay.ts';
import { LIVENESS_MAX_STATES } from '../../traces/liveness.ts';
import { loadTracePlugin } from '../../traces/plugin.ts';
import { verdictLines } from '../../traces/replay-text.ts';
import type { CliContext, Command } from './context.ts';
import { JSON_SCHEMA_VERSION } from './schema-version.ts';

/** Where the command writes (injectable for tests). */
export interface ReplayIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Overrides the registry lookup (tests). */
  factory?: (model: string) => ReferenceEngineFactory | undefined;
  /** Where a trace's relative plugin path is also looked for (default: the process's). */
  cwd?: string;
}

const USAGE = 'usage: replcheck replay FILE [--max-states N] [--plugin-timeout S] [--json]';

/** True when `argv[i]` is the value of a `--plugin-timeout S` or `--max-states N` given as two arguments. */
function isTimeoutValue(argv: readonly string[], i: number): boolean {
  return i > 0 && (argv[i - 1] === '--plugin-timeout' || argv[i - 1] === '--max-states');
}

function parseArgs(argv: string[]): { file: string; json: boolean; livenessStates?: number } {
  let file: string | undefined;
  let json = false;
  let livenessStates: number | undefined;
  for (const [i, a] of argv.entries()) {
    if (a === '--json') json = true;
    else if (a === '--max-states' || a.startsWith('--max-states=')) {
      const raw = a === '--max-states' ? argv[i + 1] : a.slice('--max-states='.length);
      if (raw === undefined || !/^\d+$/.test(raw) || !(Number(raw) >= 1) || !Number.isSafeInteger(Number(raw))) {
        throw new UsageError(`--max-states must be a positive whole number of states for a liveness claim's exploration (got '${raw ?? ''}'; default ${LIVENESS_MAX_STATES})`);
      }
      livenessStates = Number(raw);
    } else if (a === '--plugin-timeout' || a.startsWith('--plugin-timeout=')) {
      // Validated here; the watchdog (supervisor.ts) applies it.
      const raw = a === '--plugin-timeout' ? argv[i + 1] : a.slice('--plugin-timeout='.length);
      if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw) || !(Number(raw) > 0)) throw new UsageError(`--plugin-timeout must be a positive number of seconds (got '${raw ?? ''}')`);
    } else if (isTimeoutValue(argv, i)) continue;
    else if (a.startsWith('-')) throw new UsageError(`replay: unknown option ${a} (${USAGE})`);
    else if (file === undefined) file = a;
    else throw new UsageError(`replay: one trace file at a time (${USAGE})`);
  }
  if (file === undefined) throw new UsageError(`replay: which trace? (${USAGE})`);
  return { file, json, ...(livenessStates !== undefined ? { livenessStates } : {}) };
}

/** The exit code for a report. */
export function replayExitCode(r: ReplayReport): number {
  return r.result === 'reproduced' ? 0 : r.result === 'diverged' ? 1 : r.result === 'undecided' ? 3 : 2;
}

/**
 * (Issue 16) A refused trace as one line: the first problem, and how many more there are
 * (`replay FILE --json` lists them all).
 */
export function problemLine(file: string, errors: readonly string[]): string {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}: 'replcheck replay ${file} --json' lists them)` : '';
  return `${file}: ${errors[0] ?? 'not a valid trace'}${more}`;
}

/** Runs the command with explicit output sinks; returns the exit code. */
export async function runReplay(argv: string[], io: ReplayIo): Promise<number> {
  const args = parseArgs(argv); // a UsageError is reported by the CLI's one error path (exit 2)
  const report = await replayFile(args.file, io.factory ?? referenceEngineFor, io.cwd ?? process.cwd(), { livenessStates: args.livenessStates });
  if (args.json) io.out(JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...report, exitCode: replayExitCode(report) }));
  else if (report.result === 'invalid') io.err(problemLine(args.file, report.errors ?? []));
  else if (report.result === 'diverged') {
    io.out(`diverged: ${formatDivergence(report.divergence!)}`);
    for (const l of verdictLines(report)) io.out(`  ${l}`);
  } else if (report.result === 'undecided') {
    // (Stop 29) Not a divergence: the bound stopped the exploration before it could reproduce or refute the claim.
    io.out(`undecided: ${formatDivergence(report.divergence!)}`);
    for (const l of verdictLines(report)) io.out(`  ${l}`);
    const bound = args.livenessStates ?? LIVENESS_MAX_STATES;
    io.out(`  rerun      npx replcheck replay ${args.file} --max-states ${bound * 10} (the exploration visited ${report.liveness?.states ?? bound} states; it stops at --max-states, default ${LIVENESS_MAX_STATES})`);
  } else {
    const v = report.verdict!;
    const verdictLine =
      v.engine === 'unchecked' ? `verdict not re-evaluated (${v.reason})` : `${v.kind} ${v.property}: ${v.engine} in the engine, as in the trace`;
    io.out(`reproduced: ${report.steps} steps; ${verdictLine}`);
    for (const l of verdictLines(report)) io.out(`  ${l}`);
  }
  return replayExitCode(report);
}

/** Reads, validates and replays one file; every failure is a report. */
export async function replayFile(file: string, lookup: (model: string) => ReferenceEngineFactory | undefined, cwd = process.cwd(), options: ReplayOptions = {}): Promise<ReplayReport> {
  const read = readTrace(file);
  if (!read.ok) return { result: 'invalid', steps: 0, errors: read.errors.map(formatTraceError) };
  const factory = lookup(read.trace.model);
  if (!factory) {
    const known = referenceModels();
    return { result: 'invalid', steps: 0, errors: [`model '${read.trace.model}' is not supported by the reference engine (engines: ${known.join(', ') || 'none registered'})`] };
  }
  let plugin: { file: string; module: Record<string, unknown> } | undefined;
  if (read.trace.mechanismPlugin) {
    const loaded = await loadTracePlugin(read.trace, file, cwd);
    if (typeof loaded === 'string') return { result: 'invalid', steps: 0, errors: [loaded] };
    plugin = loaded;
  }
  try {
    const report = replayTrace(read.trace, factory, plugin, options);
    return plugin && read.trace.mechanismPlugin ? { ...report, plugin: read.trace.mechanismPlugin } : report;
  } catch (e) {
    if (e instanceof UsageError) return { result: 'invalid', steps: 0, errors: [e.message] }; // incl. a plugin breaking its contract
    throw e;
  }
}

const HELP = `Usage: replcheck replay FILE [--max-states N] [--plugin-timeout S] [--json]

Replays a trace (native JSON or ITF, e.g. FILE.itf.json) in the reference engine registered for
its model: an independent implementation that shares only the trace format with the model. After
every step the engine's state, abstracted to the model's view, must equal the recorded state; at
the end the trace's property is re-evaluated on the engine's states twice: by the property
library the verdict came from, and by the engine's own judge (independent code for causal order,
total order, eventual consistency, CA state and exactly-once). A liveness counterexample
(alwaysReachable) reproduces only if, from its doomed state (doomedAt, else the last step), the
engine reaches no goal state by completing steps (send, migrate ok, execute, order, peer,
reconnect; explored breadth-first, exhaustively, up to --max-states states). A trace found with a
plugin mechanism (--mechanism FILE) replays with that plugin, found next to the trace or in the
current directory, and only if its SHA-256 is the one the trace records.

Options:
  --max-states N       bound of a liveness claim's exploration (default 20000); a claim the
                       exploration cannot decide within it is undecided (exit 3)
  --plugin-timeout S   with a plugin mechanism: end the run (exit 2) when one of its methods runs
                       longer than S seconds (default 30; an infinite loop)
  --json               print one object: {schemaVersion, result: reproduced|diverged|undecided|invalid,
                       steps, divergence?, verdict?, reference?, liveness?, plugin?, errors?,
                       exitCode} (JSON Schema: replcheck/schemas/replay.schema.json)

Exit status: 0 reproduced (every step and both verdicts), 1 diverged (the first step where the
engine and the trace differ, the field as a JSON path, both values), the judges disagree, or a
liveness claim the engine refutes (with the completing steps that reach a goal state); 2 not a
valid trace (one line: the first schema error with its JSON path, --json lists them all;
truncated or malformed JSON), a property, model or mechanism the engine does not know, a plugin
file missing or changed since, or bad usage; 3 undecided (a liveness claim whose exploration
reached --max-states without reaching a goal state or running out of states: raise it).

Examples:
  npx replcheck replay replcheck-out/causal-order.json
  npx replcheck replay trace.itf.json --json`;

/** The command-table entry. */
export const command: Command = {
  name: 'replay',
  summary: 'replay a trace (native or ITF) in the independent reference engine and re-check its verdict',
  help: HELP,
  run(argv: string[], ctx: CliContext): Promise<number> {
    const files = argv.map((a, i) => (a.startsWith('-') || isTimeoutValue(argv, i) ? a : resolve(ctx.cwd, a)));
    return runReplay(files, { out: (l) => ctx.stdout(l + '\n'), err: (l) => ctx.stderr(l + '\n'), cwd: ctx.cwd });
  },
};
