/**
 * Ctrl-C during a run: the first SIGINT asks the explorer to stop (it then reports what it
 * explored, as incomplete); a second one quits at once with status 130.
 */
import type { CliContext } from './context.ts';

/** Runs `fn` with a SIGINT handler installed; `fn` polls the `shouldStop` it is given. */
export async function withInterrupt<T>(ctx: CliContext, fn: (shouldStop: () => boolean) => Promise<T>): Promise<T> {
  let stop = false;
  const onSigint = () => {
    if (stop) process.exit(130);
    stop = true;
    ctx.stderr('\nreplcheck: interrupted; stopping and reporting what was explored (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(() => stop);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
