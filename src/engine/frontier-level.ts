/**
 * (Issue 17) One level of the breadth-first frontier (frontier.ts): its chunks in memory, on
 * disk (written, read back and deleted here) and being filled, and reading its states out without consuming them, for a parallel
 * driver and for checkpoints (which store a frontier in chunks of {@link CHUNK} states).
 */
import { deserialize, serialize } from 'node:v8';
import type { StateCodec } from './model.ts';
import type { SpillDir } from './spill.ts';

/** States per object chunk (and per chunk of a checkpoint's frontier). */
export const CHUNK = 4096;

/** A chunk: encoded records `[length, words...]` (with a codec) or state objects. */
export type Chunk<S> = Int32Array | S[];

/** A chunk written to the level's file. */
export interface DiskChunk {
  position: number;
  bytes: number;
  /** Words used (encoded chunk). */
  used: number;
}

/** One level: chunks in memory, then chunks on disk (in the level's file), then the chunk being filled. */
export class Level<S> {
  head: (Chunk<S> | null)[] = [];
  headUsed: number[] = [];
  disk: DiskChunk[] = [];
  file: { fd: number; path: string } | null = null;
  fileSize = 0;
  tail: Chunk<S> | null = null;
  tailUsed = 0;
  count = 0;

  /** Appends `chunk` (`used` words or states) to the level's file in `spill` (created at the first). */
  write(spill: SpillDir, chunk: Chunk<S>, used: number): void {
    if (this.file === null) this.file = spill.create('frontier');
    const bytes = chunk instanceof Int32Array ? chunk.subarray(0, used) : serialize(chunk);
    spill.write(this.file.fd, bytes, this.fileSize);
    spill.hold(bytes.byteLength);
    this.disk.push({ position: this.fileSize, bytes: bytes.byteLength, used });
    this.fileSize += bytes.byteLength;
  }

  /** The level's `d`-th chunk on disk, read back (`encoded`: as words); the file is deleted after its last chunk. */
  read(spill: SpillDir, d: number, encoded: boolean): Chunk<S> {
    const ref = this.disk[d];
    const bytes = new Uint8Array(ref.bytes);
    spill.read(this.file!.fd, bytes, ref.position);
    const chunk = encoded ? new Int32Array(bytes.buffer) : (deserialize(bytes) as S[]);
    if (d === this.disk.length - 1) this.dropFile(spill);
    return chunk;
  }

  /** Deletes the level's file, if any. */
  dropFile(spill: SpillDir | null): void {
    if (this.file === null) return;
    spill!.remove(this.file.fd, this.file.path);
    spill!.hold(-this.fileSize);
    this.file = null;
  }
}

/** A chunk being read: words (or states) used, and the reading position in it. */
export interface ChunkCursor<S> {
  c: Chunk<S>;
  used: number;
  from: number;
}

/**
 * The states of `level` still in memory, decoded with `codec` (encoded chunks), after those
 * left in the chunk `reading` is at (the current level's chunk being read, if any).
 */
export function levelStates<S>(level: Level<S>, codec: StateCodec<S> | undefined, reading: ChunkCursor<S> | null): S[] {
  if (level.disk.length > 0) throw new Error('unreachable: checkpoints are taken only without spilling');
  const chunks: ChunkCursor<S>[] = [];
  if (reading !== null) chunks.push(reading);
  level.head.forEach((c, i) => { if (c !== null) chunks.push({ c, used: level.headUsed[i], from: 0 }); });
  if (level.tail !== null) chunks.push({ c: level.tail, used: level.tailUsed, from: 0 });
  const out: S[] = [];
  for (const { c, used, from } of chunks) {
    if (!(c instanceof Int32Array)) {
      for (let i = from; i < used; i++) out.push(c[i]);
      continue;
    }
    for (let at = from; at < used; at += c[at] + 1) out.push(codec!.decode(c, at + 1, c[at]));
  }
  return out;
}

/**
 * A frontier as a checkpoint stores it: the current level's states not yet taken (`rest`, `pos`
 * states already taken) in chunks of {@link CHUNK} by position (chunks before `pos` are null),
 * and the next level's states (`all`) in chunks.
 */
export function checkpointChunks<S>(rest: S[], pos: number, all: S[]): { current: (S[] | null)[]; next: S[][] } {
  const current: (S[] | null)[] = [];
  for (let k = 0; k < rest.length; k++) {
    const p = pos + k;
    const i = Math.floor(p / CHUNK);
    while (current.length <= i) current.push(current.length < Math.floor(pos / CHUNK) ? null : []);
    (current[i] as S[])[p % CHUNK] = rest[k];
  }
  const next: S[][] = [];
  for (let k = 0; k < all.length; k += CHUNK) next.push(all.slice(k, k + CHUNK));
  return { current, next };
}
