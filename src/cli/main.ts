/**
 * The CLI entry point: program-level `--help` and `--version`, dispatch to a command from the
 * table in commands.ts, and error handling. Bad input prints one line (`replcheck: ...`) and
 * exits 2; a model that throws, or a bug in replcheck, prints one distinct line plus a hint to
 * rerun with REPLCHECK_DEBUG=1 for the stack, and also exits 2.
 */
import { ModelContractError, UsageError } from '../engine/errors.ts';
import { ContractError, UserCodeError } from '../engine/contract.ts';
import { ModelError } from '../engine/random.ts';
import { COMMANDS, findCommand } from './commands.ts';
import { EXIT, type CliContext } from './context.ts';
import { exitProcess, uncaughtText } from '../engine/plugin-guard.ts';
import { consoleTo, routeUserOutput } from './user-output.ts';

function programHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: replcheck <command> [flags]
       replcheck <command> --help
       replcheck --version

A model checker and property tester for replication protocols.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Exit status: 0 every checked property holds, 1 a violation (trace written under --out),
2 bad input or usage, 3 incomplete (a limit was hit or the run was interrupted).

Examples:
  npx replcheck check --config small
  npx replcheck simulate --config small --runs 1000 --seed 7
  npx replcheck check --model examples/two-phase.ts --json
`;
}

/** True when `argv` asks for help (before any `--` separator). */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * With `--json`, stdout must carry exactly one JSON object: while the command runs, user code's
 * console (every method: log, info, dir, table, group, count, trace...) and process.stdout.write
 * (say, from a model module or a mechanism plugin) go to `stderr` instead (and so does the output
 * of the worker threads the command starts: user-output.ts). replcheck's own stdout is the
 * context's writer, taken before (bin/main.ts). Returns the undo.
 */
function guardStdout(stderr: (s: string) => void): () => void {
  const saved = { ...console } as Record<string, unknown>;
  consoleTo(stderr, stderr);
  const stdout = process.stdout;
  const write = stdout.write;
  stdout.write = ((chunk: unknown, encoding?: unknown, done?: unknown) => {
    stderr(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8'));
    const cb = typeof encoding === 'function' ? encoding : done;
    if (typeof cb === 'function') queueMicrotask(() => (cb as () => void)());
    return true;
  }) as typeof stdout.write;
  return () => {
    Object.assign(console, saved);
    stdout.write = write;
  };
}

/** Prints an error as one line (and its stack under REPLCHECK_DEBUG=1); returns exit code 2. */
export function reportError(e: unknown, ctx: CliContext): number {
  const debug = ctx.env.REPLCHECK_DEBUG === '1';
  const oneLine = (s: string) => s.split('\n')[0];
  const breach = e instanceof ContractError ? e : e instanceof ModelError && e.cause instanceof ContractError ? e.cause : undefined;
  if (breach) {
    ctx.stderr(`replcheck: ${oneLine(breach.message)}\n`);
  } else if (e instanceof UsageError) {
    ctx.stderr(`replcheck: ${oneLine(e.message)}\n`);
  } else if (e instanceof ModelContractError) {
    ctx.stderr(`replcheck: the model broke its contract (not a verdict, not a bug of replcheck): ${oneLine(e.message)}\n`);
  } else if (e instanceof UserCodeError) {
    ctx.stderr(`replcheck: ${oneLine(e.message)} (an error in user code, not a verdict; rerun with REPLCHECK_DEBUG=1 for its stack)\n`);
  } else if (e instanceof ModelError) {
    const where = `seed ${e.seed}${e.path !== undefined ? `, path ${e.path}` : ''}`;
    // (Stop 28) User code that threw names itself; the built-in model's error is the model's.
    const prefix = e.cause instanceof UserCodeError ? '' : 'error in the model: ';
    ctx.stderr(`replcheck: ${prefix}${oneLine(e.message)} (${where}; not a verdict; rerun with REPLCHECK_DEBUG=1 for the stack)\n`);
  } else {
    const msg = e instanceof Error ? e.message : String(e);
    ctx.stderr(`replcheck: internal error: ${oneLine(msg)} (this is a bug; rerun with REPLCHECK_DEBUG=1 for the stack)\n`);
  }
  if (debug) {
    let err = e instanceof ModelError && e.cause instanceof Error ? e.cause : e;
    if (err instanceof UserCodeError && err.cause instanceof Error) err = err.cause;
    ctx.stderr(`${err instanceof Error ? err.stack : String(err)}\n`);
  }
  return EXIT.usage;
}

/**
 * (Sweep 29) For a command run on the main thread (no watchdog: REPLCHECK_WATCHDOG=0, or a
 * command that runs no plugin code), as the watchdog does for its worker (supervisor.ts): an
 * uncaught exception or unhandled rejection (a plugin's timer or promise, before or after the
 * command returned) prints one line naming the plugin (plugin-guard.ts uncaughtText; else an
 * internal error) and exits 2. Under `--json` the returned stdout writer holds the output until
 * the process exits, and it is dropped when such an error ended the run: stdout never holds a
 * verdict that exit 2 contradicts. Returns the writer to give runCli as stdout.
 */
export function onUncaught(argv: readonly string[], out: Pick<CliContext, 'stdout' | 'stderr'>, env: Record<string, string | undefined> = process.env): (s: string) => void {
  let failed = false;
  const fatal = (e: unknown): void => {
    failed = true;
    const text = uncaughtText(e)
      ?? `internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (this is a bug; rerun with REPLCHECK_DEBUG=1 for the stack)`;
    out.stderr(`replcheck: ${text}\n`);
    if (env.REPLCHECK_DEBUG === '1') out.stderr(`${e instanceof Error ? e.stack : String(e)}\n`);
    exitProcess(EXIT.usage);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  if (!argv.slice(1).includes('--json')) return out.stdout;
  let held = '';
  // process.stdout writes synchronously to files and pipes on POSIX, so this lands before the process ends.
  process.on('exit', () => void (!failed && held !== '' && out.stdout(held)));
  return (s) => void (held += s);
}

/** Runs the CLI with `argv` (the arguments after the program name); returns the exit code. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === 'help' && rest[0] !== undefined) return runCli([rest[0], '--help'], ctx);
      ctx.stdout(programHelp());
      return name === undefined ? EXIT.usage : EXIT.pass;
    }
    if (name === '--version' || name === '-v') {
      ctx.stdout(`replcheck ${ctx.version}\n`);
      return EXIT.pass;
    }
    const entry = findCommand(name);
    if (!entry) {
      const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command '${name}'`;
      throw new UsageError(`${what} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see 'replcheck --help')`);
    }
    const { command } = await entry.load();
    if (wantsHelp(rest)) {
      ctx.stdout(command.help + '\n');
      return EXIT.pass;
    }
    const json = rest.includes('--json');
    const restore = json ? guardStdout(ctx.stderr) : undefined;
    // Worker threads' user output goes where this thread's console.log goes (user-output.ts).
    const unroute = routeUserOutput(json ? ctx.stderr : ctx.stdout, ctx.stderr);
    try {
      return await command.run(rest, ctx);
    } finally {
      unroute();
      restore?.();
    }
  } catch (e) {
    return reportError(e, ctx);
  }
}
