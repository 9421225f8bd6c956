/**
 * (Issue 17) `replcheck merge FILES...`: combines the result files of `simulate --shard I/N`
 * into the report and exit code one unsharded `simulate` gives for the same flags and seed.
 * Every shard must come from the same run (model, flags, seed, N, replcheck version) and each of
 * 1..N exactly once; `--allow-partial` merges what is there and never passes (exit 3, or 1 with
 * a violation, which is real whatever the missing shards hold). The target is prepared again
 * from the shards' flags, so the header, traces and reproduce lines are simulate's own.
 */
import { readdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { resolveRandomOptions } from '../engine/random-options.ts';
import { conclude, ReplayMismatch } from '../engine/random-conclude.ts';
import { mergeTallies } from '../engine/random-merge.ts';
import { walkAtPath, walkChoices } from '../engine/replay-path.ts';
import { outcomeOf, type RunResult } from '../engine/result.ts';
import type { WalkMetrics } from '../engine/metrics.ts';
import { secondsFlag } from './args.ts';
import { EXIT, type CliContext, type Command } from './context.ts';
import { checkShardJob, readShardFile, type ShardResult } from './shard-file.ts';
import { checkSameSources, compareWithDisk } from './shard-sources.ts';
import { finishSimulate, planSimulate } from './simulate.ts';

const HELP = `Usage: replcheck merge FILE|DIR... [--allow-partial] [--out DIR] [--trace-name NAME]
                       [--plugin-timeout S] [--json]

Combines the result files of 'replcheck simulate --shard I/N' (one per shard, I = 1..N) into
the report one unsharded simulate gives for the same flags and seed: runs, steps, action
coverage, witnesses, distinct states (the union of the shards' fingerprints), CA metrics, and
the first failing walk over all runs with its shrunk counterexample, trace and reproduce line.
A directory stands for the shard-I-of-N.json files in it (other files naming a shard there are
listed on stderr, not merged). The target is loaded again from the shards' flags (the same model files must be at hand).

Each shard records the SHA-256 of the files its flags name (--model, and --config and
--mechanism files): shards that ran different versions of a file are refused, so merging needs
only the result files to be consistent. A file on disk that changed since the shards ran is a
warning on stderr (the counts and verdicts are the shards'), and refused when merge must
rebuild a counterexample from it. Shard files written before digests were recorded still merge
together, with a warning that this check was skipped.

Options:
  --allow-partial       merge even with shards missing: the result is incomplete (exit 3), or
                        a violation (exit 1) if a present shard found one
  --out DIR             where the violation's trace goes (default: ./replcheck-out)
  --trace-name NAME     as for simulate
  --plugin-timeout S    with a --model or --mechanism file: end the run (exit 2) when one of
                        its methods runs longer than S seconds (default 30; an infinite loop)
  --json                print exactly one JSON object on stdout (simulate's fields, plus
                        'shards': count, merged, missing and sources; schema
                        replcheck/schemas/merge.schema.json)
  -h, --help            this help

Exit status: as simulate (0 pass, 1 violation, 3 incomplete); 2 for shards that do not belong
together (other flags, seed, model or model file contents, N or replcheck version), duplicate or
missing shards.

Shards are made by 'npx replcheck simulate ... --shard I/N --out shards', I = 1..N.

Examples:
  npx replcheck merge shards/shard-*-of-4.json
  npx replcheck merge shards --json --out report
  npx replcheck merge shards/shard-1-of-4.json shards/shard-3-of-4.json --allow-partial`;

/** The name `simulate --shard I/N --out DIR` gives its result file. */
const SHARD_NAME = /^shard-\d+-of-\d+\.json$/;

/**
 * The files named on the command line, directories expanded to their shard-*.json files; a file
 * in such a directory that names a shard without that exact name goes to `skipped`.
 */
function shardFiles(paths: string[], cwd: string, skipped: string[]): string[] {
  const out: string[] = [];
  for (const raw of paths) {
    const p = resolve(cwd, raw);
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      throw new UsageError(`${raw}: no such file or directory; pass shard result files (shard-I-of-N.json) or their directory`);
    }
    if (!dir) out.push(p);
    else {
      const names = readdirSync(p);
      const found = names.filter((f) => SHARD_NAME.test(f)).sort().map((f) => join(p, f));
      // (Stop 30) A renamed shard file ("shard-1-of-2 (1).json", a download's copy) was skipped silently.
      skipped.push(...names.filter((f) => /shard/i.test(f) && !SHARD_NAME.test(f)).sort().map((f) => join(raw, f)));
      if (found.length === 0) throw new UsageError(`${raw}: no shard-I-of-N.json files in this directory; pass the directory 'simulate --shard' wrote to (--out)`);
      out.push(...found);
    }
  }
  return out;
}

