/**
 * `replcheck compare`: the same configuration checked exhaustively under several ordering
 * mechanisms, as a verdict matrix (property x mechanism) plus a cost table. It works only
 * through the ModelModule contract: the mechanisms are the module's `mechanisms` list (or
 * `--mechanisms`), each checked by `create({ ...selection, mechanism })`; costs come from the
 * target's optional `costs` hooks (compare-run.ts defines them). Exit 0 whenever it ran,
 * whatever the verdicts; 2 for bad input (checked for every mechanism before anything runs).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { temporaryName } from '../../traces/write-pair.ts';
import { UsageError } from '../engine/errors.ts';
import { breachOf } from '../engine/contract.ts';
import type { CheckTarget, Selection } from '../engine/plugin.ts';
import type { Property } from '../engine/property.ts';
import { buildTrace, traceFileName, traceTag } from '../../traces/write.ts';
import { distinctMechanismNames, intFlag, knobFlags, list, paramFlags, parseFlags, propertyFlags, secondsFlag, str } from './args.ts';
import { compareJson, compareMarkdown, type CompareInfo, type WrittenFiles } from './compare-report.ts';
import { timedCosts } from './compare-timed.ts';
import { runMechanism, skippedMechanism, type MechanismRun } from './compare-run.ts';
import { EXIT, type CliContext, type Command } from './context.ts';
import { displayPath } from './finish.ts';
import { buildAndWriteTraceOutput } from './trace-output.ts';
import { withInterrupt } from './interrupt.ts';
import { progressDisplay } from './progress.ts';
import { reproduceCommand } from './reproduce.ts';
import { JSON_SCHEMA_VERSION } from './schema-version.ts';
import { asMechanismsEntry, DEFAULT_OUT } from './selection.ts';
import { createTarget, loadModelModule, moduleSource, selectProperties, validateSelection } from './target.ts';
import { makeDir } from '../engine/make-dir.ts';

const OPTIONS = {
  model: { type: 'string' },
  config: { type: 'string' },
  mechanisms: { type: 'string', multiple: true },
  knob: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  property: { type: 'string', multiple: true },
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
  'time-limit': { type: 'string' },
  'plugin-timeout': { type: 'string' },
  'stop-at-first': { type: 'boolean' },
  out: { type: 'string' },
  'timed-runs': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: replcheck compare [--config NAME|FILE] [--mechanisms A,B,...] [--property P,...]
                         [--knob NAME=VALUE] [--max-states N] [--time-limit S] [--out DIR] [--json]

Checks every property exhaustively (as 'replcheck check' does) under each ordering mechanism on
the same configuration and prints a Markdown matrix: holds, violated (n: a shortest
counterexample of n steps, its trace written) or incomplete; then each mechanism's cost:
distinct states, messages per update and drain steps on a shortest complete run (a shortest
path to a state where every update has been generated and the system is settled).

  --config NAME|FILE    configuration preset or file (default: the model's default)
  --mechanisms A,B      mechanisms to compare, built-in names or plugin files (repeatable;
                        default: every built-in mechanism of the model)
  --property A,B        properties to check (repeatable; default: all)
  --knob NAME=VALUE     design knob for every mechanism, repeatable
  --param KEY=VALUE     model parameter, repeatable
  --model FILE          model module (default: the replication model)
  --max-states N        per mechanism: stop after N distinct states
  --max-depth N         per mechanism: do not expand states at depth N or deeper
  --time-limit S        per mechanism: stop after S seconds
  --plugin-timeout S    end the run (exit 2) when a plugin file's method runs longer than S
                        seconds (default 30; an infinite loop)
  --timed-runs N        runs per mechanism of the timed cost section (replcheck measure's
                        simulation on the same configuration; default 3, 0 leaves it out)
  --stop-at-first       end at the first violation: the rest of that mechanism's properties
                        and the mechanisms after it are reported incomplete; exit 1
  --out DIR             where compare.md, compare.json and the traces (DIR/<mechanism>/) go
                        (default: ./${DEFAULT_OUT})
  --json                print one JSON object: { schemaVersion, results: [{ mechanism, property,
                        status, length, traceFile }], costs: [...], exitCode } (JSON Schema:
                        replcheck/schemas/compare.schema.json)
  -h, --help            this help

Exit status: 0 it ran (whatever the verdicts), 2 bad input, 3 interrupted (Ctrl-C, SIGTERM,
SIGHUP: the matrix is partial); with --stop-at-first, 1 when it stopped at a violation.

Examples:
  npx replcheck compare --config small
  npx replcheck compare --config small --mechanisms hierarchical,lww --property causal-order
  npx replcheck compare --config tiny --mechanisms hierarchical,./examples/my-ordering.ts --json`;

/** A directory name for a mechanism's traces. */
function dirName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]/g, '_') || 'mechanism';
  let d = base;
  for (let k = 2; taken.has(d); k++) d = `${base}-${k}`;
  taken.add(d);
  return d;
}

