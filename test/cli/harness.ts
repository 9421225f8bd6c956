/**
 * The CLI test harness shared by the tests that drive the real launcher (bin/replcheck.js) in a
 * child process: run it, optionally kill or signal it when a condition holds, and compare
 * `--json` results without their timing fields; or run the shipped build (dist/) instead of
 * the sources. One place, so that the checkpoint, signal and watchdog tests cannot drift apart in
 * how they start the CLI or what they count as timing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
// @ts-expect-error: a JavaScript module of the launcher's, without type declarations
import { distIsFresh } from '../../bin/dist-fresh.mjs';

/** The repository's root (the launcher runs from here). */
export const repo = resolve(import.meta.dirname, '..', '..');

/** What a CLI run gave. */
export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall seconds from spawn to close (for reports only: tests never assert on it). */
  seconds: number;
}

/** When and how to interrupt a run. */
export interface Interrupt {
  /** Polled every `pollMs`; once true, `signal` is sent after `delayMs()` more milliseconds. */
  when: (pid: number) => boolean;
  /** Default SIGKILL. */
  signal?: NodeJS.Signals;
  /** Default 20 ms. */
  pollMs?: number;
  /** Extra delay before the signal, in ms (default none). */
  delayMs?: () => number;
}

/**
 * Runs the CLI with `args` (REPLCHECK_DEBUG cleared, `env` added: an undefined value removes the
 * variable), interrupting it as `interrupt` says.
 */
export function replcheck(args: string[], interrupt?: Interrupt, env: Record<string, string | undefined> = {}): Promise<Ran> {
  const t0 = performance.now();
  const childEnv: Record<string, string | undefined> = { ...process.env, REPLCHECK_DEBUG: '', ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['bin/replcheck.js', ...args], { cwd: repo, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (interrupt) {
      const poll = setInterval(() => {
        if (!interrupt.when(child.pid!)) return;
        clearInterval(poll);
        const send = () => child.kill(interrupt.signal ?? 'SIGKILL');
        const delay = interrupt.delayMs?.() ?? 0;
        if (delay > 0) setTimeout(send, delay);
        else send();
      }, interrupt.pollMs ?? 20);
      child.on('exit', () => clearInterval(poll));
    }
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

/** True once process `pid` catches SIGHUP (withInterrupt installs its SIGINT, SIGTERM and SIGHUP handlers together). */
export function catchesSighup(pid: number): boolean {
  try {
    const mask = /SigCgt:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
    return (BigInt(`0x${mask}`) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** The timing fields of `check --json` stats. */
export const CHECK_TIMING = ['seconds', 'statesPerSecond', 'peakMemoryBytes', 'peakBytesPerState'];
/** The timing fields of `simulate --json` stats. */
export const SIMULATE_TIMING = ['seconds', 'stepsPerSecond'];

/**
 * A `--json` result without the stats fields named in `timing` and without the files it wrote
 * (their names depend on `--out`); `dropWorkers` also removes `params.workers`, which says why a
 * checkpointed run stays on one thread while an uninterrupted one may use workers.
 */
export function untimed(stdout: string, timing: readonly string[] = CHECK_TIMING, dropWorkers = false): Record<string, unknown> {
  const j = JSON.parse(stdout);
  for (const k of timing) delete j.stats[k];
  if (dropWorkers) delete j.params.workers;
  delete j.violation?.traceFile;
  delete j.violation?.htmlFile;
  for (const p of j.properties) {
    delete p.traceFile;
    delete p.htmlFile;
  }
  return j;
}

/** True when dist/ is the build of the current sources (REPLCHECK_DIST=1 then runs it): the launcher's own rule. */
export function builtIsFresh(): boolean {
  return existsSync(join(repo, 'dist', 'bin', 'main.js')) && distIsFresh(repo);
}

/** Builds dist/ (scripts/build.mjs) unless it is fresh; throws when the build fails. */
export function ensureBuilt(): void {
  if (builtIsFresh()) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, encoding: 'utf8' });
  if (!builtIsFresh()) throw new Error(`the build failed (exit ${r.status}): ${r.stderr}`);
}

/**
 * Runs the shipped build (dist/, built first if stale): REPLCHECK_DIST=1, and without VITEST, as
 * a user's shell runs it.
 */
export function replcheckBuilt(args: string[], env: Record<string, string | undefined> = {}): Promise<Ran> {
  ensureBuilt();
  return replcheck(args, undefined, { REPLCHECK_DIST: '1', VITEST: undefined, ...env });
}
