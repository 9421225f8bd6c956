/**
 * `replcheck simulate`: seeded random walks (src/engine/random.ts). Validates every flag and the
 * model selection first, then runs under a Ctrl-C handler and reports; a violation prints the
 * `--seed`/`--path` paste-back line that replays exactly the shrunk counterexample.
 */
import { search, simulate, type SimulateStats } from '../engine/random.ts';
import { DEFAULT_RUNS, DEFAULT_STEPS, resolveRandomOptions } from '../engine/random-options.ts';
import type { RunResult } from '../engine/result.ts';
import { parseFlags, secondsFlag, str, type Flags } from './args.ts';
import { checkPathRun, searchOptions, walkArgs } from './simulate-flags.ts';
import { UsageError } from '../engine/errors.ts';
import type { CliContext, Command } from './context.ts';
import { finish } from './finish.ts';
import { withInterrupt } from './interrupt.ts';
import { progressDisplay } from './progress.ts';
import { header, num } from './report.ts';
import { seedArgs } from './reproduce.ts';
import { prepare, SELECTION_HELP, SELECTION_OPTIONS, type Prepared } from './selection.ts';
import { parseShard } from './shard-file.ts';
import { reportShard } from './shard-run.ts';
import { walkedProperties, withUnwalked } from '../engine/promises.ts';
import { DEFAULT_CHECKPOINT_EVERY, randomCheckpointHooks, resumeArgs } from './checkpoint-files.ts';
import type { Property } from '../engine/property.ts';
import { checkReplayPath, walkChoices } from '../engine/replay-path.ts';
import { simulateOnWorkers, type ShardWorker } from '../engine/parallel-random.ts';
import { ParallelFallback } from '../engine/parallel-options.ts';
import { availableParallelism } from 'node:os';
import { PrestartedShards } from './shard-prestart.ts';
import { describe, randomWorkers, SHORT_RANDOM_RUN, spawnSearchWorker, workersChosen, workersFlag, workersPlan } from './search-pool.ts';

const OPTIONS = {
  ...SELECTION_OPTIONS,
  'require-witnesses': { type: 'boolean' },
  runs: { type: 'string' },
  steps: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  'check-every': { type: 'string' },
  'drain-steps': { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'string' },
  shard: { type: 'string' },
  'shard-out': { type: 'string' },
  workers: { type: 'string' },
} as const;

const HELP = `Usage: replcheck simulate [selection flags] [--runs N] [--steps N] [--seed S] [--path P] [options]

Seeded random walks, generated and shrunk by fast-check. Each walk takes up to --steps random
actions, then a drain phase takes the first enabled drain action (deliver, order, merge, ...)
until none is left, and alwaysReachable goals are checked at its end. A failing walk is shrunk
to a short counterexample; the printed --seed and --path replay it exactly. Same seed, same
result. Random search tests the states it visits: 'holds' means no violation was found. A run
always ends at its first failing walk (--stop-at-first is accepted for uniformity with check).

${SELECTION_HELP}
Search:
  --runs N              number of walks (default ${DEFAULT_RUNS})
  --steps N             longest walk before its drain phase, 1 to 10,000,000 (default ${DEFAULT_STEPS})
  --seed S              fast-check seed, a 32-bit integer (default 0; negative: --seed=-5)
  --path P              fast-check replay path printed with a violation (e.g. "3:1:0"); one
                        that names no walk of this seed and --steps is refused (exit 2)
  --check-every N       check invariants every N steps and at the end of walk and drain (default 1)
  --drain-steps N       longest drain phase (default 10 x --steps, or the configuration's
                        bound on a settling drain, shown in the header)
  --time-limit S        stop after S seconds (incomplete unless a violation was found)
  --require-witnesses   a property that holds without a witness (never exercised) is
                        incomplete (exit 3), not a vacuous pass
Threads:
  --workers N           threads that walk (default: the environment variable REPLCHECK_WORKERS,
                        else the number of cores; a run of at most ${SHORT_RANDOM_RUN.toLocaleString('en-US')} steps in all keeps
                        one thread); this thread and N-1 workers take the next run nobody has
                        taken, and the figures are added up as 'replcheck merge' does, so the
                        result is the same for every N; --path, --shard and
                        --checkpoint/--resume keep one thread
Checkpoints:
  --checkpoint DIR      save the run to DIR/checkpoint.bin between two walks every
                        --checkpoint-every seconds (and when interrupted)
  --checkpoint-every S  seconds between checkpoints (default ${DEFAULT_CHECKPOINT_EVERY})
  --resume DIR          continue the run saved in DIR (same flags as the run that saved it)
                        to the same verdicts, counts and counterexample; it keeps saving to DIR
Sharding (several machines; see 'replcheck merge --help'):
  --shard I/N           run only the I-th of N disjoint slices of the runs (run r when
                        r mod N == I-1, each walk exactly as the unsharded run makes it) and
                        write a result file instead of a report; exit 0 once it is written
  --shard-out FILE      where the result file goes (default: <out>/shard-I-of-N.json)

Exit status: 0 all hold, 1 violation (trace written), 2 bad input, 3 incomplete (limit or Ctrl-C).

A violation writes its trace to --out (<model>-<property>-simulate-<hash>.trace.json, or
--trace-name NAME) and an HTML report next to it (.trace.html); the printed 'reproduce' line adds the --seed and --path that replay it.

Examples:
  npx replcheck simulate --config small --runs 1000 --steps 200
  npx replcheck simulate --config small --mechanism arrival-order --property causal-order --seed 7
  npx replcheck simulate --config medium --runs 500 --time-limit 60
  npx replcheck simulate --model examples/two-phase.ts --param variant=eager-commit --json
  npx replcheck simulate --config large --runs 1000 --seed 1 --shard 3/8   # then: replcheck merge`;

