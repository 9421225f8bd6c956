/**
 * `replcheck measure`: the timed, statistical simulation of a model module's `timed` layer
 * (src/timed/contract.ts): per mechanism, independent seeded runs until the requested relative
 * precision (or a fixed --runs), a table of costs with 95% confidence intervals, and --assert
 * checks decided by sequential tests. Exit 0 it ran (and every assertion holds), 1 an assertion
 * is refuted, 3 an assertion is undecided or the precision was not reached within the budget,
 * 2 bad input (nothing runs before every flag and every mechanism's configuration is valid).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { parseAssertion } from '../timed/assertion.ts';
import { withInterrupt } from './interrupt.ts';
import { isTimedModule, type TimedExperiment } from '../timed/contract.ts';
import { measureParallel, type WorkerSpec } from '../timed/parallel.ts';
import { measure, type Measurement } from '../timed/replicate.ts';
import { renderMeasureHtml } from '../../traces/render/measure-html.ts';
import { distinctMechanismNames, intFlag, knobFlags, list, parseFlags, secondsFlag, seedFlag, str } from './args.ts';
import { EXIT, type CliContext, type Command } from './context.ts';
import { formatCell, measureJson, measureMarkdown, type MeasureInfo } from './measure-report.ts';
import { loadModelModule, moduleSource } from './target.ts';
import { asMechanismsEntry } from './selection.ts';
import { JSON_SCHEMA_VERSION } from './schema-version.ts';
import { entryUrl, startThread } from './threads.ts';
import { makeDir } from '../engine/make-dir.ts';

const OPTIONS = {
  model: { type: 'string' },
  config: { type: 'string' },
  mechanisms: { type: 'string', multiple: true },
  knob: { type: 'string', multiple: true },
  runs: { type: 'string' },
  precision: { type: 'string' },
  'max-runs': { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  duration: { type: 'string' },
  assert: { type: 'string', multiple: true },
  out: { type: 'string' },
  'plugin-timeout': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Starts a `--threads` worker (src/timed/worker.ts) as the CLI starts its threads: watched, its output routed. */
const spawnMeasureWorker = (spec: WorkerSpec) => startThread('measure', entryUrl('../timed/worker', import.meta.url), spec);

const HELP = `Usage: replcheck measure [--config NAME|FILE] [--mechanisms A,B,...] [--runs N | --precision P]
                         [--max-runs N] [--seed S] [--threads N] [--duration T] [--assert EXPR]... [--out DIR]
                         [--plugin-timeout S] [--json]

Simulates the model in time (a seeded discrete-event simulation over its own actions, with link
latencies, bandwidth, MTU and loss, database delays and a client workload) and prints, per
mechanism, the mean of each cost over independent runs with its 95% confidence interval: write
response time, read staleness, time to Global ID, t-visibility, messages/bytes/packets per
update per link class, MS and zone load, ordering metadata size.

  --config NAME|FILE   timed preset (wan-small, seed003-a, seed003-b), a replication preset
                       (run with wan-small's network and workload) or a timed configuration file
                       (default: wan-small)
  --mechanisms A,B     mechanisms (default: hierarchical, sequencer, primary-copy, bayou, lww)
  --runs N             exactly N runs per mechanism
  --precision P        runs continue until every key mean's 95% interval is within P x mean
                       (default 0.05; at least 3 runs, at most --max-runs, default 30)
  --threads N          run the replications on N threads, this one and N-1 workers (same
                       results as one thread)
  --seed S             seed of run 0 (run k uses a seed derived from S and k; default 1)
  --duration T         simulated time per run: 500ms, 30s or a number of seconds
                       (default: the configuration's)
  --assert EXPR        repeatable: "p99(write-response) < 200ms" (STAT: mean; also p50, p90, p95,
                       p99 of write-response, p99 of staleness and gid-time) or
                       "P(staleness > 1s) < 0.01"; decided sequentially at 95% confidence
                       for every mechanism; runs continue until decided or the budget is spent
  --knob NAME=VALUE    design knob for every mechanism, repeatable
  --out DIR            write measure.md, measure.json and measure.html (charts) there
  --plugin-timeout S   with a --model or mechanism file: end the run (exit 2) when one of its
                       methods runs longer than S seconds (default 30; an infinite loop)
  --json               print one JSON object: { schemaVersion, config, seed, durationMs, mechanisms,
                       results: [{ mechanism, runs, precisionReached, events, metrics: {KEY:
                       {mean, half, lo, hi, n}}, tVisibility, assertions, notes }], exitCode }
                       (JSON Schema: replcheck/schemas/measure.schema.json)
  -h, --help           this help

Metrics for --assert: write-response, read-response, staleness, stale-count, gid-time, visibility,
uncommitted, unseen (per update written before the final horizonMs: 1 when it never got a Global
ID, or never reached every reading replica holding its item, within the run; "mean(uncommitted)
< 0.01"). Latency figures count only updates that got there; a note under the table says how
many did not.
Exit status: 0 it ran and every assertion holds, 1 an assertion is refuted, 3 an assertion is
undecided, --precision was not reached within --max-runs, or Ctrl-C/SIGTERM/SIGHUP ended it
(what was measured is reported, with "interrupted": true in --json), 2 bad input.

Examples:
  npx replcheck measure --config wan-small
  npx replcheck measure --config seed003-a --mechanisms primary-copy --runs 5
  npx replcheck measure --config wan-small --mechanisms primary-copy --assert "p99(write-response) < 200ms"`;

