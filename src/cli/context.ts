/**
 * What a CLI command gets from its launcher: where it runs, where the default model lives, and
 * where to write. bin/main.ts builds the real one; tests can pass their own.
 */

/** The environment a command runs in. */
export interface CliContext {
  /** Directory against which `--model`, `--out` and selection paths are resolved. */
  cwd: string;
  /** Absolute path of the default model module (the replication model, `<repo>/model/index.ts`). */
  defaultModel: string;
  /** replcheck's version, for `--version`. */
  version: string;
  /** Writes to standard output (results). */
  stdout: (text: string) => void;
  /** Writes to standard error (errors, progress, interruption notices). */
  stderr: (text: string) => void;
  /** Environment variables (REPLCHECK_DEBUG=1 prints stacks of internal errors). */
  env: Record<string, string | undefined>;
  /** True when standard error is a terminal: progress is shown there, updated in place. */
  progress?: boolean;
}

/** A command: `replcheck <name> ...`. */
export interface Command {
  name: string;
  /** One line for the program's command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; returns the exit code. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** Exit codes (issue 2). */
export const EXIT = {
  /** Every checked property holds. */
  pass: 0,
  /** A property is violated (its trace was written). */
  violation: 1,
  /** Bad input or usage, or an internal error. */
  usage: 2,
  /** A limit was hit or the run was interrupted before the space was covered. */
  incomplete: 3,
} as const;
