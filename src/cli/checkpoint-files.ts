/**
 * Checkpoint files for `check` and `simulate` `--checkpoint DIR` and `--resume DIR`: one file,
 * DIR/checkpoint.bin, the {@link Checkpoint} (or {@link RandomCheckpoint}) serialised with
 * `v8.serialize` (states are plain data) behind a header with its length and SHA-256
 * (checkpoint-frame.ts), verified before a resume deserialises it. A checkpoint is
 * written to a hidden temporary file, flushed to disk and renamed over the previous one, so a kill
 * during writing leaves the previous checkpoint usable. The selection hash ties a checkpoint to
 * the model file's contents, the selection, the properties and the state and depth limits.
 * {@link checkpointHooks} and {@link randomCheckpointHooks} turn the flags into the explorers' hooks.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { CHECKPOINT_FORMAT, CHECKPOINT_MISMATCH, CHECKPOINT_VERSION, type Checkpoint, type CheckpointHooks } from '../engine/checkpoint.ts';
import { UsageError } from '../engine/errors.ts';
import { RANDOM_CHECKPOINT_FORMAT, RANDOM_CHECKPOINT_MISMATCH, RANDOM_CHECKPOINT_VERSION, type RandomCheckpoint, type RandomCheckpointHooks } from '../engine/random-checkpoint.ts';
import { sweepStaleTemporaries, temporaryName } from '../../traces/write-pair.ts';
import { frameHeader, unframe } from './checkpoint-frame.ts';
import { str, type Flags } from './args.ts';
import type { CliContext } from './context.ts';
import { selectionArgs, type Prepared } from './selection.ts';
import { makeDir } from '../engine/make-dir.ts';

/** Default seconds between checkpoints (`--checkpoint-every`). */
export const DEFAULT_CHECKPOINT_EVERY = 300;

/** The checkpoint file in `dir`. */
export function checkpointFile(dir: string): string {
  return join(dir, 'checkpoint.bin');
}

/** The hash a checkpoint must carry to be resumed by this run. */
export function selectionHash(p: Prepared, limits: Record<string, number | undefined>, properties: readonly { name: string }[] = p.properties): string {
  const h = createHash('sha256');
  const fixed: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(limits)) fixed[k] = v ?? null;
  h.update(JSON.stringify({ model: p.target.model.name, selection: selectionArgs(p), properties: properties.map((x) => x.name), ...fixed }));
  if (existsSync(p.source.file)) h.update(readFileSync(p.source.file));
  return h.digest('hex');
}

/**
 * (Stop 30) What the hash covers, part by part, saved beside it so that a refused `--resume` can
 * say what differs (it said "model, selection, properties or limits differ").
 */
export function selectionParts(p: Prepared, limits: Record<string, number | undefined>, properties: readonly { name: string }[] = p.properties): Record<string, string> {
  const out: Record<string, string> = { model: p.target.model.name, 'flags (config, mechanism, knobs, params)': selectionArgs(p).join(' ') || '(none)', properties: properties.map((x) => x.name).join(',') };
  const flag: Record<string, string> = { maxStates: '--max-states', maxDepth: '--max-depth', seed: '--seed', runs: '--runs', steps: '--steps', checkEvery: '--check-every', drainSteps: '--drain-steps' };
  for (const [k, v] of Object.entries(limits)) if (k !== 'simulate') out[flag[k] ?? k] = v === undefined ? '(default)' : String(v);
  if (existsSync(p.source.file)) out['model file'] = createHash('sha256').update(readFileSync(p.source.file)).digest('hex').slice(0, 12);
  return out;
}

/** The mismatch message, naming what differs when the checkpoint saved its parts. */
function mismatch(generic: string, saved: unknown, now: Record<string, string>): string {
  if (typeof saved !== 'object' || saved === null) return generic;
  const was = saved as Record<string, unknown>;
  const diff = Object.keys(now).filter((k) => was[k] !== now[k]);
  if (diff.length === 0) return generic;
  const k = diff[0]!;
  const also = diff.length > 1 ? `; also ${diff.slice(1).join(', ')}` : '';
  const show = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  const values = typeof was[k] === 'string' ? ` (${show(was[k] as string)} in the checkpoint, ${show(now[k]!)} in this run)` : '';
  return `${generic.split(' (')[0]}: the ${k} differ${k === 'properties' || k.startsWith('flags') ? '' : 's'}${values}${also}; resume with the same flags, or start without --resume`;
}