/** `--duration`: `500ms`, `30s` or seconds. */
function durationFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw);
  const v = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : 1000) : NaN;
  if (!(v > 0)) throw new UsageError(`--duration must be a positive time such as 500ms, 30s or 30 (seconds) (got '${raw}')`);
  return v;
}

function precisionFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || !(v > 0 && v < 1)) throw new UsageError(`--precision must be a relative half-width strictly between 0 and 1, such as 0.05 (got '${raw}')`);
  return v;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags('measure', argv, OPTIONS);
  const runs = intFlag(flags, 'runs', 1);
  const precisionGiven = precisionFlag(str(flags, 'precision'));
  if (runs !== undefined && precisionGiven !== undefined) throw new UsageError('give either --runs or --precision, not both');
  // (Sweep 30e) --runs fixes the count: a --max-runs beside it did nothing, silently.
  if (runs !== undefined && flags['max-runs'] !== undefined) throw new UsageError('give either --runs (exactly N runs) or --max-runs (the budget of a --precision run), not both');
  const maxRuns = intFlag(flags, 'max-runs', 1) ?? 30;
  const seed = seedFlag(flags) ?? 1;
  const threads = intFlag(flags, 'threads', 1) ?? 1;
  if (threads > 256) throw new UsageError(`--threads must be at most 256 (got ${threads}); the runs are shared among this many worker threads`);
  const duration = durationFlag(str(flags, 'duration'));
  secondsFlag(flags, 'plugin-timeout'); // validated here; the watchdog (supervisor.ts) applies it
  const json = flags.json === true;
  const source = moduleSource(str(flags, 'model'), ctx.cwd, ctx.defaultModel);
  const module = await loadModelModule(source);
  const timed = (module as { timed?: unknown }).timed;
  if (!isTimedModule(timed)) throw new UsageError(`model ${module.name} has no timed layer (a 'timed' field, src/timed/contract.ts); measure cannot simulate it`);
  const metrics = Object.keys(timed.metrics);
  const assertions = list(flags, 'assert').map((a) => parseAssertion(a, metrics, (m) => timed.metrics[m]?.stats, (m) => timed.metrics[m]?.unit));
  const given = list(flags, 'mechanisms').flatMap((m) => m.split(',')).map((m) => m.trim());
  if (given.some((m) => m === '')) throw new UsageError(`--mechanisms needs comma-separated mechanism names or files (got '${list(flags, 'mechanisms').join(',')}')`);
  const mechanisms = given.length ? [...new Set(given)] : timed.mechanisms;
  const config = str(flags, 'config') ?? 'wan-small';
  const knobs = knobFlags(flags);

  const experiments: TimedExperiment[] = [];
  for (const mechanism of mechanisms) {
    try {
      experiments.push(await timed.prepare({ config, mechanism, cwd: ctx.cwd, ...(knobs ? { knobs } : {}) }));
    } catch (e) {
      throw asMechanismsEntry(e, mechanism);
    }
  }
  distinctMechanismNames(experiments.map((e, k) => ({ given: mechanisms[k]!, name: e.mechanism })), ctx.cwd);
  const durationMs = duration ?? experiments[0]!.defaultDurationMs;
  const precision = runs === undefined ? precisionGiven ?? 0.05 : undefined;
  const results: Measurement[] = [];
  // (Stop 29) Ctrl-C, SIGTERM and SIGHUP end the measurement after the run under way (each
  // mechanism measured keeps at least one run), report what was measured and exit 3.
  const partialVerdicts: string[] = [];
  const interrupted = await withInterrupt(ctx, async (shouldStop) => {
    for (const [k, exp] of experiments.entries()) {
      if (k > 0 && shouldStop()) return true;
      if (!json && ctx.progress) ctx.stderr(`measure: ${exp.mechanism} (${k + 1}/${experiments.length})\n`);
      const opts = {
        seed, durationMs, ...(runs !== undefined ? { runs } : {}), precision: precision ?? 0.05, minRuns: Math.min(3, maxRuns), maxRuns,
        precisionKeys: timed.precisionKeys, assertions, shouldStop,
      };
      const selection = { config, mechanism: mechanisms[k]!, cwd: ctx.cwd, ...(knobs ? { knobs } : {}) };
      const m = threads > 1 ? await measureParallel({ moduleFile: source.file, selection }, exp, opts, threads, spawnMeasureWorker) : measure(exp, opts);
      // (Sweep 30e) An assertion that holds on figures leaving out updates is not decided.
      const partial = new Set(exp.partial?.(m.intervals) ?? []);
      const verdicts = m.verdicts.map((v, i) => {
        if (v.verdict !== 'holds' || !partial.has(assertions[i]!.metric)) return v;
        partialVerdicts.push(`"${v.assertion}" for ${exp.mechanism}`);
        return { ...v, verdict: 'undecided' as const };
      });
      results.push({ ...m, verdicts, notes: exp.notes?.(m.intervals, durationMs) ?? [] });
    }
    return shouldStop();
  });
  const verdicts = results.flatMap((r) => r.verdicts);
  const exitCode = interrupted ? EXIT.incomplete : verdicts.some((v) => v.verdict === 'refuted') ? EXIT.violation
    : verdicts.some((v) => v.verdict === 'undecided') || results.some((r) => !r.precisionReached) ? EXIT.incomplete : EXIT.pass;
  const rows = experiments[0]!.rows ?? timed.rows;
  const info: MeasureInfo = {
    config: experiments[0]!.config, seed, durationMs, ...(precision !== undefined ? { precision } : {}), rows, exitCode, ...(interrupted ? { interrupted: true } : {}),
    ...(partialVerdicts.length > 0 ? { partial: partialVerdicts } : {}), ...(runs !== undefined ? { runsFixed: true } : {}),
  };
  const markdown = measureMarkdown(results, info);
  const report = { schemaVersion: JSON_SCHEMA_VERSION, ...measureJson(results, info) };
  const out = str(flags, 'out');
  if (out !== undefined) {
    const dir = resolve(ctx.cwd, out);
    const table = { header: ['metric', ...results.map((r) => r.mechanism)], rows: rows.map((r) => [r.label, ...results.map((m) => formatCell(m.intervals[r.key], r.unit))]) };
    const html = renderMeasureHtml(results, `replcheck measure: ${info.config}`, table, `Seed ${seed}, ${durationMs / 1000} s simulated per run; ${results.map((r) => `${r.mechanism} ${r.runs} runs`).join(', ')}. Cells: mean ± 95% CI half-width.`);
    try {
      makeDir(dir, '--out');
      writeAtomic(join(dir, 'measure.md'), markdown);
      writeAtomic(join(dir, 'measure.json'), JSON.stringify(report, null, 2) + '\n');
      writeAtomic(join(dir, 'measure.html'), html);
    } catch (e) {
      throw new UsageError(`cannot write the report into ${out}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  ctx.stdout(json ? JSON.stringify(report) + '\n' : markdown);
  return exitCode;
}

/** The `measure` command. */
export const command: Command = {
  name: 'measure',
  summary: 'timed statistical simulation: response time, staleness, visibility and traffic per mechanism, with confidence intervals',
  help: HELP,
  run,
};