/**
 * (29e) Refuses a shard whose metrics snapshots (its tally's and its points') the target's
 * metrics cannot take, naming the file, before merge prints anything.
 */
function checkMetrics(file: string, s: ShardResult, fresh: () => WalkMetrics<unknown> | undefined): void {
  const snaps = [['tally.metrics', s.tally.metrics], ...(s.tally.points ?? []).map((q, k) => [`tally.points[${k}].metrics`, q.metrics])] as const;
  let m: WalkMetrics<unknown> | undefined;
  for (const [field, snap] of snaps) {
    if (snap === undefined) continue;
    m ??= fresh();
    if (!m?.absorb) throw new UsageError(`${file}: "${field}" holds metrics, but the target these flags select keeps none; merge the shards of one 'simulate --shard I/N' run`);
    try {
      m.absorb(snap);
    } catch (e) {
      throw new UsageError(`${file}: malformed "${field}" (${String((e as Error)?.message ?? e).slice(0, 120)}); the file was edited or is damaged: run that shard again with 'replcheck simulate ... --shard I/N'`);
    }
  }
}

/** Refuses shards that are not the N slices of one run; returns the missing shard indices. */
function checkShards(files: string[], shards: ShardResult[]): number[] {
  const a = shards[0]!;
  for (const [i, s] of shards.entries()) {
    const why = s.shard.count !== a.shard.count ? `N = ${s.shard.count}, not ${a.shard.count}`
      : s.model !== a.model ? `model ${s.model}, not ${a.model}`
        : s.replcheck !== a.replcheck ? `replcheck ${s.replcheck}, not ${a.replcheck}`
          : s.args.join(' ') !== a.args.join(' ') ? `the flags '${s.args.join(' ')}', not '${a.args.join(' ')}'`
            : undefined;
    if (why) throw new UsageError(`${files[i]}: shard of another run (${why} as in ${files[0]}); merge the shards of one 'simulate --shard I/N' run (same flags and seed)`);
  }
  const byIndex = new Map<number, string>();
  for (const [i, s] of shards.entries()) {
    const other = byIndex.get(s.shard.index);
    if (other !== undefined) throw new UsageError(`shard ${s.shard.index}/${a.shard.count} given twice (${other} and ${files[i]}); pass each shard once`);
    byIndex.set(s.shard.index, files[i]!);
  }
  const missing: number[] = [];
  for (let k = 1; k <= a.shard.count; k++) if (!byIndex.has(k)) missing.push(k);
  return missing;
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        'allow-partial': { type: 'boolean' }, out: { type: 'string' }, 'trace-name': { type: 'string' }, 'plugin-timeout': { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${String((e as Error).message).split('\n')[0]} (see 'replcheck merge --help')`);
  }
  const { values, positionals } = parsed;
  secondsFlag(values, 'plugin-timeout'); // validated here; the watchdog (supervisor.ts) applies it
  if (positionals.length === 0) throw new UsageError(`FILES: no shard result files given; pass the files 'simulate --shard I/N' wrote (or their directory)`);
  const skipped: string[] = [];
  const files = shardFiles(positionals, ctx.cwd, skipped);
  const shards = files.map((f) => readShardFile(f, ctx.env));
  const missing = checkShards(files, shards);
  const digests = checkSameSources(files, shards.map((s) => s.sources));
  // Warnings wait until every refusal (one line, exit 2) has had its chance.
  const warnings: string[] = [];
  if (skipped.length > 0) {
    warnings.push(`replcheck: note: skipped ${skipped.length} file${skipped.length > 1 ? 's' : ''} not named shard-I-of-N.json: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', ...' : ''} (a directory stands for its shard-I-of-N.json files; pass a renamed shard file by its name)\n`);
  }
  if (!digests) warnings.push(`replcheck: warning: the shard files record no source digests (written by an older replcheck), so merge cannot check that they ran the same model files\n`);
  else compareWithDisk(shards[0]!.sources!, ctx.cwd, shards.some((s) => s.tally.failure !== undefined), (line) => warnings.push(line));
  const count = shards[0]!.shard.count;
  if (missing.length > 0 && values['allow-partial'] !== true) {
    throw new UsageError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} (given ${shards.length} of ${count}); run ${missing.length > 1 ? 'them' : 'it'}, or pass --allow-partial for an incomplete result${skipped.length > 0 ? ` (skipped as not named shard-I-of-N.json: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ', ...' : ''}; pass a renamed shard file by its name)` : ''}`);
  }
  const fileOf = new Map(shards.map((s, i) => [s, files[i]!]));
  shards.sort((x, y) => x.shard.index - y.shard.index);
  const outArgs = [
    ...(values.out !== undefined ? [`--out=${values.out}`] : []), ...(values['trace-name'] !== undefined ? [`--trace-name=${values['trace-name']}`] : []),
    ...(values.json ? ['--json'] : []),
  ];
  const plan = await planSimulate([...shards[0]!.args, ...outArgs], ctx);
  const { p, o } = plan;
  const names = plan.walked.map((q) => q.name);
  const resolved = resolveRandomOptions({ ...o, shouldStop: undefined });
  // (29e) Every shard's figures must fit the job these flags define, before anything is printed.
  const job = {
    runs: resolved.runs, walkSteps: resolved.steps + resolved.drainSteps, properties: names,
    sometimes: plan.walked.filter((q) => q.kind === 'sometimes').map((q) => q.name), actionKinds: p.target.model.actionKinds?.(),
  };
  for (const s of shards) {
    checkShardJob(fileOf.get(s)!, s, job);
    checkMetrics(fileOf.get(s)!, s, () => p.target.metrics?.());
  }
  // (29e) The reproduce line prints the failure's path: it must lead simulate --path to the recorded walk.
  const maxChoices = walkChoices(resolved.steps, p.target.model.init().length);
  for (const s of shards) {
    const f = s.tally.failure;
    if (!f) continue;
    const at = walkAtPath(resolved.seed, f.path, maxChoices);
    if (!at || at.length !== f.choices.length || at.some((c, k) => c !== f.choices[k])) {
      throw new UsageError(`${fileOf.get(s)!}: "tally.failure.path" ${f.path.length > 40 ? `${f.path.slice(0, 40)}...` : f.path} does not lead to the walk in "tally.failure.choices" with seed ${resolved.seed} (the file was edited, or written by another version of replcheck); run that shard again with 'replcheck simulate ... --shard I/N'`);
    }
  }
  const merged = mergeTallies(shards.map((s) => s.tally));
  const metrics = p.target.metrics?.();
  if (metrics && merged.metrics.length > 0) {
    if (!metrics.absorb) throw new UsageError(`the target's metrics cannot merge shard figures (no absorb method)`);
    for (const m of merged.metrics) metrics.absorb(m);
  }
  let result: RunResult<unknown, unknown>;
  try {
    result = conclude(p.target.model, plan.walked, merged.tally, resolved, {
      metrics: merged.metrics.length > 0 ? metrics : undefined, requireWitnesses: plan.flags['require-witnesses'] === true,
    }) as RunResult<unknown, unknown>;
  } catch (e) {
    // (29e) simulate replayed this walk when it shrank it, so a walk that does not replay now is the file's, not the model's.
    const f = merged.tally.failure;
    if (!(e instanceof ReplayMismatch) || !f) throw e;
    const from = fileOf.get(shards.find((s) => s.tally.failure === f)!)!;
    throw new UsageError(`${from}: its "tally.failure" (run ${f.run}, ${f.property}) does not reproduce: replaying its choices does not violate ${f.property} (the file was edited, or written by another version of replcheck or the model); run that shard again with 'replcheck simulate ... --shard I/N'`);
  }
  for (const w of warnings) ctx.stderr(w);
  if (!p.json) ctx.stdout(plan.headerText);
  if (missing.length > 0) {
    const reason = `shards ${missing.map((k) => `${k}/${count}`).join(', ')} missing (merged with --allow-partial)`;
    // What a missing shard might still have shown: a holding property, or a `sometimes` never witnessed.
    for (const r of result.properties) {
      if (!r.path && (r.status === 'holds' || (r.status === 'violated' && r.kind === 'sometimes'))) Object.assign(r, { status: 'incomplete', reason, explanation: undefined });
    }
    result.outcome = outcomeOf(result.properties.map((r) => r.status));
  }
  result.warnings = [...(result.warnings ?? []), ...merged.warnings];
  if (result.warnings.length === 0) delete result.warnings;
  (result.stats as unknown as Record<string, unknown>).shards = { count, merged: shards.length, missing, ...(digests ? { sources: shards[0]!.sources } : {}) };
  return finishSimulate(plan, result, ctx);
}

/** The `merge` command. */
export const command: Command = {
  name: 'merge',
  summary: "combine the result files of 'simulate --shard I/N' into one report and exit code",
  help: HELP,
  run,
};
