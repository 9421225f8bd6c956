/**
 * `replcheck show FILE [--format text|json|itf] [--out FILE]`: prints a trace (native or ITF) as
 * a readable summary (default), as native JSON, or as ITF for Apalache/Quint tooling.
 * Exit 0 done; 2 not a valid trace or bad usage.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import type { TraceFile } from '../../traces/format.ts';
import { toItf } from '../../traces/itf.ts';
import { readTrace } from '../../traces/read.ts';
import { formatTraceError } from '../../traces/validate.ts';
import type { CliContext, Command } from './context.ts';

/** Output sinks (injectable for tests). */
export interface ShowIo {
  out: (text: string) => void;
  err: (line: string) => void;
}

const FORMATS = ['text', 'json', 'itf'] as const;
type Format = (typeof FORMATS)[number];
const USAGE = 'usage: replcheck show FILE [--format text|json|itf] [--out FILE]';

function parseArgs(argv: string[]): { file: string; format: Format; out?: string } {
  let file: string | undefined;
  let format: Format = 'text';
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`show: ${a} needs a value (${USAGE})`);
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`show: --format must be one of ${FORMATS.join(', ')}, not '${f}'`);
      format = f as Format;
    } else if (a === '--out') out = value();
    else if (a.startsWith('-')) throw new UsageError(`show: unknown option ${a} (${USAGE})`);
    else if (file === undefined) file = a;
    else throw new UsageError(`show: one trace file at a time (${USAGE})`);
  }
  if (file === undefined) throw new UsageError(`show: which trace? (${USAGE})`);
  return { file, format, out };
}

/** A readable summary: the header, then one line per step. */
export function traceText(t: TraceFile): string {
  const lines = [
    `${t.property.kind} ${t.property.name}: ${t.verdict} (${t.mode}${t.seed !== undefined ? `, seed ${t.seed}` : ''})`,
    `model ${t.model}${t.configName ? `, config ${t.configName}` : ''}${t.mechanism ? `, mechanism ${t.mechanism}` : ''}`,
  ];
  for (const f of t.explanation?.facts ?? []) lines.push(`  - ${f}`);
  for (const s of t.steps) lines.push(`${String(s.index).padStart(4)}  ${s.index === 0 ? '(initial state)' : (s.label ?? JSON.stringify(s.action))}`);
  if (t.reproduce) lines.push(`reproduce: ${t.reproduce}`);
  return lines.join('\n') + '\n';
}

/** Runs the command with explicit sinks; returns the exit code. */
export async function runShow(argv: string[], io: ShowIo): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
  const read = readTrace(args.file);
  if (!read.ok) {
    for (const e of read.errors) io.err(`${args.file}: ${formatTraceError(e)}`);
    return 2;
  }
  const text =
    args.format === 'itf' ? JSON.stringify(toItf(read.trace), null, 1) + '\n'
    : args.format === 'json' ? JSON.stringify(read.trace, null, 1) + '\n'
    : traceText(read.trace);
  if (args.out) {
    try {
      writeFileSync(args.out, text);
    } catch (e) {
      io.err(`show: cannot write ${args.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  } else io.out(text);
  return 0;
}

const HELP = `${USAGE}

Prints a trace file (native JSON or ITF). Formats:
  text   the property, verdict and one line per step (default)
  json   the native trace (converts ITF back to native)
  itf    the Informal Trace Format of Apalache and Quint (ADR-015), for their tools

Options:
  --format F   text, json or itf
  --out FILE   write there instead of standard output

Exit status: 0 printed, 2 not a valid trace or bad usage.

Examples:
  npx replcheck show replcheck-out/causal-order.json
  npx replcheck show replcheck-out/causal-order.json --format itf --out causal-order.itf.json`;

/** The command-table entry. */
export const command: Command = {
  name: 'show',
  summary: 'print a trace as text, native JSON or ITF (Apalache/Quint)',
  help: HELP,
  run(argv: string[], ctx: CliContext): Promise<number> {
    const args = argv.map((a, i) => (a.startsWith('-') || argv[i - 1] === '--format' ? a : resolve(ctx.cwd, a)));
    return runShow(args, { out: (t) => ctx.stdout(t), err: (l) => ctx.stderr(l + '\n') });
  },
};
