/**
 * `replcheck check`: exhaustive breadth-first exploration (src/engine/exhaustive.ts). Validates
 * every flag and the model selection first, then runs under a Ctrl-C handler and reports; a
 * violation's counterexample is a shortest one.
 */
import { exhaustive } from '../engine/exhaustive.ts';
import { ModelContractError } from '../engine/errors.ts';
import type { RunResult } from '../engine/result.ts';
import { intFlag, memoryFlag, parseFlags, secondsFlag, spillFlag, str, type Flags } from './args.ts';
import type { Command } from './context.ts';
import { finish } from './finish.ts';
import { withInterrupt } from './interrupt.ts';
import { progressDisplay } from './progress.ts';
import { header, num } from './report.ts';
import { prepare, SELECTION_HELP, SELECTION_OPTIONS } from './selection.ts';
import { checkpointHooks, DEFAULT_CHECKPOINT_EVERY, resumeArgs } from './checkpoint-files.ts';
import { runSuite } from './suite.ts';
import { loadModelModule, moduleSource } from './target.ts';
import { parallelFor, WORKERS_HELP, workersFlag, workersPlan } from './search-pool.ts';

const OPTIONS = {
  ...SELECTION_OPTIONS,
  'require-witnesses': { type: 'boolean' },
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
  memory: { type: 'string' },
  'spill-dir': { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'string' },
  workers: { type: 'string' },
} as const;

const HELP = `Usage: replcheck check [selection flags] [--max-states N] [--max-depth N] [--time-limit S] [options]

Explores every reachable state breadth-first (modulo the model's symmetry reduction) and decides
each property: always (invariants, shortest counterexample), transition (invariants over every
step s -a-> t), sometimes (a shortest witness; none is a violation), alwaysReachable (from
every state a goal state is reachable) and eventually (leads-to under weak fairness of the
model's fair action kinds; the counterexample is a lasso: 'loop back to step N'). Every property
reports its witnesses; one that holds without any is a vacuous pass. A limit
that stops the search first makes the result incomplete, never a pass.

Without --config, a model that declares a default suite (the replication model does) is checked
on every configuration of the suite, each exhaustively, and one table shows property x
configuration (holds / VIOLATED / vacuous / n/a) and which configuration exercised each property.
A property a target does not promise (e.g. one its ordering mechanism does not guarantee) is
still checked and reported as 'not promised'; its violation does not fail the run.

${SELECTION_HELP}
Limits:
  --max-states N        stop after N distinct states
  --max-depth N         do not expand states at depth N or deeper
  --time-limit S        stop after S seconds, counted from the start (model construction included)
  --memory MB           keep the run within MB megabytes: the visited set and the frontier
                        spill to disk (a sorted fingerprint file merged with the in-memory
                        table when it fills, frontier levels in chunks, parent links in a
                        trace file) so the search goes on past RAM; if the process still
                        outgrows MB the run stops as incomplete (limit 'memory'). Without
                        --memory nothing spills and the run stops as incomplete at the default
                        budget: the smaller of 3/4 of the machine's memory (of the container's
                        memory limit, when there is one) and V8's heap limit.
                        Properties that need the state graph (alwaysReachable, eventually) and
                        --checkpoint runs keep everything in memory
  --spill-dir DIR       where spill files go (default: the system's temporary directory); they
                        are removed when the run ends, fails or is interrupted. Implies spilling
Threads:
${WORKERS_HELP}
                        (a run still going after 0.5 s starts them; levels of 2,048 states
                        or more are then expanded on them; with --checkpoint/--resume and
                        when spilling to disk, the run stays on one thread)
Vacuity:
  --require-witnesses   a property that holds without a witness (never exercised: its
                        antecedent never held) is incomplete (exit 3), not a vacuous pass
Checkpoints:
  --checkpoint DIR      save the search to DIR/checkpoint.bin every --checkpoint-every seconds
                        (and when interrupted or out of --time-limit); a kill while saving
                        keeps the previous one
  --checkpoint-every S  seconds between checkpoints (default ${DEFAULT_CHECKPOINT_EVERY})
  --resume DIR          continue the search saved in DIR (same flags as the run that saved it)
                        to the same verdicts, counts and counterexamples; it keeps saving to DIR

Exit status: 0 all hold, 1 violation (trace written), 2 bad input, 3 incomplete (limit or Ctrl-C).

A violation writes its trace to --out (<model>-<property>-check-<hash>.trace.json, or
--trace-name NAME) and an HTML report next to it (.trace.html: sequence diagram, facts, the state at each step); see 'replcheck show'.

Examples:
  npx replcheck check --json                    (the default suite, one table)
  npx replcheck check --mechanism sequencer --knob fifoHoldBack=false
  npx replcheck check --config small
  npx replcheck check --config small --mechanism arrival-order --property causal-order
  npx replcheck check --config tiny --json
  npx replcheck check --model examples/two-phase.ts --param rms=4 --max-states 1000000`;

