/**
 * `replcheck show FILE [--format text|mermaid|html|json|itf] [--out FILE]`: prints a trace
 * (native or ITF) as text with each step's changes (default), a Mermaid sequence diagram, a
 * self-contained HTML report (traces/render/), native JSON, or ITF for Apalache/Quint tooling.
 * Exit 0 done; 2 not a valid trace or bad usage.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { toItf } from '../../traces/itf.ts';
import { renderTrace } from '../../traces/render/index.ts';
import { readTrace } from '../../traces/read.ts';
import { formatTraceError } from '../../traces/validate.ts';
import { problemLine } from './replay.ts';
import type { CliContext, Command } from './context.ts';

/** Output sinks (injectable for tests). */
export interface ShowIo {
  out: (text: string) => void;
  err: (line: string) => void;
}

const FORMATS = ['text', 'mermaid', 'html', 'json', 'itf'] as const;
type Format = (typeof FORMATS)[number];
const USAGE = 'usage: replcheck show FILE [--format text|mermaid|html|json|itf] [--out FILE]';

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
  if (out !== undefined && resolve(out) === resolve(file)) throw new UsageError(`show: --out ${out} is the trace being shown; name another file (it would be overwritten)`);
  return { file, format, out };
}

/** Runs the command with explicit sinks; returns the exit code. */
export async function runShow(argv: string[], io: ShowIo): Promise<number> {
  const args = parseArgs(argv); // a UsageError is reported by the CLI's one error path (exit 2)
  const read = readTrace(args.file);
  if (!read.ok) {
    io.err(problemLine(args.file, read.errors.map(formatTraceError)));
    return 2;
  }
  const text =
    args.format === 'itf' ? JSON.stringify(toItf(read.trace), null, 1) + '\n'
    : args.format === 'json' ? JSON.stringify(read.trace, null, 1) + '\n'
    : renderTrace(read.trace, args.format);
  if (args.out) {
    try {
      writeFileSync(args.out, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const fix = code === 'EISDIR' ? 'name a file, not a directory' : code === 'ENOENT' ? 'its directory does not exist: create it or name another file' : 'choose a writable file';
      io.err(`replcheck: show --out ${args.out}: cannot write it (${code ?? (e as Error).message}): ${fix}`);
      return 2;
    }
  } else io.out(text);
  return 0;
}

const HELP = `${USAGE}

Prints a trace file (native JSON or ITF). Formats:
  text     the property, its facts, and one line per step with what the step changed
           (default; names instead of indices: nodes by id, updates origin#seq, instances from/n)
  mermaid  a Mermaid sequence diagram (a participant per host and server, instances as arrows,
           the violating step highlighted); paste it into any Mermaid renderer
  html     one self-contained HTML page (no network): the facts, a sequence diagram, and the
           state at each step on click; check and simulate write it next to every trace
  json     the native trace (converts ITF back to native)
  itf      the Informal Trace Format of Apalache and Quint (ADR-015), for their tools

Options:
  --format F   text, mermaid, html, json or itf
  --out FILE   write there instead of standard output

Exit status: 0 printed, 2 not a valid trace or bad usage.

Examples:
  npx replcheck show replcheck-out/replication-causal-order.trace.json
  npx replcheck show replcheck-out/replication-causal-order.trace.json --format html --out causal-order.html
  npx replcheck show replcheck-out/replication-causal-order.trace.json --format mermaid
  npx replcheck show replcheck-out/replication-causal-order.trace.json --format itf --out causal-order.itf.json`;

/** The command-table entry. */
export const command: Command = {
  name: 'show',
  summary: 'print a trace as text, a Mermaid diagram, an HTML report, JSON or ITF',
  help: HELP,
  run(argv: string[], ctx: CliContext): Promise<number> {
    // (Stop 29) `--format=html` and `--out=FILE` as every other command takes them.
    const split = argv.flatMap((a) => (/^--(format|out)=/.test(a) ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
    const args = split.map((a, i) => (a.startsWith('-') || split[i - 1] === '--format' ? a : resolve(ctx.cwd, a)));
    return runShow(args, { out: (t) => ctx.stdout(t), err: (l) => ctx.stderr(l + '\n') });
  },
};
