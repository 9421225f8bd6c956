/**
 * Checkpoint files for `check --checkpoint DIR` and `--resume DIR`: one file, DIR/checkpoint.bin,
 * the {@link Checkpoint} serialised with `v8.serialize` (states are plain data). A checkpoint is
 * written to a hidden temporary file, flushed to disk and renamed over the previous one, so a kill
 * during writing leaves the previous checkpoint usable. The selection hash ties a checkpoint to
 * the model file's contents, the selection, the properties and the state and depth limits.
 * {@link checkpointHooks} turns the flags into the explorer's hooks.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { CHECKPOINT_FORMAT, CHECKPOINT_MISMATCH, CHECKPOINT_VERSION, type Checkpoint, type CheckpointHooks } from '../engine/checkpoint.ts';
import { UsageError } from '../engine/errors.ts';
import { sweepStaleTemporaries, temporaryName } from '../../traces/write-pair.ts';
import { str, type Flags } from './args.ts';
import type { CliContext } from './context.ts';
import { selectionArgs, type Prepared } from './selection.ts';

/** The checkpoint file in `dir`. */
export function checkpointFile(dir: string): string {
  return join(dir, 'checkpoint.bin');
}

/** The hash a checkpoint must carry to be resumed by this run. */
export function selectionHash(p: Prepared, limits: { maxStates?: number; maxDepth?: number }): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({
    model: p.target.model.name, selection: selectionArgs(p), properties: p.properties.map((x) => x.name),
    maxStates: limits.maxStates ?? null, maxDepth: limits.maxDepth ?? null,
  }));
  if (existsSync(p.source.file)) h.update(readFileSync(p.source.file));
  return h.digest('hex');
}

/** Writes `c` into `dir` atomically; a failure is a warning (the check goes on without it). */
export function writeCheckpoint(dir: string, c: Checkpoint, ctx: CliContext): boolean {
  const file = checkpointFile(dir);
  const tmp = join(dir, temporaryName('checkpoint.bin'));
  try {
    mkdirSync(dir, { recursive: true });
    sweepStaleTemporaries(dir); // left by a run killed while writing
    const data = serialize(c);
    const fd = openSync(tmp, 'w');
    try {
      for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off);
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

/** Reads the checkpoint in `dir`; a missing or unreadable one is a UsageError naming the file. */
export function readCheckpoint(dir: string): Checkpoint {
  const file = checkpointFile(dir);
  if (!existsSync(file)) throw new UsageError(`--resume: no checkpoint in ${dir} (expected ${file}, written by check --checkpoint DIR)`);
  let c: unknown;
  try {
    c = deserialize(readFileSync(file));
  } catch (e) {
    throw new UsageError(`--resume: ${file} is not a readable checkpoint (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const o = c as Partial<Checkpoint> | null;
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
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--checkpoint must be a directory (${dir} is a file)`);
  const hooks: CheckpointHooks = { everySeconds: every, selection: selectionHash(p, limits), save: (c) => void writeCheckpoint(dir, c, ctx) };
  if (resumeDir !== undefined) {
    const c = readCheckpoint(resolve(ctx.cwd, resumeDir));
    if (c.selection !== hooks.selection) throw new UsageError(CHECKPOINT_MISMATCH);
    hooks.resume = c;
    ctx.stderr(`replcheck: resuming from ${checkpointFile(resolve(ctx.cwd, resumeDir))}: ${c.table.size} states explored, at depth ${c.search.depth}\n`);
  }
  return hooks;
}
