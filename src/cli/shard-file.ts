/**
 * (Issue 17) Shard result files: what `simulate --shard I/N` writes and `replcheck merge` reads.
 * One JSON object: `format` ("replcheck-shard"), `version`, the shard (`index` 1-based, `count`),
 * the simulate flags that define the run (`args`, re-parsed by merge), the model, the digests of
 * the files the flags name (`sources`, shard-sources.ts; absent in files written before), and the search
 * tally (src/engine/random-tally.ts) with its coverage fingerprints as base64. Written whole to a
 * hidden temporary name in the target directory and renamed into place, so a reader never sees
 * half a file.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputCapBytes, jsonDepthProblem, readCapped } from '../engine/bounded-input.ts';
import { UsageError } from '../engine/errors.ts';
import { isSources, type SourceRecord } from './shard-sources.ts';
import { decodeFingerprints, encodeFingerprints, type SearchTally } from '../engine/random-tally.ts';
import { makeDir } from '../engine/make-dir.ts';

/** The `format` tag of a shard result file. */
export const SHARD_FORMAT = 'replcheck-shard';
/** The current shard file version (merge refuses others). Version 2 (issue 17): the replication model's coverage fingerprints changed. */
export const SHARD_VERSION = 2;

/** A shard result as data. */
export interface ShardResult {
  format: typeof SHARD_FORMAT;
  version: number;
  /** replcheck's version that wrote it. */
  replcheck: string;
  shard: { index: number; count: number };
  /** The model's name (a check that every shard ran the same model). */
  model: string;
  /** The simulate flags of the run, without --shard, --shard-out, --out, --trace-name and --json. */
  args: string[];
  /** The files the flags name, with their SHA-256 (absent in shard files written before they were recorded). */
  sources?: SourceRecord[];
  tally: SearchTally;
}

/** `--shard I/N`: 1 <= I <= N. */
export function parseShard(raw: string): { index: number; count: number } {
  const m = /^(\d{1,7})\/(\d{1,7})$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count) {
    throw new UsageError(`--shard must be I/N with 1 <= I <= N (got '${raw}'); e.g. --shard 2/8 runs the second of eight slices`);
  }
  return { index, count };
}

/** The default result file of shard I/N under the output directory. */
export function defaultShardFile(out: string, shard: { index: number; count: number }): string {
  return join(out, `shard-${shard.index}-of-${shard.count}.json`);
}

/** Writes `r` to `file` atomically (temporary name, then rename); a failure is a UsageError and leaves nothing behind. */
export function writeShardFile(file: string, r: ShardResult): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const { fingerprints, ...tally } = r.tally;
  const doc = { ...r, tally: { ...tally, ...(fingerprints ? { fingerprints: encodeFingerprints(fingerprints) } : {}) } };
  try {
    makeDir(dirname(file), '--out');
    writeFileSync(tmp, JSON.stringify(doc) + '\n');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`--shard-out: cannot write ${file} (${code}); pick a writable file with --shard-out or a directory with --out`);
  }
}

