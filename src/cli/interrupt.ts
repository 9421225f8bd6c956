/**
 * Signals during a run: the first SIGINT (Ctrl-C), SIGTERM or SIGHUP asks the explorer to stop
 * (it then reports what it explored, as incomplete: exit 3); a second one quits at once with
 * the shell's status for that signal (128 + its number: 130, 143, 129).
 */
import type { CliContext } from './context.ts';

/** The signals handled like Ctrl-C, with their numbers. */
export const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * (Stop 29) On a worker thread of the CLI (cli-worker.ts): the cell where the main thread writes
 * the number of the signal it forwards. The signal itself arrives as a message, which waits for
 * the worker's event loop: a search inside one long expansion (a 10,000-host state) never saw it.
 */
let signalled: Int32Array | undefined;

/** Shares the cell {@link withInterrupt} reads the forwarded signal from. */
export function shareSignal(buffer: SharedArrayBuffer): void {
  signalled = new Int32Array(buffer);
}

/** Runs `fn` with the signal handlers installed; `fn` polls the `shouldStop` it is given (it may poll from synchronous code). */
export async function withInterrupt<T>(ctx: CliContext, fn: (shouldStop: () => boolean) => Promise<T>): Promise<T> {
  let stop = false;
  let announced = false;
  const announce = (signal: string) => {
    if (announced) return;
    announced = true;
    const again = signal === 'SIGINT' ? 'Ctrl-C again' : `${signal} again`;
    ctx.stderr(`\nreplcheck: ${signal === 'SIGINT' ? 'interrupted' : `received ${signal}`}; stopping and reporting what was explored (${again} to quit now)\n`);
  };
  const handlers = Object.entries(STOP_SIGNALS).map(([signal, n]) => {
    const handler = () => {
      // Forwarded by the main thread, which quits at once on a second signal itself.
      if (stop && signalled === undefined) process.exit(128 + n);
      stop = true;
      announce(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const shouldStop = () => {
    if (!stop && signalled !== undefined) {
      const n = Atomics.load(signalled, 0);
      if (n !== 0) {
        stop = true;
        announce(Object.entries(STOP_SIGNALS).find(([, k]) => k === n)?.[0] ?? 'SIGINT');
      }
    }
    return stop;
  };
  try {
    return await fn(shouldStop);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
