/**
 * (Issue 17) The breadth-first frontier: the level being expanded and the next one, each a
 * sequence of chunks read and written in order.
 *
 * - With a codec (`Model.codec`) a chunk is an Int32Array of records `[length, words...]`: the
 *   words the search already computed for the fingerprint (or the codec's own encoding), decoded
 *   again when the state is expanded. A state costs its encoded size plus one word, instead of
 *   an object graph on the JavaScript heap.
 * - Without one a chunk is an array of up to {@link CHUNK} state objects, as before.
 * - With a {@link SpillDir} (`--memory`), a level keeps at most `memoryChunks` full chunks in
 *   memory; the later ones are appended to a file of the spill directory (encoded chunks as raw
 *   words, object chunks with `v8.serialize`, so states must be plain data, as checkpoints
 *   already assume) and read back one at a time when the level is expanded. A level's file is
 *   deleted once it has been read.
 *
 * A level's storage, and reading its states out for checkpoints, are in frontier-level.ts.
 */
import type { Model } from './model.ts';
import { WordBuffer } from './fingerprint.ts';
import type { SpillDir } from './spill.ts';
import { CHUNK, checkpointChunks, Level, levelStates, type Chunk } from './frontier-level.ts';

/** Re-exported: search.ts and checkpoints import it from here. */
export { CHUNK };

/** Bytes per encoded chunk by default (1 MB). */
export const CHUNK_BYTES = 1 << 20;

/** Encoded chunks of the usual size kept for reuse once read (see `Frontier.recycle`). */
const SPARE_CHUNKS = 4;

/** The two levels of a breadth-first search. */
export class Frontier<S> {
  /** States of the current level not yet taken, plus the whole next level. */
  get queued(): number {
    return this.current.count - this.taken + this.next.count;
  }
  /** States in the current level. */
  get currentCount(): number {
    return this.current.count;
  }
  /** States in the next level so far. */
  get nextCount(): number {
    return this.next.count;
  }
  /** Chunks written to disk so far. */
  spilledChunks = 0;

  private current = new Level<S>();
  private next = new Level<S>();
  private taken = 0;
  /** Reading position: chunk index in head, then disk, then the tail. */
  private readIndex = 0;
  private reading: Chunk<S> | null = null;
  private readUsed = 0;
  private readOffset = 0;
  private readonly model: Model<S, unknown>;
  private readonly encoded: boolean;
  private readonly scratch = new WordBuffer();
  /** Encoded chunks read already, reused for new ones (at most {@link SPARE_CHUNKS}). */
  private readonly spare: Int32Array[] = [];
  private readonly spill: SpillDir | null;
  private readonly memoryChunks: number;
  private readonly chunkWords: number;
  private readonly chunkStates: number;

  /**
   * `spill` and `memoryChunks` (full chunks kept in memory per level) bound memory; without
   * `spill` everything stays in memory. `chunkBytes` sets the chunk size (encoded chunks hold
   * that many bytes; object chunks {@link CHUNK} states, or chunkBytes / 256 when it is given).
   */
  constructor(model: Model<S, any>, spill: SpillDir | null = null, memoryChunks = Number.POSITIVE_INFINITY, chunkBytes?: number) {
    this.model = model as Model<S, unknown>;
    this.encoded = model.codec !== undefined;
    this.spill = spill;
    this.memoryChunks = spill === null ? Number.POSITIVE_INFINITY : Math.max(1, memoryChunks);
    this.chunkWords = Math.max(16, Math.floor((chunkBytes ?? CHUNK_BYTES) / 4));
    this.chunkStates = chunkBytes === undefined ? CHUNK : Math.max(1, Math.floor(chunkBytes / 256));
  }

  /** Appends `c` to the next level; `enc` holds the words of `model.encode(c)`. */
  push(c: S, enc: WordBuffer): void {
    this.pushWords(c, enc.words, 0, enc.length);
  }

  /** (Issue 17) As {@link push}, with the words of `model.encode(c)` in `words[start .. end)`. */
  pushWords(c: S, words: Int32Array, start: number, end: number): void {
    const level = this.next;
    level.count++;
    if (!this.encoded) {
      let t = level.tail as S[] | null;
      if (t === null || t.length === this.chunkStates) {
        if (t !== null) this.seal(level);
        t = level.tail = [];
      }
      t.push(c);
      level.tailUsed = t.length;
      return;
    }
    const codec = this.model.codec!;
    if (codec.encode !== undefined) {
      const src = this.scratch;
      src.length = 0;
      codec.encode(c, src);
      words = src.words;
      start = 0;
      end = src.length;
    }
    const n = end - start;
    let t = level.tail as Int32Array | null;
    if (t === null || level.tailUsed + n + 1 > t.length) {
      if (t !== null) this.seal(level);
      t = level.tail = n + 1 <= this.chunkWords && this.spare.length > 0 ? this.spare.pop()! : new Int32Array(Math.max(this.chunkWords, n + 1));
      level.tailUsed = 0;
    }
    const at = level.tailUsed;
    t[at] = n;
    // A plain loop: states are a few words, and `set` would need a subarray object per state.
    for (let i = 0; i < n; i++) t[at + 1 + i] = words[start + i];
    level.tailUsed = at + 1 + n;
  }

