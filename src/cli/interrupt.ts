/**
 * Signals during a run: the first SIGINT (Ctrl-C), SIGTERM or SIGHUP asks the explorer to stop
 * (it then reports what it explored, as incomplete: exit 3); a second one quits at once with
 * the shell's status for that signal (128 + its number: 130, 143, 129).
 */
import type { CliContext } from './context.ts';

/** The signals handled like Ctrl-C, with their numbers. */
export const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** Runs `fn` with the signal handlers installed; `fn` polls the `shouldStop` it is given. */
export async function withInterrupt<T>(ctx: CliContext, fn: (shouldStop: () => boolean) => Promise<T>): Promise<T> {
  let stop = false;
  const handlers = Object.entries(STOP_SIGNALS).map(([signal, n]) => {
    const handler = () => {
      if (stop) process.exit(128 + n);
      stop = true;
      const again = signal === 'SIGINT' ? 'Ctrl-C again' : `${signal} again`;
      ctx.stderr(`\nreplcheck: ${signal === 'SIGINT' ? 'interrupted' : `received ${signal}`}; stopping and reporting what was explored (${again} to quit now)\n`);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await fn(() => stop);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
