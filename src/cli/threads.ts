/**
 * Starting the worker threads a command uses (search and random-walk workers, search-pool.ts;
 * `measure --threads` workers, measure-threads.ts). Every such thread:
 *
 * - boots through one script that registers tsx when the CLI runs from its TypeScript sources
 *   (a loader registered on this thread does not reach workers), then loads its entry module;
 * - (issue 17) under the plugin watchdog, gets watch cells of its own, polled by the watchdog's
 *   thread like the command's, so a plugin method that never returns there ends the run too;
 * - has its stdout and stderr piped into the command's user-output sinks (user-output.ts), so a
 *   model's console.log on a worker never lands in `--json` stdout.
 */
import { Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { typeScriptLoaderUrl } from '../engine/load-module.ts';
import { pipeUserOutput } from './user-output.ts';

/** What kind of worker a watched thread is, for the watchdog's message (`on search worker 2`). */
export type ThreadKind = 'search' | 'measure';

/** Watch cells and an announcement port for one more thread of `kind` (see {@link watchThreads}). */
export type ThreadWatch = (kind: ThreadKind) => { buffer: SharedArrayBuffer; port: MessagePort };

/** What every worker started here receives besides its own data (read by its entry module). */
export interface ThreadData {
  /** URL of the entry module (boot script). */
  entry: string;
  /** URL of tsx's registration API when the CLI runs from sources (boot script). */
  tsx: string | undefined;
  /** Under the plugin watchdog: this thread's watch cells and the port its methods are announced on. */
  watch?: { buffer: SharedArrayBuffer; port: MessagePort };
}

let threadWatch: ThreadWatch | undefined;

/**
 * (Issue 17) Set by the plugin watchdog's worker (cli-worker.ts): each worker started from now on
 * gets its own watch cells (src/engine/watch.ts), which the watchdog's thread polls.
 */
export function watchThreads(make: ThreadWatch): void {
  threadWatch = make;
}

/** True when workers started on this thread are watched by the plugin watchdog. */
export function threadsWatched(): boolean {
  return threadWatch !== undefined;
}

/** True when this module runs compiled (dist/), not from its TypeScript sources. */
export const compiled = import.meta.url.endsWith('.js');

/** The URL of the module `name` (without extension) beside `base`, in the running form (.js or .ts). */
export function entryUrl(name: string, base: string): string {
  return new URL(`${name}.${compiled ? 'js' : 'ts'}`, base).href;
}

/**
 * Starts a worker of `kind` running `entry` (see {@link entryUrl}) with `data` (plus
 * {@link ThreadData}) as its workerData; see the file header.
 */
export function startThread<D extends object>(kind: ThreadKind, entry: string, data: D, resourceLimits?: ResourceLimits): Worker {
  const watch = threadWatch?.(kind);
  const workerData: D & ThreadData = {
    ...data, entry,
    tsx: compiled ? undefined : typeScriptLoaderUrl() ?? import.meta.resolve('tsx/esm/api'),
    ...(watch !== undefined ? { watch } : {}),
  };
  const worker = new Worker(BOOT, {
    eval: true, workerData, stdout: true, stderr: true,
    ...(resourceLimits !== undefined ? { resourceLimits } : {}),
    ...(watch !== undefined ? { transferList: [watch.port] } : {}),
  });
  pipeUserOutput(worker);
  return worker;
}

/** The boot script (CommonJS, evaluated): registers tsx when needed, then loads the entry module. */
const BOOT = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((e) => { throw e; });`;
