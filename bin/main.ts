/**
 * The composition root of the `replcheck` command (bin/replcheck.js loads it, compiled from
 * dist/ or as TypeScript source, and calls {@link main}). It lives outside src/ so that it alone
 * knows where the default replication model is: src/ never imports model/, it receives the path.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSupervised, wantsWatchdog } from '../src/cli/supervisor.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** True when this file runs compiled (dist/bin/main.js) rather than as TypeScript source. */
const compiled = import.meta.url.endsWith('.js');
/** The folder holding bin/, model/, src/...: dist/ when compiled, the package root otherwise. */
const tree = join(here, '..');
const packageRoot = compiled ? join(tree, '..') : tree;

/** Runs the CLI with `argv` (without node and the script path); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  // `replay` runs the replication model's traces in the reference engine (see wiring.ts), wired
  // on the thread that runs the command; other commands never load it, so they start faster.
  const replay = argv[0] === 'replay';
  const launch = {
    cwd: process.cwd(),
    defaultModel: join(tree, 'model', compiled ? 'index.js' : 'index.ts'),
    version: pkg.version,
    env: process.env,
    progress: process.stderr.isTTY === true,
  };
  // The real writers, taken before a command runs: under --json user code's process.stdout.write is sent to stderr (main.ts).
  const write = process.stdout.write.bind(process.stdout);
  const out = { stdout: (s: string) => void write(s), stderr: (s: string) => void process.stderr.write(s) };
  // A command that may run plugin code (check, simulate, compare, measure, replay, merge) runs on
  // a worker thread with a larger young generation, watched for plugin methods that never
  // return; the engine is then loaded there only, not on this thread too.
  if (wantsWatchdog(argv, process.env)) {
    return runSupervised(argv, launch, out, replay ? new URL(`./wiring.${compiled ? 'js' : 'ts'}`, import.meta.url).href : undefined);
  }
  if (replay) (await import('./wiring.ts')).wireReplication();
  const { runCli, onUncaught } = await import('../src/cli/main.ts');
  return runCli(argv, { ...launch, ...out, stdout: onUncaught(argv, out) });
}
