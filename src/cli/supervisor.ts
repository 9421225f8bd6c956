/**
 * (Issue 16) The plugin watchdog. A synchronous infinite loop inside a plugin method (a
 * `--mechanism FILE`'s `arrange`, a `--model FILE`'s `actions` or property) cannot be stopped
 * from its own thread, so a command that loads a plugin runs on a worker thread
 * (cli-worker.ts) while the main thread forwards its output, signals and exit code unchanged
 * and watches which plugin method runs (src/engine/watch.ts). A call that does not return within
 * `--plugin-timeout S` (default {@link DEFAULT_PLUGIN_TIMEOUT}), or is still running
 * {@link timeLimitGrace} seconds after `--time-limit`, ends the run: the worker is terminated
 * and one line names the plugin, the method and the step (exit 2; no trace is written, since
 * the worker was inside the plugin, not writing). (Issue 17) The search workers of `--workers N`,
 * started from that worker, are watched the same way on cells of their own (search-pool.ts), and
 * a method stuck on one of them is reported as `... within 30 s on search worker 2 (step N)`.
 *
 * (Issue 17) Every `check`, `simulate` and `compare` runs on that worker, plugin or not: its thread
 * gets a larger young generation than Node's main thread has (search-heap.ts), which the searches
 * need. So do `measure`, `replay` and `merge`, which run plugin code too (a mechanism file's
 * methods in the timed simulation or the reference engine, a model module replayed to rebuild a
 * failing walk); `measure --threads` workers are watched like search workers (`... on measure
 * worker 1`). REPLCHECK_WATCHDOG=0 runs them on the main thread (no watchdog, V8's default heap).
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { typeScriptLoaderUrl } from '../engine/load-module.ts';
import { WATCH_CALLS, WATCH_CELLS, WATCH_METHOD, WATCH_STEP, type WatchedMethod } from '../engine/watch.ts';
import { STOP_SIGNALS } from './interrupt.ts';
import { searchResourceLimits } from './search-heap.ts';
import type { CliContext } from './context.ts';
import type { ThreadAnnounce, WorkerData, WorkerMessage } from './cli-worker.ts';

/** A thread the watchdog polls: its cells, the methods it announced, what it last saw, and how it is named. */
interface Watched {
  cells: Int32Array;
  methods: Map<number, WatchedMethod>;
  seen: { id: number; calls: number; since: number };
  label: string;
}

/** Seconds a plugin method may run before the watchdog ends the run (`--plugin-timeout`). */
export const DEFAULT_PLUGIN_TIMEOUT = 30;
/** Commands that run on a worker under the watchdog (they may run plugin code). */
const WATCHED_COMMANDS = new Set(['check', 'simulate', 'compare', 'measure', 'replay', 'merge']);
/** How often the watchdog looks, in milliseconds. */
const POLL_MS = 100;

/** The values of `--name V` and `--name=V` in `argv` (before any `--`). */
function flagValues(argv: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === `--${name}` && i + 1 < argv.length) out.push(argv[++i]!);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  }
  return out;
}

/**
 * True when the command in `argv` should run on a worker under the watchdog: one of
 * {@link WATCHED_COMMANDS} (they may run plugin code), not a help request, and
 * REPLCHECK_WATCHDOG is not `0`.
 */
export function wantsWatchdog(argv: readonly string[], env: Record<string, string | undefined>): boolean {
  if (env.REPLCHECK_WATCHDOG === '0' || !WATCHED_COMMANDS.has(argv[0] ?? '')) return false;
  return !(argv.includes('--help') || argv.includes('-h'));
}

