/**
 * (Issue 17) The heap of the thread a `check`, `simulate` or `compare` runs on. Exhaustive and
 * random search allocate many short-lived objects (each successor, its views, its encoding),
 * and with V8's default young generation (semi-spaces of 16 MB) a big replication run spends
 * 14-17% of its time in scavenges that promote states which then die in the old generation.
 * Those commands therefore run on a worker thread (supervisor.ts) whose young generation is
 * {@link SEARCH_YOUNG_GENERATION_MB} (semi-spaces of 64 MB): about 0.92x the time of
 * `check --config medium`, for 90-150 MB more peak memory (bench/sections/replication-stop25.md).
 * V8 reads `--max-semi-space-size` only when an isolate starts, which is why it takes a worker (a
 * thread's `resourceLimits`) rather than a flag set at run time.
 *
 * A user who sets the young generation explicitly (`--max-semi-space-size` in Node's options
 * or NODE_OPTIONS) keeps their value, and so does one who gives V8 a small old generation
 * (`--max-old-space-size` under {@link SMALL_OLD_SPACE_MB}): a young generation of 192 MB beside
 * an old one of 64 would let a single scavenge promote more than the old generation holds, so V8
 * would abort before the run's memory guard (src/engine/guard.ts) could end it as `incomplete`.
 * The worker is then started without a limit of its own (V8's default, as on the main thread).
 */

/** Megabytes of the search thread's young generation (three semi-spaces of 64 MB, as V8 counts it). */
export const SEARCH_YOUNG_GENERATION_MB = 192;

/** The `--max-semi-space-size` that gives the main thread of a process the same young generation (bench/run.ts). */
export const SEARCH_SEMI_SPACE_MB = SEARCH_YOUNG_GENERATION_MB / 3;

/** An old generation (MB) below which the young generation is left at V8's default. */
export const SMALL_OLD_SPACE_MB = 1536;

/** V8 options that size the young generation; when the user gave one, it is left alone. */
const YOUNG_FLAGS = /--(max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/;
/** `--max-old-space-size=MB` (or with a space), the last one wins as in Node. */
const OLD_FLAG = /--max[-_]old[-_]space[-_]size[= ](\d+)/g;

/** The last `--max-old-space-size` among `options`, in MB, or undefined. */
function oldSpaceMb(options: readonly string[]): number | undefined {
  let mb: number | undefined;
  for (const o of options) for (const m of o.matchAll(OLD_FLAG)) mb = Number(m[1]);
  return mb;
}

/**
 * The `resourceLimits` of the thread a command runs on: the larger young generation, unless
 * Node was started (`execArgv`, or `nodeOptions`: NODE_OPTIONS) with an explicit young-generation
 * option or an old generation under {@link SMALL_OLD_SPACE_MB}.
 */
export function searchResourceLimits(execArgv: readonly string[], nodeOptions: string | undefined): { maxYoungGenerationSizeMb: number } | undefined {
  const options = [nodeOptions ?? '', execArgv.join(' ')];
  if (options.some((o) => YOUNG_FLAGS.test(o))) return undefined;
  const old = oldSpaceMb(options);
  if (old !== undefined && old < SMALL_OLD_SPACE_MB) return undefined;
  return { maxYoungGenerationSizeMb: SEARCH_YOUNG_GENERATION_MB };
}
