/**
 * The composition root of the `replcheck` command (bin/replcheck.js registers tsx and calls
 * {@link main}). It lives outside src/ so that it alone knows where the default replication
 * model is: src/ never imports model/, it receives the path.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/main.ts';
import { wireReplication } from './wiring.ts';

// `replay` runs the replication model's traces in the reference engine (see wiring.ts).
wireReplication();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the CLI with `argv` (without node and the script path); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return runCli(argv, {
    cwd: process.cwd(),
    defaultModel: join(root, 'model', 'index.ts'),
    version: pkg.version,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    progress: process.stderr.isTTY === true,
  });
}