/** A positive number of seconds from the last `--name` in `argv`, or undefined (the command validates it). */
function secondsIn(argv: readonly string[], name: string): number | undefined {
  const raw = flagValues(argv, name).at(-1);
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/** Seconds past `--time-limit` that a plugin call may still run: 5, or the plugin timeout if shorter. */
export function timeLimitGrace(pluginTimeout: number): number {
  return Math.min(5, pluginTimeout);
}

/** What the launcher knows: everything a {@link CliContext} holds except the writers. */
export type Launch = Omit<CliContext, 'stdout' | 'stderr'>;

/**
 * Runs `argv` on a worker thread under the watchdog (see the file header) and resolves to the
 * exit code. Output, progress, `--json` and exit codes are the worker's, forwarded as they come.
 * `wiring`, the URL of a module whose `wireReplication()` the worker calls first (bin/wiring.ts),
 * gives `replay` its reference engine on that thread.
 */
export function runSupervised(argv: string[], launch: Launch, ctx: Pick<CliContext, 'stdout' | 'stderr'>, wiring?: string): Promise<number> {
  const startedAt = performance.now();
  const timeout = secondsIn(argv, 'plugin-timeout') ?? DEFAULT_PLUGIN_TIMEOUT;
  const timeLimit = secondsIn(argv, 'time-limit');
  const buffer = new SharedArrayBuffer(WATCH_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(buffer);
  // (Stop 29) The number of the signal forwarded, readable by the worker while it runs (a signal message waits for its event loop).
  const signalled = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const methods = new Map<number, WatchedMethod>();
  const compiled = import.meta.url.endsWith('.js');
  const data: WorkerData = {
    argv, launch: { ...launch, env: { ...launch.env } }, watch: buffer, signalled, columns: process.stderr.columns,
    entry: new URL(`./cli-worker.${compiled ? 'js' : 'ts'}`, import.meta.url).href,
    tsx: typeScriptLoaderUrl(),
    ...(wiring !== undefined ? { wiring } : {}),
  };
  const resourceLimits = searchResourceLimits(process.execArgv, launch.env.NODE_OPTIONS);
  const worker = new Worker(BOOT, { eval: true, workerData: data, ...(resourceLimits !== undefined ? { resourceLimits } : {}) });
  // (Sweep 29) Under --json, stdout is held until the worker has ended: an uncaught error from a
  // plugin (a timer or promise it started, possibly after the verdict) makes the run exit 2, and
  // then the JSON is withheld, so stdout never holds a verdict the exit code contradicts.
  const json = argv.slice(1).includes('--json'); // as runCli reads it
  let held = '';
  const stdout = json ? (s: string) => void (held += s) : ctx.stdout;
  return new Promise<number>((resolve) => {
    let code: number | undefined;
    let finished = false;
    let stopping = false;
    const handlers = new Map<string, () => void>();
    const catchSignals = (on: boolean) => {
      if (on && handlers.size === 0) {
        for (const [signal, n] of Object.entries(STOP_SIGNALS)) {
          const handler = () => {
            // Like withInterrupt: the first asks the worker to stop and report, a second quits at once.
            if (stopping) process.exit(128 + n);
            stopping = true;
            Atomics.store(new Int32Array(signalled), 0, n);
            worker.postMessage({ t: 'signal', signal });
          };
          handlers.set(signal, handler);
          process.on(signal, handler);
        }
      } else if (!on) {
        for (const [signal, handler] of handlers) process.off(signal, handler);
        handlers.clear();
      }
    };
    // (Issue 17) Spill directories the worker made and has not removed: removed here when the
    // worker is ended before it could (a second signal exits at once, the watchdog terminates it).
    const spillDirs = new Set<string>();
    const removeSpill = () => {
      for (const d of spillDirs) rmSync(d, { recursive: true, force: true });
      spillDirs.clear();
    };
    const trackSpill = (path: string, made: boolean) => {
      if (made && spillDirs.size === 0) process.once('exit', removeSpill);
      if (made) spillDirs.add(path);
      else spillDirs.delete(path);
    };
    /** Ends the run with `exit`; `honest` false (the run was cut short or a plugin failed) drops held --json output. */
    const end = (exit: number, honest = false) => {
      if (finished) return;
      finished = true;
      if (honest && held !== '') ctx.stdout(held);
      held = '';
      removeSpill();
      clearInterval(watchdog);
      clearTimeout(linger);
      catchSignals(false);
      resolve(exit);
    };
    let linger: NodeJS.Timeout | undefined;
    // The command's thread, then (issue 17) each search worker it starts, on cells of its own.
    const watched: Watched[] = [{ cells, methods, seen: { id: 0, calls: 0, since: performance.now() }, label: '' }];
    const workerCounts = new Map<string, number>();
    const watchdog = setInterval(() => {
      const now = performance.now();
      for (const w of watched) {
        const id = Atomics.load(w.cells, WATCH_METHOD);
        const calls = Atomics.load(w.cells, WATCH_CALLS);
        if (id !== w.seen.id || calls !== w.seen.calls) w.seen = { id, calls, since: now };
        const m = w.methods.get(id);
        if (id === 0 || m?.file === undefined) continue;
        const running = (now - w.seen.since) / 1000;
        // Past --time-limit, a call gets the grace counted from the later of its start and the limit.
        const deadline = timeLimit === undefined ? Infinity : startedAt + timeLimit * 1000;
        const grace = timeLimitGrace(timeout);
        const late = now >= deadline && now - Math.max(w.seen.since, deadline) >= grace * 1000;
        if (running < timeout && !late) continue;
        const step = Atomics.load(w.cells, WATCH_STEP);
        const within = running >= timeout ? `${timeout} s` : `${grace} s after --time-limit ${timeLimit} s had passed`;
        void worker.terminate();
        ctx.stderr(`replcheck: plugin ${m.file}: ${m.method} did not return within ${within}${w.label} (step ${step}); a plugin method must return (an infinite loop?): fix it, or give a slow method more time with --plugin-timeout S\n`);
        end(2);
        return;
      }
    }, POLL_MS);
    watchdog.unref();
    worker.on('message', (msg: WorkerMessage) => {
      if (finished) return;
      if (msg.t === 'out') (msg.fd === 1 ? stdout : ctx.stderr)(msg.s);
      else if (msg.t === 'uncaught') {
        void worker.terminate();
        ctx.stderr(`replcheck: ${msg.text}\n`);
        if (launch.env.REPLCHECK_DEBUG === '1') ctx.stderr(`${msg.stack}\n`);
        end(2);
      }
      else if (msg.t === 'method') methods.set(msg.id, { file: msg.file, method: msg.method });
      else if (msg.t === 'signals') catchSignals(msg.on);
      else if (msg.t === 'spill') trackSpill(msg.path, msg.made);
      else if (msg.t === 'watch') {
        // A search or measure worker: watched until its port closes (the worker ended).
        const n = (workerCounts.get(msg.kind) ?? 0) + 1;
        workerCounts.set(msg.kind, n);
        const w: Watched = { cells: new Int32Array(msg.buffer), methods: new Map(), seen: { id: 0, calls: 0, since: performance.now() }, label: ` on ${msg.kind} worker ${n}` };
        watched.push(w);
        msg.port.on('message', (a: ThreadAnnounce) => w.methods.set(a.id, { file: a.file, method: a.method }));
        msg.port.on('close', () => watched.splice(watched.indexOf(w), 1));
        msg.port.unref();
      }
      else if (msg.t === 'exit') {
        code = msg.code;
        catchSignals(false);
        // A plugin's timer may keep the worker alive: the run is over, so it is not waited for.
        linger = setTimeout(() => void worker.terminate(), 2000);
      }
    });
    worker.on('error', (e) => {
      if (finished) return;
      const why = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `the run ran out of memory (${argv[0] === 'simulate' ? 'lower --steps, --drain-steps or --runs' : argv[0] === 'check' ? 'lower --max-states, or give --memory MB to end it as incomplete or spill to disk' : 'use a smaller configuration'}, or raise the memory available)`
        : `${e.message.split('\n')[0]} (this is a bug; rerun with REPLCHECK_DEBUG=1 for the stack)`;
      ctx.stderr(`replcheck: internal error: ${why}\n`);
      if (launch.env.REPLCHECK_DEBUG === '1') ctx.stderr(`${e.stack}\n`);
      end(2);
    });
    worker.on('exit', (exit) => end(code ?? exit, code !== undefined));
  });
}

/**
 * The worker's boot script (CommonJS, evaluated): registers tsx when the CLI runs from its
 * TypeScript sources (a loader registered on the main thread does not reach workers), then
 * loads cli-worker.
 */
const BOOT = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((e) => { throw e; });`;