/** Writes `c` into `dir` atomically; a failure is a warning (the check goes on without it). */
export function writeCheckpoint(dir: string, c: (Checkpoint | RandomCheckpoint) & { parts?: Record<string, string> }, ctx: CliContext): boolean {
  const file = checkpointFile(dir);
  const tmp = join(dir, temporaryName('checkpoint.bin'));
  try {
    makeDir(dir, '--checkpoint');
    sweepStaleTemporaries(dir); // left by a run killed while writing
    const data = serialize(c);
    const fd = openSync(tmp, 'w');
    try {
      for (const part of [frameHeader(data), data]) {
        for (let off = 0; off < part.length;) off += writeSync(fd, part, off, part.length - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    return true;
  } catch (e) {
    rmSync(tmp, { force: true });
    ctx.stderr(`replcheck: could not write a checkpoint into ${dir}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (the check goes on; the previous checkpoint, if any, is kept)\n`);
    return false;
  }
}

/**
 * The deserialised contents of the checkpoint in `dir`, once its length and digest are verified;
 * a missing, damaged or unreadable one is a UsageError naming the file.
 */
function readCheckpointFile(dir: string, command: string): unknown {
  const file = checkpointFile(dir);
  if (!existsSync(file)) throw new UsageError(`--resume: no checkpoint in ${dir} (expected ${file}, written by ${command} --checkpoint DIR)`);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    throw new UsageError(`--resume: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const payload = unframe(data, file);
  try {
    return deserialize(payload);
  } catch (e) {
    throw new UsageError(`--resume: ${file} is not a readable checkpoint (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** (Issue 17) A checkpoint of another version: its fingerprints may not be this version's (the replication model's changed at version 3). */
function olderVersion(file: string, was: unknown, now: number): string {
  return `--resume: ${file} is a checkpoint of version ${String(was)}, and this replcheck reads version ${now} (state fingerprints differ between them): resume it with the replcheck that wrote it, or delete it and rerun without --resume`;
}

/** Reads the checkpoint of an exhaustive search in `dir` (UsageError naming the file when it is not one). */
export function readCheckpoint(dir: string): Checkpoint {
  const file = checkpointFile(dir);
  const o = readCheckpointFile(dir, 'check') as Partial<Checkpoint> | null;
  if ((o as { format?: unknown } | null)?.format === RANDOM_CHECKPOINT_FORMAT) throw new UsageError(`--resume: ${file} is a checkpoint of simulate, not of check`);
  if (o?.format === CHECKPOINT_FORMAT && o.version !== CHECKPOINT_VERSION) throw new UsageError(olderVersion(file, o.version, CHECKPOINT_VERSION));
  if (!o || o.format !== CHECKPOINT_FORMAT || o.version !== CHECKPOINT_VERSION || !o.search || !o.table || !o.tracker) {
    throw new UsageError(`--resume: ${file} is not a replcheck checkpoint of version ${CHECKPOINT_VERSION}`);
  }
  return o as Checkpoint;
}

/** The checkpoint hooks `--checkpoint` and `--resume` ask for, or undefined. */
export function checkpointHooks(flags: Flags, p: Prepared, every: number, limits: { maxStates?: number; maxDepth?: number }, ctx: CliContext): CheckpointHooks | undefined {
  const resumeDir = str(flags, 'resume');
  const given = str(flags, 'checkpoint');
  if (given === undefined && resumeDir === undefined) {
    if (str(flags, 'checkpoint-every') !== undefined) throw new UsageError('--checkpoint-every needs --checkpoint DIR');
    return undefined;
  }
  const dir = resolve(ctx.cwd, given ?? resumeDir!);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${given !== undefined ? '--checkpoint' : '--resume'} must be a directory (${dir} is a file)${given === undefined ? ': give the directory the checkpoint was saved in, not checkpoint.bin' : ''}`);
  const parts = selectionParts(p, limits);
  const hooks: CheckpointHooks = { everySeconds: every, selection: selectionHash(p, limits), save: (c) => void writeCheckpoint(dir, { ...c, parts }, ctx) };
  if (resumeDir !== undefined) {
    const c = readCheckpoint(resolve(ctx.cwd, resumeDir));
    if (c.selection !== hooks.selection) throw new UsageError(mismatch(CHECKPOINT_MISMATCH, (c as { parts?: unknown }).parts, parts));
    hooks.resume = c;
    ctx.stderr(`replcheck: resuming from ${checkpointFile(resolve(ctx.cwd, resumeDir))}: ${c.table.size} states explored, at depth ${c.search.depth}\n`);
  }
  // (Stop 28) Made before the run, so a path that cannot be a directory is bad input now, not a
  // failed save later; (stop 29) after the resume is accepted, so a refused one leaves nothing behind.
  if (given !== undefined) makeDir(dir, '--checkpoint');
  return hooks;
}

/**
 * (Stop 29) The flags that continue a run stopped by its time limit or a signal from the
 * checkpoint it saved (`--resume DIR`, and `--checkpoint-every` as given), for the rerun line;
 * nothing when the run had no checkpoint, ended otherwise, or none could be written.
 */
export function resumeArgs(flags: Flags, cwd: string, limit: string | undefined): string[] {
  const given = str(flags, 'resume') ?? str(flags, 'checkpoint');
  if (given === undefined || (limit !== 'time-limit' && limit !== 'interrupted')) return [];
  if (!existsSync(checkpointFile(resolve(cwd, given)))) return [];
  const every = str(flags, 'checkpoint-every');
  return ['--resume', given, ...(every !== undefined ? ['--checkpoint-every', every] : [])];
}

/** Reads the checkpoint of a random run in `dir` (UsageError naming the file when it is not one). */
export function readRandomCheckpoint(dir: string): RandomCheckpoint {
  const file = checkpointFile(dir);
  const o = readCheckpointFile(dir, 'simulate') as Partial<RandomCheckpoint> | null;
  if ((o as { format?: unknown } | null)?.format === CHECKPOINT_FORMAT) throw new UsageError(`--resume: ${file} is a checkpoint of check, not of simulate`);
  if (o?.format === RANDOM_CHECKPOINT_FORMAT && o.version !== RANDOM_CHECKPOINT_VERSION) throw new UsageError(olderVersion(file, o.version, RANDOM_CHECKPOINT_VERSION));
  if (!o || o.format !== RANDOM_CHECKPOINT_FORMAT || o.version !== RANDOM_CHECKPOINT_VERSION || typeof o.runs !== 'number' || !o.walker || !o.witnessCounts) {
    throw new UsageError(`--resume: ${file} is not a replcheck simulate checkpoint of version ${RANDOM_CHECKPOINT_VERSION}`);
  }
  return o as RandomCheckpoint;
}

/**
 * The checkpoint hooks `simulate --checkpoint` and `--resume` ask for, or undefined. `walk` holds
 * what decides the walks (seed, runs, steps, check and drain cadence) for the selection hash.
 */
export function randomCheckpointHooks(flags: Flags, p: Prepared, every: number, walk: { seed: number; runs?: number; steps?: number; checkEvery?: number; drainSteps?: number; path?: string }, properties: readonly { name: string }[], ctx: CliContext): RandomCheckpointHooks | undefined {
  const resumeDir = str(flags, 'resume');
  const given = str(flags, 'checkpoint');
  if (given === undefined && resumeDir === undefined) {
    if (str(flags, 'checkpoint-every') !== undefined) throw new UsageError('--checkpoint-every needs --checkpoint DIR');
    return undefined;
  }
  if (walk.path !== undefined) throw new UsageError('--checkpoint and --resume continue a search; they do not go with --path (a replay of one walk)');
  const dir = resolve(ctx.cwd, given ?? resumeDir!);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${given !== undefined ? '--checkpoint' : '--resume'} must be a directory (${dir} is a file)${given === undefined ? ': give the directory the checkpoint was saved in, not checkpoint.bin' : ''}`);
  const limits = { seed: walk.seed, runs: walk.runs, steps: walk.steps, checkEvery: walk.checkEvery, drainSteps: walk.drainSteps, simulate: 1 };
  const parts = selectionParts(p, limits, properties);
  const hooks: RandomCheckpointHooks = { everySeconds: every, selection: selectionHash(p, limits, properties), save: (c) => void writeCheckpoint(dir, { ...c, parts }, ctx) };
  if (resumeDir !== undefined) {
    const c = readRandomCheckpoint(resolve(ctx.cwd, resumeDir));
    if (c.selection !== hooks.selection) throw new UsageError(mismatch(RANDOM_CHECKPOINT_MISMATCH, (c as { parts?: unknown }).parts, parts));
    hooks.resume = c;
    ctx.stderr(`replcheck: resuming from ${checkpointFile(resolve(ctx.cwd, resumeDir))}: ${c.runs} runs done (${c.steps} steps)\n`);
  }
  // (Stop 28) Made before the run, so a path that cannot be a directory is bad input now, not a
  // failed save later; (stop 29) after the resume is accepted, so a refused one leaves nothing behind.
  if (given !== undefined) makeDir(dir, '--checkpoint');
  return hooks;
}