function bad(file: string, what: string): never {
  throw new UsageError(`${file}: ${what}; pass the result files written by 'replcheck simulate --shard I/N'`);
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
const isCounts = (x: unknown) => isObj(x) && Object.values(x).every(isCount);

/** Reads and validates one shard result file (one-line UsageError naming the file on any problem). */
export function readShardFile(file: string, env: Record<string, string | undefined>): ShardResult {
  const read = readCapped(file, inputCapBytes(256, env));
  if (!read.ok) bad(file, read.tooLarge ? 'larger than the input limit (REPLCHECK_MAX_INPUT_MB raises it)' : `cannot read it (${read.reason})`);
  const deep = jsonDepthProblem(read.text);
  if (deep) bad(file, deep);
  let doc: unknown;
  try {
    doc = JSON.parse(read.text);
  } catch {
    bad(file, 'not a JSON document');
  }
  if (!isObj(doc) || doc.format !== SHARD_FORMAT) bad(file, 'not a shard result file (no "format": "replcheck-shard")');
  if (doc.version !== SHARD_VERSION) bad(file, `shard file version ${String(doc.version)}, this replcheck reads version ${SHARD_VERSION}`);
  const s = doc.shard;
  if (!isObj(s) || !Number.isSafeInteger(s.index) || !Number.isSafeInteger(s.count) || (s.index as number) < 1 || (s.index as number) > (s.count as number)) bad(file, 'malformed "shard"');
  if (typeof doc.model !== 'string' || !Array.isArray(doc.args) || !doc.args.every((a) => typeof a === 'string')) bad(file, 'malformed "model" or "args"');
  if (doc.sources !== undefined && !isSources(doc.sources)) bad(file, 'malformed "sources"');
  const t = doc.tally;
  if (!isObj(t) || !isCount(t.runs) || !isCount(t.steps) || !isCounts(t.actionCounts) || !isCounts(t.undecided) || !isCounts(t.undecidedEventually)
    || !isObj(t.witnesses) || !Array.isArray(t.witnesses.counts) || !t.witnesses.counts.every(isCount) || !isObj(t.sometimes)
    || typeof t.coverage !== 'boolean' || (t.points !== undefined && !Array.isArray(t.points))) bad(file, 'malformed "tally"');
  let fingerprints: number[] | undefined;
  if (t.fingerprints !== undefined) {
    fingerprints = typeof t.fingerprints === 'string' ? decodeFingerprints(t.fingerprints) : undefined;
    if (!fingerprints) bad(file, 'malformed "tally.fingerprints"');
  }
  const f = t.failure;
  if (f !== undefined && (!isObj(f) || !isCount(f.run) || typeof f.property !== 'string' || !Array.isArray(f.choices) || !f.choices.every(isCount) || typeof f.path !== 'string')) {
    bad(file, 'malformed "tally.failure"');
  }
  checkTallyFields(file, t, fingerprints);
  return { ...(doc as unknown as ShardResult), tally: { ...(t as unknown as SearchTally), ...(fingerprints ? { fingerprints } : {}) } };
}

/** (29e) A field of a shard file that is out of range or inconsistent: one line naming the file and the field. */
function badField(file: string, field: string, problem: string): never {
  throw new UsageError(`${file}: "${field}" ${problem}; the file was edited or is damaged: run that shard again with 'replcheck simulate ... --shard I/N'`);
}

/** fast-check's replay path: run index, then shrink steps. */
const PATH_SYNTAX = /^\d{1,15}(:\d{1,15})*$/;
const isSeconds = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const got = (x: unknown) => (JSON.stringify(x) ?? String(x)).slice(0, 60);

/** The figures one run's point and the whole tally share (counts, witnesses). */
function checkFigures(file: string, at: string, p: Record<string, unknown>): void {
  if (!isCount(p.runs)) badField(file, `${at}runs`, `must be a count (a non-negative integer), got ${got(p.runs)}`);
  if (!isCount(p.steps)) badField(file, `${at}steps`, `must be a count (a non-negative integer), got ${got(p.steps)}`);
  for (const k of ['actionCounts', 'undecided', 'undecidedEventually'] as const) {
    if (!isCounts(p[k])) badField(file, `${at}${k}`, 'must map names to counts (non-negative integers)');
  }
  const w = p.witnesses;
  if (!isObj(w) || !Array.isArray(w.counts) || !w.counts.every(isCount) || !isCount(w.states) || !isCount(w.steps)) {
    badField(file, `${at}witnesses`, 'must be {"counts": [counts], "states": count, "steps": count}');
  }
}

/** (29e) Types and ranges of the tally's fields that need no knowledge of the job (see checkShardJob for the rest). */
function checkTallyFields(file: string, t: Record<string, unknown>, fingerprints: number[] | undefined): void {
  checkFigures(file, 'tally.', t);
  if (!isSeconds(t.seconds)) badField(file, 'tally.seconds', `must be a number of seconds >= 0, got ${got(t.seconds)}`);
  if (!isCount(t.distinctStates)) badField(file, 'tally.distinctStates', `must be a count (a non-negative integer), got ${got(t.distinctStates)}`);
  if (fingerprints && t.distinctStates !== fingerprints.length && t.coverageCapped !== true) {
    badField(file, 'tally.distinctStates', `is ${got(t.distinctStates)}, but "tally.fingerprints" holds ${fingerprints.length}`);
  }
  if (t.coverage === false && (t.distinctStates !== 0 || fingerprints !== undefined)) {
    badField(file, 'tally.coverage', `is false (no coverage counted), but the file holds ${fingerprints ? 'fingerprints' : `${got(t.distinctStates)} distinct states`}`);
  }
  if (t.coverageCapped !== undefined && typeof t.coverageCapped !== 'boolean') badField(file, 'tally.coverageCapped', 'must be true or false');
  if (t.limit !== undefined && t.limit !== 'time-limit' && t.limit !== 'interrupted') badField(file, 'tally.limit', `must be "time-limit" or "interrupted", got ${got(t.limit)}`);
  for (const k of ['unfinished', 'pointsCappedAt'] as const) if (t[k] !== undefined && !isCount(t[k])) badField(file, `tally.${k}`, `must be a run index (a non-negative integer), got ${got(t[k])}`);
  for (const [name, w] of Object.entries(t.sometimes as Record<string, unknown>)) {
    if (!isObj(w) || !isCount(w.run) || !Array.isArray(w.choices) || !w.choices.every(isCount) || !isCount(w.transitions)) {
      badField(file, `tally.sometimes.${name}`, 'must be {"run": run index, "choices": [counts], "transitions": count}');
    }
  }
  let last = -1;
  for (const [k, p] of ((t.points ?? []) as unknown[]).entries()) {
    const at = `tally.points[${k}]`;
    if (!isObj(p)) badField(file, at, 'must be an object');
    if (!isCount(p.run) || (p.run as number) <= last) badField(file, `${at}.run`, `must be a run index above the previous point's, got ${got(p.run)}`);
    last = p.run as number;
    checkFigures(file, `${at}.`, p);
    if (!isCount(p.coverage) || (p.coverage as number) > (fingerprints?.length ?? 0)) badField(file, `${at}.coverage`, `must be a count of at most the ${fingerprints?.length ?? 0} fingerprints, got ${got(p.coverage)}`);
    if (p.seconds !== undefined && !isSeconds(p.seconds)) badField(file, `${at}.seconds`, `must be a number of seconds >= 0, got ${got(p.seconds)}`);
    if ((p.runs as number) > (t.runs as number)) badField(file, `${at}.runs`, `is ${p.runs as number}, more than the ${t.runs as number} runs of the whole tally`);
  }
  const f = t.failure as Record<string, unknown> | undefined;
  if (f) {
    if (!PATH_SYNTAX.test(f.path as string)) badField(file, 'tally.failure.path', `must be run:shrink:... (digits and ':'), got ${got(f.path)}`);
    if (Number((f.path as string).split(':')[0]) !== f.run) badField(file, 'tally.failure.path', `starts with run ${(f.path as string).split(':')[0]}, but "tally.failure.run" is ${f.run as number}`);
    if (!isCount(f.shrinks)) badField(file, 'tally.failure.shrinks', `must be a count (a non-negative integer), got ${got(f.shrinks)}`);
    if (f.shrinkCut !== undefined && typeof f.shrinkCut !== 'boolean') badField(file, 'tally.failure.shrinkCut', 'must be true or false');
  }
}

/** What a shard's figures are checked against: the job the merged flags define. */
export interface ShardJob {
  /** Runs of the whole (unsharded) job. */
  runs: number;
  /** Most transitions one walk takes (its steps plus its drain steps). */
  walkSteps: number;
  /** The checked properties' names, in the order `witnesses.counts` follows. */
  properties: string[];
  /** The names of its `sometimes` properties. */
  sometimes: string[];
  /** The model's action kinds, when it declares them. */
  actionKinds?: string[];
}

/** The global run indices shard `index` of `count` runs: r < runs with r mod count = index - 1. */
function sliceSize(runs: number, index: number, count: number): number {
  return runs >= index ? Math.floor((runs - index) / count) + 1 : 0;
}

/**
 * (29e) Refuses a shard whose figures do not fit the job the merged flags define: more runs than
 * its slice, run indices outside its slice, more steps than its runs can take, lists of the
 * wrong length, and action kinds or property names the model and flags do not have.
 */
export function checkShardJob(file: string, s: ShardResult, job: ShardJob): void {
  const { index, count } = s.shard;
  const t = s.tally;
  const slice = sliceSize(job.runs, index, count);
  const sliceText = `shard ${index}/${count} of a ${job.runs}-run job has ${slice} run${slice === 1 ? '' : 's'}`;
  const inSlice = (field: string, run: number) => {
    if (run >= job.runs) badField(file, field, `is run ${run}, but the job has runs 0..${job.runs - 1}`);
    if (run % count !== index - 1) badField(file, field, `is run ${run}, which belongs to shard ${(run % count) + 1}/${count}, not ${index}/${count}`);
  };
  const figures = (at: string, p: { runs: number; steps: number; actionCounts: Record<string, number>; witnesses: { counts: number[] }; undecided: Record<string, number>; undecidedEventually: Record<string, number> }) => {
    if (p.runs > slice) badField(file, `${at}runs`, `is ${p.runs}, but ${sliceText}`);
    if (p.steps > p.runs * job.walkSteps) badField(file, `${at}steps`, `is ${p.steps}, more than ${p.runs} run(s) of at most ${job.walkSteps} steps can take`);
    if (p.witnesses.counts.length !== job.properties.length && !(p.runs === 0 && p.witnesses.counts.length === 0)) {
      badField(file, `${at}witnesses.counts`, `has ${p.witnesses.counts.length} counts, but the flags select ${job.properties.length} properties (or the model changed since the shard ran)`);
    }
    if (job.actionKinds) {
      const unknown = Object.keys(p.actionCounts).find((k) => !job.actionKinds!.includes(k));
      if (unknown !== undefined) badField(file, `${at}actionCounts`, `counts an action kind '${unknown}' the model does not have (it has ${job.actionKinds.join(', ')})`);
    }
    for (const k of ['undecided', 'undecidedEventually'] as const) {
      const unknown = Object.keys(p[k]).find((n) => !job.properties.includes(n));
      if (unknown !== undefined) badField(file, `${at}${k}`, `names a property '${unknown}' these flags do not check`);
    }
  };
  figures('tally.', t);
  for (const [k, p] of (t.points ?? []).entries()) {
    inSlice(`tally.points[${k}].run`, p.run);
    figures(`tally.points[${k}].`, p);
  }
  for (const [name, w] of Object.entries(t.sometimes)) {
    if (!job.sometimes.includes(name)) badField(file, `tally.sometimes.${name}`, `names a property these flags do not check as 'sometimes'${job.sometimes.length ? ` (they check ${job.sometimes.join(', ')})` : ''}`);
    inSlice(`tally.sometimes.${name}.run`, w.run);
  }
  if (t.failure) {
    if (!job.properties.includes(t.failure.property)) badField(file, 'tally.failure.property', `is ${t.failure.property}, which these flags do not check (they check ${job.properties.join(', ')})`);
    inSlice('tally.failure.run', t.failure.run);
  }
  if (t.pointsCappedAt !== undefined && t.pointsCappedAt > job.runs) badField(file, 'tally.pointsCappedAt', `is run ${t.pointsCappedAt}, but the job has ${job.runs} runs`);
}
