/**
 * (Issue 17) The end of `simulate --shard I/N`: the search tally goes to the shard's result file
 * (shard-file.ts) with the flags that define the run, and a short summary is printed (the
 * verdict is `replcheck merge`'s, over every shard). Exit 0 once the file is written.
 */
import { resolve } from 'node:path';
import type { SearchTally } from '../engine/random-tally.ts';
import { str, type Flags } from './args.ts';
import { JSON_SCHEMA_VERSION } from './schema-version.ts';
import { EXIT, type CliContext } from './context.ts';
import { displayPath } from './finish.ts';
import { num } from './report.ts';
import { defaultShardFile, SHARD_FORMAT, SHARD_VERSION, writeShardFile } from './shard-file.ts';
import { runSources } from './shard-sources.ts';
import type { SimulatePlan } from './simulate.ts';

/** Flags that say where and how a shard writes, not what it runs: left out of the result file's `args`. */
const NOT_RUN_FLAGS = new Set(['shard', 'shard-out', 'out', 'trace-name', 'json', 'help']);

/**
 * The flags that define the run, in a fixed order (`--key=value`, so a value starting with '-'
 * parses back), for merge to re-parse and to compare across shards.
 */
export function runArgs(flags: Flags): string[] {
  const out: string[] = [];
  for (const key of Object.keys(flags).sort()) {
    if (NOT_RUN_FLAGS.has(key)) continue;
    const v = flags[key];
    if (v === true) out.push(`--${key}`);
    else if (typeof v === 'string') out.push(`--${key}=${v}`);
    else if (Array.isArray(v)) for (const x of v) out.push(`--${key}=${x}`);
  }
  return out;
}

/** Writes the shard's result file and prints what it holds. */
export function reportShard(plan: SimulatePlan, shard: { index: number; count: number }, tally: SearchTally, ctx: CliContext): number {
  const { flags, p } = plan;
  const given = str(flags, 'shard-out');
  const file = given !== undefined ? resolve(ctx.cwd, given) : defaultShardFile(p.out, shard);
  writeShardFile(file, {
    format: SHARD_FORMAT, version: SHARD_VERSION, replcheck: ctx.version, shard,
    model: p.target.model.name, args: runArgs(flags), sources: runSources(p, ctx.cwd), tally,
  });
  const shown = displayPath(file, ctx.cwd);
  const f = tally.failure;
  if (p.json) {
    ctx.stdout(JSON.stringify({
      schemaVersion: JSON_SCHEMA_VERSION, shard, file: shown, runs: tally.runs, steps: tally.steps,
      ...(f ? { failure: { run: f.run, property: f.property, path: f.path } } : {}),
      ...(tally.limit ? { limit: tally.limit } : {}), exitCode: EXIT.pass,
    }) + '\n');
    return EXIT.pass;
  }
  const dir = displayPath(resolve(file, '..'), ctx.cwd);
  const mergeHint = flags['shard-out'] !== undefined ? `${dir}/<each shard's file>` : `${dir}/shard-*-of-${shard.count}.json`;
  const found = f ? `first failing walk: run ${f.run} (${f.property}, shrunk to path ${f.path})` : tally.limit ? `stopped early (${tally.limit})` : 'no failing walk';
  ctx.stdout(`shard      ${shard.index}/${shard.count}: ${num(tally.runs)} runs (${num(tally.steps)} steps), ${found}\n` +
    `result     ${shown}\n` +
    `merge      npx replcheck merge ${mergeHint}   (once every shard has run; the verdict is merge's)\n`);
  return EXIT.pass;
}