/** The limits a set of flags asks for, as given (for paste-back lines). */
function limitArgs(flags: Flags, keys: string[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const v = str(flags, k);
    if (v !== undefined) out.push(`--${k}`, v);
  }
  return out;
}

async function run(argv: string[], ctx: Parameters<Command['run']>[1]): Promise<number> {
  const startedAt = performance.now();
  const flags = parseFlags('check', argv, OPTIONS);
  const maxStates = intFlag(flags, 'max-states', 1);
  const maxDepth = intFlag(flags, 'max-depth', 0);
  const timeLimit = secondsFlag(flags, 'time-limit');
  const memoryBytes = memoryFlag(flags);
  const spill = spillFlag(flags, ctx.cwd);
  const every = secondsFlag(flags, 'checkpoint-every') ?? DEFAULT_CHECKPOINT_EVERY;
  const workers = workersPlan(workersFlag(flags), { checkpoint: str(flags, 'checkpoint') !== undefined || str(flags, 'resume') !== undefined, spill: spill !== undefined });
  // (Issue 11) No --config on a module with a default suite: check the whole suite.
  if (str(flags, 'config') === undefined) {
    const mod = await loadModelModule(moduleSource(str(flags, 'model'), ctx.cwd, ctx.defaultModel));
    if (mod.suite?.length && mod.accepts?.config) {
      return runSuite(flags, mod.suite, { maxStates, maxDepth, timeLimit, requireWitnesses: flags['require-witnesses'] === true },
        limitArgs(flags, ['max-states', 'max-depth']), ctx, workers.count);
    }
  }
  const p = await prepare(flags, ctx);
  p.workers = workers.note ?? String(workers.count);
  const checkpoint = checkpointHooks(flags, p, every, { maxStates, maxDepth }, ctx);
  if (!p.json) {
    const limits = [maxStates !== undefined && `max ${num(maxStates)} states`, maxDepth !== undefined && `max depth ${maxDepth}`,
      timeLimit !== undefined && `time limit ${timeLimit} s`, workers.count > 1 && `up to ${workers.count} worker threads`].filter(Boolean);
    ctx.stdout(header(p, `exhaustive (breadth-first)${limits.length ? `, ${limits.join(', ')}` : ''}`));
  }
  const progress = progressDisplay(ctx, p.json);
  const result = await withInterrupt(progress.ctx, (shouldStop) => exhaustive(p.target.model, p.properties, {
    maxStates, maxDepth, timeLimit, startedAt, memoryBytes, spill, shouldStop, onProgress: progress.exhaustive, checkpoint,
    // (Stop 29) A 10,000-host state takes minutes to expand with nothing shown: say so at once.
    onWideState: (id, n) => ctx.stderr(`replcheck: note: state ${id} has ${num(n)} enabled actions; an exhaustive search of a configuration this large is unlikely to finish (bound it with --time-limit or --max-states, or test it with simulate)\n`),
    parallel: parallelFor(p, workers.count, ctx.env),
    requireWitnesses: flags['require-witnesses'] === true,
    // --stop-at-first stops at a violation that fails the run: of a property the target promises.
    stopAtFirst: flags['stop-at-first'] === true ? (p.target.promised ?? true) : false,
  })).catch((e: unknown) => {
    // Name the design under test: with a plugin mechanism, the plugin is the likely culprit.
    const mech = p.target.meta.mechanism;
    if (e instanceof ModelContractError && mech !== undefined) throw new ModelContractError(`${e.message} [mechanism ${p.selection.mechanism ?? mech}]`);
    throw e;
  });
  progress.done();
  return finish(p, result as RunResult<unknown, unknown>, {
    command: 'check',
    modeArgs: [...limitArgs(flags, ['max-states', 'max-depth', 'time-limit', 'memory']), ...(flags['require-witnesses'] ? ['--require-witnesses'] : []),
      ...(flags['stop-at-first'] === true ? ['--stop-at-first'] : []), ...resumeArgs(flags, ctx.cwd, (result.stats as { limit?: string }).limit)],
    violationArgs: () => limitArgs(flags, ['max-states', 'max-depth']),
  }, ctx);
}

/** The `check` command. */
export const command: Command = {
  name: 'check',
  summary: 'explore every reachable state (exhaustive, breadth-first) and decide the properties',
  help: HELP,
  run,
};