/** A simulate run, planned: validated flags, the prepared target and the search options. */
export interface SimulatePlan {
  flags: Flags;
  p: Prepared;
  o: ReturnType<typeof searchOptions>;
  seed: number;
  /** The properties the walks check (the target's promises, see engine/promises.ts). */
  walked: Property<unknown, unknown>[];
  /** The report's header line. */
  headerText: string;
}

/**
 * Validates `argv` and prepares the target (shared by `simulate` and `merge`); `beforeBuild`
 * (stop 36) is called with the validated flags before the model is built (see `prepare`).
 */
export async function planSimulate(argv: string[], ctx: CliContext,
  beforeBuild?: (named: Pick<Prepared, 'source' | 'selection' | 'propertyNames'>, flags: Flags, o: ReturnType<typeof searchOptions>) => void): Promise<SimulatePlan> {
  const flags = parseFlags('simulate', argv, OPTIONS);
  const o = { ...searchOptions(flags) }; // validates the flags before anything loads
  checkPathRun(o.path, o.runs);
  const shard = str(flags, 'shard');
  if (shard !== undefined) {
    parseShard(shard);
    if (o.path !== undefined) throw new UsageError('--path replays one walk and cannot be sharded; drop --shard (the path names the run)');
  }
  const p = await prepare(flags, ctx, beforeBuild && ((named) => beforeBuild(named, flags, o)));
  // The target's own defaults (large configurations) apply where the user set nothing.
  const hints = p.target.simulate ?? {};
  if (o.checkEvery === undefined && hints.checkEvery !== undefined) o.checkEvery = hints.checkEvery;
  if (o.drainSteps === undefined) o.drainSteps = hints.drainStepsFor?.(o.steps ?? DEFAULT_STEPS) ?? hints.drainSteps;
  const seed = o.seed ?? 0;
  // A --path that names no walk is refused before the header (search() checks it again for library callers).
  if (o.path !== undefined) checkReplayPath(o.path, seed, walkChoices(o.steps ?? DEFAULT_STEPS, p.target.model.init().length));
  const headerText = header(p, `random: ${num(o.runs ?? DEFAULT_RUNS)} runs of up to ${num(o.steps ?? DEFAULT_STEPS)} steps, seed ${seed}${o.path ? `, path ${o.path}` : ''}` +
    (o.checkEvery !== undefined && str(flags, 'check-every') === undefined ? `, invariants every ${num(o.checkEvery)} steps (configuration default)` : '') +
    (o.drainSteps !== undefined && str(flags, 'drain-steps') === undefined ? `, drain up to ${num(o.drainSteps)} steps (configuration default)` : ''));
  const walked = walkedProperties(p.properties, p.target.promised, p.propertyNames !== undefined) as Property<unknown, unknown>[];
  return { flags, p, o, seed, walked, headerText };
}

/** Reports a concluded run (verdicts, traces, reproduce lines) and returns the exit code. */
export function finishSimulate(plan: SimulatePlan, raw: RunResult<unknown, unknown>, ctx: CliContext): number {
  const { flags, p, o, seed } = plan;
  const result = withUnwalked(raw, p.properties as Property<unknown, unknown>[], p.target.promised);
  const stats = result.stats as SimulateStats;
  const runsArgs = str(flags, 'runs') ? ['--runs', str(flags, 'runs')!] : [];
  const modeArgs = [...runsArgs, ...walkArgs(flags), ...seedArgs(seed),
    ...(o.path ? ['--path', o.path] : []), ...(str(flags, 'time-limit') ? ['--time-limit', str(flags, 'time-limit')!] : []),
    ...(flags['require-witnesses'] ? ['--require-witnesses'] : [])];
  return finish(p, result, {
    command: 'simulate',
    modeArgs: [...modeArgs, ...resumeArgs(flags, ctx.cwd, stats.limit)],
    violationArgs: () => (stats.path !== undefined ? [...runsArgs, ...walkArgs(flags), ...seedArgs(seed), '--path', stats.path] : modeArgs),
  }, ctx);
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const pre = new PrestartedShards();
  try {
    const plan = await planSimulate(argv, ctx, (named, flags, o) => {
      const n = prestartCount(flags, o);
      if (n > 0) pre.start(describe(named, 'random'), n);
    });
    return await runPlanned(plan, pre, ctx);
  } finally {
    pre.dispose();
  }
}

