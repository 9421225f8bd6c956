/**
 * Runs the CLI in this process (src/cli/main.ts's runCli) with a context that collects its
 * output, as the in-process CLI tests do: quicker than spawning the launcher, and the same code
 * path apart from process-level concerns (signals, exit, the plugin watchdog's worker).
 */
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { repo } from './harness.ts';

/** What an in-process run gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The parts of the context a test may set (defaults: the repository, its model, version 9.9.9, no environment). */
export interface InProcessOptions {
  cwd?: string;
  env?: Record<string, string>;
  version?: string;
  defaultModel?: string;
}

/** Runs `replcheck argv` in this process and returns its exit code and output. */
export async function runInProcess(argv: string[], o: InProcessOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd: o.cwd ?? repo, defaultModel: o.defaultModel ?? join(repo, 'model', 'index.ts'), version: o.version ?? '9.9.9', env: o.env ?? {},
    stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s),
  };
  const code = await runCli(argv, ctx);
  return { code, stdout, stderr };
}
