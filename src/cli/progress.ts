/**
 * Progress at the terminal: while a long run goes on, one line on standard error, rewritten in
 * place (`\r`) each time an explorer reports (about once a second) and cleared at the end. Shown
 * only when standard error is a terminal (`ctx.progress`) and `--json` is not set; otherwise the
 * display does nothing, so pipes, files and CI logs stay quiet.
 */
import type { ExhaustiveProgress, RandomProgress } from '../engine/options.ts';
import type { CliContext } from './context.ts';
import { num } from './report.ts';

/** Clears the current terminal line. */
const CLEAR = '\r\x1b[K';

/** A progress line for one run. */
export interface ProgressDisplay {
  /** For `exhaustive`'s `onProgress` (undefined when quiet). */
  exhaustive?: (p: ExhaustiveProgress) => void;
  /** For `simulate`'s `onProgress` (undefined when quiet). */
  random?: (p: RandomProgress) => void;
  /** The context to run with: its `stderr` clears the progress line before writing (so notices such as Ctrl-C's read cleanly). */
  ctx: CliContext;
  /** Clears the line, if one is shown. Call once the run is over, before printing results. */
  done(): void;
}

/** `75` -> `1:15`, `3725` -> `1:02:05`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${mm}:${two(ss)}`;
}

/** The line for an exhaustive run; `rate` is states per second over the last interval. */
export function exhaustiveLine(p: ExhaustiveProgress, rate: number): string {
  return `  ${num(p.distinctStates)} distinct states · ${num(rate)} states/s · queue ${num(p.queue)} · depth ${p.depth} · ${clock(p.seconds)} elapsed`;
}

/** The line for a random run of `totalRuns` walks. */
export function randomLine(p: RandomProgress, totalRuns: number | undefined): string {
  const rate = p.seconds > 0 ? p.steps / p.seconds : 0;
  const runs = totalRuns !== undefined ? `${num(p.runs)}/${num(totalRuns)}` : num(p.runs);
  return `  runs ${runs} · ${num(p.steps)} steps · ${num(rate)} steps/s · ${num(p.violations)} violation${p.violations === 1 ? '' : 's'} · ${clock(p.seconds)} elapsed`;
}

/**
 * The display for a run. `json` (with `--json`) or a context without `progress` gives a quiet
 * display whose callbacks are undefined. `totalRuns` is the random run's walk count, if known.
 */
export function progressDisplay(ctx: CliContext, json: boolean, totalRuns?: number): ProgressDisplay {
  if (!ctx.progress || json) return { ctx, done: () => {} };
  let shown = false;
  let last = { states: 0, seconds: 0 };
  const columns = () => Math.max(20, (process.stderr.columns || 100) - 1);
  const show = (line: string) => {
    ctx.stderr(CLEAR + line.slice(0, columns()));
    shown = true;
  };
  const clear = () => {
    if (shown) ctx.stderr(CLEAR);
    shown = false;
  };
  const wrapped: CliContext = { ...ctx, stderr: (text) => (clear(), ctx.stderr(text)) };
  return {
    ctx: wrapped,
    exhaustive: (p) => {
      const dt = p.seconds - last.seconds;
      const rate = dt > 0 ? (p.distinctStates - last.states) / dt : 0;
      last = { states: p.distinctStates, seconds: p.seconds };
      show(exhaustiveLine(p, rate));
    },
    random: (p) => show(randomLine(p, totalRuns)),
    done: clear,
  };
}