  /** Moves the next level's full tail chunk to memory or, past the allowance, to disk. */
  private seal(level: Level<S>): void {
    const chunk = level.tail!;
    if (level.head.length < this.memoryChunks || this.spill === null) {
      level.head.push(chunk);
      level.headUsed.push(level.tailUsed);
    } else {
      level.write(this.spill, chunk, level.tailUsed);
      this.recycle(chunk);
      this.spilledChunks++;
    }
    level.tail = null;
    level.tailUsed = 0;
  }

  /** The next state of the current level (call at most `currentCount` times per level). */
  take(): S {
    if (this.reading === null || this.readOffset >= this.readUsed) this.load();
    this.taken++;
    if (!this.encoded) return (this.reading as S[])[this.readOffset++];
    const words = this.reading as Int32Array;
    const n = words[this.readOffset];
    const s = this.model.codec!.decode(words, this.readOffset + 1, n);
    this.readOffset += n + 1;
    return s;
  }

  /** Loads the current level's next chunk (dropping the previous one, kept as a {@link spare} when it has the usual size). */
  private load(): void {
    const level = this.current;
    this.recycle(this.reading);
    const k = this.readIndex++;
    this.readOffset = 0;
    if (k < level.head.length) {
      this.reading = level.head[k];
      this.readUsed = level.headUsed[k];
      level.head[k] = null;
      return;
    }
    const d = k - level.head.length;
    if (d < level.disk.length) {
      this.readUsed = level.disk[d].used;
      this.reading = level.read(this.spill!, d, this.encoded);
      return;
    }
    this.reading = level.tail;
    this.readUsed = level.tailUsed;
    level.tail = null;
  }

  /**
   * Keeps an encoded chunk that was read (or written to disk) for the next level's next chunk:
   * the frontier then allocates a new chunk only when the next level outgrows the current one,
   * and not 1 MB of memory outside the JavaScript heap per 1 MB of states, which makes V8 collect
   * its old generation every second or so (issue 17).
   */
  private recycle(chunk: Chunk<S> | null): void {
    if (chunk instanceof Int32Array && chunk.length === this.chunkWords && this.spare.length < SPARE_CHUNKS) this.spare.push(chunk);
  }

  /** Makes the next level the current one (the current one must have been taken entirely). */
  swap(): void {
    this.current.dropFile(this.spill);
    this.recycle(this.reading);
    this.current = this.next;
    this.next = new Level<S>();
    this.taken = 0;
    this.readIndex = 0;
    this.reading = null;
    this.readUsed = 0;
    this.readOffset = 0;
  }

  /**
   * (Issue 17) The whole next level, decoded, removed from the frontier: a parallel driver takes
   * it over (parallel runs never spill, so it is all in memory).
   */
  detachNext(): S[] {
    const states = this.peek(this.next, false);
    this.next.dropFile(this.spill);
    this.next = new Level<S>();
    return states;
  }

  /** Deletes the files of both levels. */
  close(): void {
    this.current.dropFile(this.spill);
    this.next.dropFile(this.spill);
  }

  /**
   * The states not yet taken, as a checkpoint stores them: the current level in chunks of
   * {@link CHUNK} by position (`pos` states already taken; chunks before it are null) and the
   * next level in chunks. Reads the frontier without consuming it (only without spilling).
   */
  snapshot(pos: number): { current: (S[] | null)[]; next: S[][] } {
    return checkpointChunks(this.peek(this.current, true), pos, this.peek(this.next, false));
  }

  /** The states of a level still in memory (from the reading position for the current level). */
  private peek(level: Level<S>, fromCursor: boolean): S[] {
    const cursor = fromCursor && this.reading !== null ? { c: this.reading, used: this.readUsed, from: this.readOffset } : null;
    return levelStates(level, this.model.codec, cursor);
  }

  /** Refills both levels from a checkpoint's chunks (`pos` states of the current level already taken). */
  restore(current: (S[] | null)[], currentCount: number, next: S[][], nextCount: number, pos: number): void {
    const enc = this.scratch;
    const add = (s: S) => {
      enc.length = 0;
      if (this.encoded && this.model.codec!.encode === undefined) this.model.encode(s, enc);
      this.push(s, enc);
    };
    for (let p = pos; p < currentCount; p++) add((current[Math.floor(p / CHUNK)] as S[])[p % CHUNK]);
    this.swap();
    this.current.count = currentCount; // the first `pos` were taken before the checkpoint
    this.taken = pos;
    for (let k = 0; k < nextCount; k++) add(next[Math.floor(k / CHUNK)][k % CHUNK]);
  }
}
