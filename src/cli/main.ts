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
import { routeUserOutput } from './user-output.ts';

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
 * With `--json`, stdout must carry exactly one JSON object: while the command runs, console.log,
 * console.info and console.debug (say, from a model module) go to stderr instead (and so does
 * the output of the worker threads the command starts: user-output.ts). Returns the undo.
 */
function guardStdout(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  return () => Object.assign(console, saved);
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
    const restore = json ? guardStdout() : undefined;
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
