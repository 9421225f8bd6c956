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
/** The current shard file version (merge refuses others). */
export const SHARD_VERSION = 1;

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
  return { ...(doc as unknown as ShardResult), tally: { ...(t as unknown as SearchTally), ...(fingerprints ? { fingerprints } : {}) } };
}