/** Writes `text` to `file` atomically; on failure nothing is left behind. */
function writeAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), temporaryName(basename(file)));
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags('compare', argv, OPTIONS);
  const maxStates = intFlag(flags, 'max-states', 1);
  const maxDepth = intFlag(flags, 'max-depth', 0);
  const timeLimit = secondsFlag(flags, 'time-limit');
  secondsFlag(flags, 'plugin-timeout'); // validated here; the watchdog (supervisor.ts) applies it
  const timedRuns = intFlag(flags, 'timed-runs', 0) ?? 3;
  const json = flags.json === true;
  const stopAtFirst = flags['stop-at-first'] === true;
  const propertyNames = propertyFlags(flags);
  const out = resolve(ctx.cwd, str(flags, 'out') ?? DEFAULT_OUT);
  const source = moduleSource(str(flags, 'model'), ctx.cwd, ctx.defaultModel);
  const module = await loadModelModule(source);
  const base: Selection = { params: paramFlags(flags), cwd: ctx.cwd };
  const config = str(flags, 'config');
  if (config !== undefined) base.config = config;
  const knobs = knobFlags(flags);
  if (knobs !== undefined) base.knobs = knobs;
  const given = list(flags, 'mechanisms').flatMap((m) => m.split(',')).map((m) => m.trim());
  if (given.some((m) => m === '')) throw new UsageError(`--mechanisms needs comma-separated mechanism names or files (got '${list(flags, 'mechanisms').join(',')}')`);
  const mechanisms = given.length ? [...new Set(given)] : module.mechanisms ?? [];
  if (!mechanisms.length) throw new UsageError(`model ${module.name} lists no built-in mechanisms; pass --mechanisms`);

  // Everything is validated (every plugin loaded, every property name known) before a search starts.
  const prepared: { mechanism: string; selection: Selection; target: CheckTarget<unknown, unknown>; properties: Property<unknown>[] }[] = [];
  for (const mechanism of mechanisms) {
    const selection: Selection = { ...base, mechanism };
    validateSelection(module, selection);
    let target: CheckTarget<unknown, unknown>;
    try {
      target = await createTarget(module, selection, source.given);
    } catch (e) {
      throw asMechanismsEntry(e, mechanism);
    }
    prepared.push({ mechanism, selection, target, properties: selectProperties(target.properties, propertyNames) });
  }
  distinctMechanismNames(prepared.map((p) => ({ given: p.mechanism, name: p.target.meta.mechanism ?? p.mechanism })), ctx.cwd);

  const progress = progressDisplay(ctx, json);
  const runs: MechanismRun[] = [];
  let interrupted = false;
  await withInterrupt(progress.ctx, async (shouldStop) => {
    let stopped: string | undefined;
    for (const [k, p] of prepared.entries()) {
      if (stopped !== undefined) {
        runs.push(skippedMechanism(p.mechanism, p.target, p.properties, `not run: --stop-at-first ended the comparison at the first violation (${stopped})`));
        continue;
      }
      if (!json && ctx.progress) progress.ctx.stderr(`compare: ${p.target.meta.mechanism ?? p.mechanism} (${k + 1}/${prepared.length})\n`);
      const r = await runMechanism(p.mechanism, p.target, p.properties, { maxStates, maxDepth, timeLimit, shouldStop, onProgress: progress.exhaustive, stopAtFirst });
      const breach = breachOf(p.target.model); // issue 16: a broken plugin is an error, never a column
      if (breach) throw breach;
      runs.push(r);
      const v = stopAtFirst ? r.properties.find((x) => x.status === 'violated') : undefined;
      if (v) stopped = `${r.name} / ${v.name}`;
    }
    interrupted = shouldStop();
  });
  progress.done();

  const selectionArgs = (sel: Selection): string[] => {
    const a: string[] = [];
    if (source.given !== undefined) a.push('--model', source.given);
    if (sel.config !== undefined) a.push('--config', sel.config);
    if (sel.mechanism !== undefined) a.push('--mechanism', sel.mechanism);
    for (const [k, v] of Object.entries(sel.knobs ?? {})) a.push('--knob', `${k}=${v}`);
    for (const [k, v] of Object.entries(sel.params)) a.push('--param', `${k}=${v}`);
    return a;
  };
  const limits = [...(maxStates !== undefined ? ['--max-states', String(maxStates)] : []), ...(maxDepth !== undefined ? ['--max-depth', String(maxDepth)] : [])];
  const reproduce = (r: MechanismRun, property: string) =>
    reproduceCommand('check', [...selectionArgs({ ...base, mechanism: r.given }), '--property', property, ...limits]);

  const taken = new Set<string>();
  const files: WrittenFiles[] = runs.map((r) => {
    const w: WrittenFiles = { traceFiles: new Map(), htmlFiles: new Map() };
    const dir = join(out, dirName(r.name, taken));
    for (const res of r.properties) {
      if (res.status !== 'violated' || !res.path) continue;
      const line = reproduce(r, res.name);
      const written = buildAndWriteTraceOutput(dir, traceFileName(r.target.model.name, res.name, traceTag('check', line)), res.name,
        () => buildTrace({ model: r.target.model, meta: r.target.meta, modelFile: source.given, mode: 'exhaustive', reproduce: line }, res), ctx);
      if (written.traceFile) w.traceFiles.set(res.name, displayPath(written.traceFile, ctx.cwd));
      if (written.htmlFile) w.htmlFiles.set(res.name, displayPath(written.htmlFile, ctx.cwd));
    }
    return w;
  });

  const configName = prepared[0]?.target.meta.configName ?? config ?? '(default)';
  const info: CompareInfo = { model: module.name, config: configName, files, reproduce };
  const timed = interrupted ? undefined : await timedCosts(module, { config: config ?? configName, cwd: ctx.cwd, ...(knobs ? { knobs } : {}) }, mechanisms, timedRuns);
  const markdown = compareMarkdown(runs, info) + (timed?.markdown ?? '');
  // Interrupted (Ctrl-C, SIGTERM, SIGHUP): the matrix is partial, so the exit status says incomplete.
  const stoppedAtViolation = stopAtFirst && runs.some((r) => r.properties.some((x) => x.status === 'violated'));
  const exitCode = interrupted ? EXIT.incomplete : stoppedAtViolation ? EXIT.violation : EXIT.pass;
  const report = { schemaVersion: JSON_SCHEMA_VERSION, ...compareJson(runs, info), ...(timed ? { timedCosts: timed.json } : {}), exitCode, ...(interrupted ? { interrupted: true } : {}) };
  try {
    makeDir(out, '--out');
    writeAtomic(join(out, 'compare.md'), markdown);
    writeAtomic(join(out, 'compare.json'), JSON.stringify(report, null, 2) + '\n');
  } catch (e) {
    ctx.stderr(`replcheck: could not write compare.md and compare.json into ${out}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (the report is printed instead)\n`);
  }
  ctx.stdout(json ? JSON.stringify(report) + '\n' : markdown + (interrupted ? '\nresult     incomplete: interrupted before every mechanism was checked (exit 3)\n' : ''));
  return exitCode;
}

/** The `compare` command. */
export const command: Command = {
  name: 'compare',
  summary: 'check every property under each ordering mechanism on one configuration: a verdict matrix and costs',
  help: HELP,
  run,
};
