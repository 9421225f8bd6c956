/**
 * Where user code's output goes (a model or plugin that calls console.log). On one thread,
 * runCli's guardStdout sends every console method (log, dir, table, group, count...) and
 * process.stdout.write to stderr under `--json` (stdout carries exactly one JSON object; sweep
 * 29) and leaves them on stdout otherwise. Worker
 * threads the CLI starts (search and random-walk workers, `measure --threads` workers, the
 * plugin watchdog's thread) must behave the same: their stdout and stderr are piped into the
 * sinks routed here ({@link routeUserOutput}, set by runCli for the running command), and the
 * watchdog's thread writes its console through the command's own output channel
 * ({@link consoleTo}), so user output keeps its place among the report's lines.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';

/** Where user code's stdout and stderr text goes. */
export interface UserOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const processOutput: UserOutput = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};
let current: UserOutput = processOutput;

/** The sinks for user output in this thread now (the process's own streams unless a command routed them). */
export function userOutput(): UserOutput {
  return current;
}

/**
 * Routes user output for a command: its stdout to `stdout` (the command's stderr under
 * `--json`), its stderr to `stderr`. Returns the undo.
 */
export function routeUserOutput(stdout: (s: string) => void, stderr: (s: string) => void): () => void {
  const saved = current;
  current = { stdout, stderr };
  return () => {
    current = saved;
  };
}

/** A writable stream that hands each chunk, as text, to `write`. */
function sink(write: (s: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      write(String(chunk));
      done();
    },
  });
}

/**
 * Makes this thread's global console write through `stdout` and `stderr` (synchronously, in
 * call order). The console's methods are replaced, not the object, so a later guardStdout
 * (`--json`) still wraps them.
 */
export function consoleTo(stdout: (s: string) => void, stderr: (s: string) => void): void {
  const routed = new Console({ stdout: sink(stdout), stderr: sink(stderr) }) as unknown as Record<string, unknown>;
  const global = console as unknown as Record<string, unknown>;
  for (const key of Object.keys(routed)) if (typeof routed[key] === 'function') global[key] = routed[key];
}

/**
 * Pipes a worker's stdout and stderr (a Worker started with `stdout: true, stderr: true`) into
 * the user-output sinks current when it starts: text it writes after the command returned still
 * goes where the command's would have.
 */
export function pipeUserOutput(worker: { stdout: NodeJS.ReadableStream | null; stderr: NodeJS.ReadableStream | null }): void {
  const to = current;
  worker.stdout?.setEncoding('utf8');
  worker.stderr?.setEncoding('utf8');
  worker.stdout?.on('data', (s: string) => to.stdout(s));
  worker.stderr?.on('data', (s: string) => to.stderr(s));
}
