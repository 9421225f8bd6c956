/**
 * (Issue 16) The worker-thread side of the plugin watchdog (supervisor.ts): runs one CLI command
 * with a context whose output goes to the main thread as messages (in order, written there as
 * they arrive), shares the watch cells (src/engine/watch.ts) and announces every watched
 * method, tells the main thread when the command catches signals (withInterrupt's listeners)
 * and turns the signals the main thread forwards into the same events, and posts the exit code.
 * (Issue 17) Workers it starts (`--workers N`, `measure --threads N`) are watched too, each on
 * its own cells. User code's console writes through the same messages as the command's output,
 * so it keeps its place among the report's lines (user-output.ts).
 */
import { MessageChannel, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { TS_LOADER } from '../engine/load-module.ts';
import { shareWatch, WATCH_CELLS } from '../engine/watch.ts';
import { uncaughtText } from '../engine/plugin-guard.ts';
import { onSpillDirs } from '../engine/spill.ts';
import { shareSignal, STOP_SIGNALS } from './interrupt.ts';
import { watchThreads, type ThreadKind } from './threads.ts';
import { consoleTo } from './user-output.ts';
import { runCli } from './main.ts';
import type { Launch } from './supervisor.ts';

/** What the main thread passes to the worker. */
export interface WorkerData {
  argv: string[];
  launch: Launch;
  /** The watch cells' buffer. */
  watch: SharedArrayBuffer;
  /** (Stop 29) One cell: the number of the signal the main thread forwarded (0: none yet). */
  signalled: SharedArrayBuffer;
  /** The terminal's width (progress lines are cut to it). */
  columns: number | undefined;
  /** URL of this module (boot script). */
  entry: string;
  /** URL of tsx's registration API when the CLI runs from sources (boot script). */
  tsx: string | undefined;
  /** URL of a module whose `wireReplication()` runs before the command (bin/wiring.ts: replay's reference engine). */
  wiring?: string;
}

/** What the worker posts. */
export type WorkerMessage =
  | { t: 'out'; fd: 1 | 2; s: string }
  | { t: 'method'; id: number; file: string | undefined; method: string }
  | { t: 'signals'; on: boolean }
  /** (Issue 17) A spill directory was made (`made`) or removed: the main thread removes it if it ends this worker. */
  | { t: 'spill'; path: string; made: boolean }
  /** (Issue 17) A worker's watch cells, and the port on which it announces its methods ({@link ThreadAnnounce}); closed when it ends. */
  | { t: 'watch'; buffer: SharedArrayBuffer; port: MessagePort; kind: ThreadKind }
  | { t: 'exit'; code: number }
  /** (Sweep 29) An uncaught exception or unhandled rejection on this thread: the line to print (without `replcheck: `) and its stack. */
  | { t: 'uncaught'; text: string; stack: string };

/** What a search worker posts on its watch port: a method it registered. */
export interface ThreadAnnounce {
  id: number;
  file: string | undefined;
  method: string;
}

const port = parentPort!;
const data = workerData as WorkerData;
const post = (m: WorkerMessage) => port.postMessage(m);
if (data.tsx !== undefined) (globalThis as Record<symbol, unknown>)[TS_LOADER] = data.tsx;
if (data.columns !== undefined) (process.stderr as { columns?: number }).columns = data.columns;

shareWatch(data.watch, (id, m) => post({ t: 'method', id, file: m.file, method: m.method }));
shareSignal(data.signalled);
onSpillDirs((path, made) => post({ t: 'spill', path, made }));
// (Issue 17) Workers get cells of their own, watched by the main thread like these.
watchThreads((kind) => {
  const buffer = new SharedArrayBuffer(WATCH_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const channel = new MessageChannel();
  port.postMessage({ t: 'watch', buffer, port: channel.port2, kind } satisfies WorkerMessage, [channel.port2]);
  return { buffer, port: channel.port1 };
});
// User code's console, in order with the command's output (on one thread it writes to the same streams).
consoleTo((s) => post({ t: 'out', fd: 1, s }), (s) => post({ t: 'out', fd: 2, s }));
// (Sweep 29) An uncaught exception or unhandled rejection (a plugin's timer or promise, before or
// after the command returned) ends the run: the main thread prints its line, withholds --json
// output and exits 2. With a user plugin loaded it is the plugin's (plugin-guard.ts), else a bug.
const uncaught = (e: unknown): void => {
  const text = uncaughtText(e)
    ?? `internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (this is a bug; rerun with REPLCHECK_DEBUG=1 for the stack)`;
  post({ t: 'uncaught', text, stack: e instanceof Error ? String(e.stack) : String(e) });
};
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);
if (data.wiring !== undefined) ((await import(data.wiring)) as { wireReplication(): void }).wireReplication();

// Signals reach the main thread only: it catches them while the command does, and forwards them.
const signals = Object.keys(STOP_SIGNALS);
let catching = false;
const catchSignals = (on: boolean) => on !== catching && post({ t: 'signals', on: (catching = on) });
// 'newListener' comes before the listener is added, 'removeListener' after it was removed.
process.on('newListener', (event: string | symbol) => typeof event === 'string' && signals.includes(event) && catchSignals(true));
process.on('removeListener', (event: string | symbol) => {
  if (typeof event === 'string' && signals.includes(event)) catchSignals(signals.some((x) => process.listenerCount(x) > 0));
});
port.on('message', (m: { t: 'signal'; signal: string }) => {
  if (m.t === 'signal') process.emit(m.signal as NodeJS.Signals, m.signal as NodeJS.Signals);
});

const code = await runCli(data.argv, {
  ...data.launch,
  stdout: (s) => post({ t: 'out', fd: 1, s }),
  stderr: (s) => post({ t: 'out', fd: 2, s }),
});
post({ t: 'exit', code });
// Not closed: a plugin's timer that throws after this still reports (see `uncaught`); unref'd, the port does not keep the thread alive.
port.unref();