/**
 * (Stop 36) The walk workers to start before the model is built: the count the run will most
 * likely plan, from the flags alone (the target's own defaults can still change it; the run
 * then ends the workers it does not take, or starts more itself). 0 when a flag is bad (the
 * run reports it where it always did).
 */
function prestartCount(flags: Flags, o: ReturnType<typeof searchOptions>): number {
  try {
    const threads = workersChosen(flags) ? workersFlag(flags) : availableParallelism();
    return walkWorkers(flags, threads, o, str(flags, 'checkpoint') !== undefined || str(flags, 'resume') !== undefined).count - 1;
  } catch {
    return 0;
  }
}

/** The walking threads a run of `o` gets from `threads` (see search-pool.ts `workersPlan`, `randomWorkers`). */
function walkWorkers(flags: Flags, threads: number, o: Parameters<typeof resolveRandomOptions>[0], checkpoint: boolean): { count: number; note?: string } {
  const bound = resolveRandomOptions(o);
  return randomWorkers(workersPlan(threads, { checkpoint, path: o.path !== undefined, shard: str(flags, 'shard') !== undefined }),
    workersChosen(flags), bound.runs * (bound.steps + bound.drainSteps));
}

async function runPlanned(plan: SimulatePlan, pre: PrestartedShards, ctx: CliContext): Promise<number> {
  const { flags, p, o } = plan;
  // Bad --workers, REPLCHECK_WORKERS or --shard values end the run before any output (one line, exit 2).
  const threads = workersChosen(flags) ? workersFlag(flags) : availableParallelism();
  const shardFlag = str(flags, 'shard');
  const shard = shardFlag !== undefined ? parseShard(shardFlag) : undefined;
  const progress = progressDisplay(ctx, p.json, o.runs ?? DEFAULT_RUNS);
  const checkpoint = randomCheckpointHooks(flags, p, secondsFlag(flags, 'checkpoint-every') ?? DEFAULT_CHECKPOINT_EVERY,
    { seed: plan.seed, runs: o.runs, steps: o.steps, checkEvery: o.checkEvery, drainSteps: o.drainSteps, path: o.path }, plan.walked, ctx);
  const options = {
    ...o, shouldStop: undefined as (() => boolean) | undefined, checkpoint, onProgress: progress.random, metrics: p.target.metrics?.(), requireWitnesses: flags['require-witnesses'] === true,
  };
  const metricsOk = options.metrics === undefined || (options.metrics.absorb !== undefined && options.metrics.tallies !== undefined);
  const workers = walkWorkers(flags, threads, options, checkpoint !== undefined);
  if (workers.count > 1 && !metricsOk) Object.assign(workers, { count: 1, note: "1 (the target's metrics cannot be added up across workers)" });
  p.workers = workers.note ?? String(workers.count);
  if (workers.count <= 1) pre.dispose(); // started for a plan the target's defaults changed
  // (Sweep 30b) After the checkpoint to resume from was read and checked: a refused --resume
  // (another run's checkpoint, none at all) printed the header on stdout before its exit-2 line.
  if (!p.json) ctx.stdout(plan.headerText);
  if (shard !== undefined) {
    const resolved = resolveRandomOptions(options);
    const tally = await withInterrupt(progress.ctx, (shouldStop) => search(p.target.model, plan.walked, { ...options, shouldStop, shard: { index: shard.index - 1, count: shard.count } }, resolved));
    progress.done();
    return reportShard(plan, shard, tally, ctx);
  }
  const raw = await withInterrupt(progress.ctx, async (shouldStop) => {
    if (workers.count <= 1) return simulate(p.target.model, plan.walked, { ...options, shouldStop });
    const target = describe(p, 'random');
    const spawn = (shard: unknown) => pre.take(target, shard) ?? spawnSearchWorker(target, shard) as unknown as ShardWorker;
    try {
      // REPLCHECK_JOIN_WAIT=1 (tests that need a worker to walk): wait for every worker to join.
      const here = { metrics: () => p.target.metrics?.(), wait: process.env.REPLCHECK_JOIN_WAIT === '1' };
      return { ...await simulateOnWorkers(p.target.model, plan.walked, { ...options, shouldStop }, { workers: workers.count, spawn, here }), workers: String(workers.count) };
    } catch (e) {
      if (!(e instanceof ParallelFallback)) throw e;
      // A fresh metrics observer: the failed attempt may have fed the first one.
      const r = await simulate(p.target.model, plan.walked, { ...options, metrics: p.target.metrics?.(), shouldStop });
      return { ...r, workers: `1 (restarted: ${e.reason})` };
    }
  });
  progress.done();
  return finishSimulate(plan, raw as RunResult<unknown, unknown>, ctx);
}

/** The `simulate` command. */
export const command: Command = {
  name: 'simulate',
  summary: 'seeded random walks with shrinking (fast-check); reproducible from --seed and --path',
  help: HELP,
  run,
};
