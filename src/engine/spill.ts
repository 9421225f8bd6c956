/**
 * (Issue 17) The temporary files of a run that spills to disk (`--memory MB`): one private
 * directory per run, made under the spill directory (`--spill-dir`, default `os.tmpdir()`), that
 * holds the frontier levels (frontier.ts), the sorted fingerprint runs and the trace of
 * fingerprints and parent links (disk-table.ts). The directory is removed when the run closes it
 * (also after an error or an interrupt: the explorer closes it in a `finally`) and, as a last
 * resort, when the process or worker exits. Only a hard kill (SIGKILL) can leave it behind; its
 * name (`replcheck-spill-*`) says what it is.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A spill file operation failed (disk full, directory removed): the run ends with limit 'memory'. */
export class SpillError extends Error {}

const open = new Set<string>();
let hooked = false;
let listener: ((path: string, made: boolean) => void) | undefined;

/**
 * Tells `f` when a spill directory is made (`made` true) and removed: the CLI's supervisor uses
 * it to remove the directory itself when it has to end the worker thread that runs the search
 * (a second Ctrl-C, a plugin timeout), where this thread's own cleanup cannot run.
 */
export function onSpillDirs(f: (path: string, made: boolean) => void): void {
  listener = f;
}

/** Removes every directory still open (on exit). */
function removeAll(): void {
  for (const d of open) rmSync(d, { recursive: true, force: true });
  open.clear();
}

/** A run's private spill directory and its files. */
export class SpillDir {
  /** The directory's path. */
  readonly path: string;
  /** Bytes written so far (all files). */
  written = 0;
  /** Bytes held on disk now (files not yet deleted). */
  held = 0;
  /** Largest {@link held} seen. */
  peakHeld = 0;
  private files = 0;

  /** Makes the directory under `parent` (default `os.tmpdir()`); throws when it cannot. */
  constructor(parent: string = tmpdir()) {
    this.path = mkdtempSync(join(resolve(parent), 'replcheck-spill-'));
    open.add(this.path);
    listener?.(this.path, true);
    if (!hooked) {
      hooked = true;
      process.on('exit', removeAll);
    }
  }

  /** A new file in the directory, opened for reading and writing; returns its descriptor. */
  create(prefix: string): { fd: number; path: string } {
    const path = join(this.path, `${prefix}-${this.files++}`);
    return { fd: guarded(() => openSync(path, 'w+')), path };
  }

  /** Writes `bytes` at `position` of `fd` (all of it). */
  write(fd: number, bytes: ArrayBufferView, position: number): void {
    const buf = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let done = 0;
    while (done < buf.length) done += guarded(() => writeSync(fd, buf, done, buf.length - done, position + done));
    this.written += buf.length;
  }

  /** Reads `bytes.byteLength` bytes at `position` of `fd` into `bytes`. */
  read(fd: number, bytes: ArrayBufferView, position: number): void {
    const buf = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let done = 0;
    while (done < buf.length) {
      const n = guarded(() => readSync(fd, buf, done, buf.length - done, position + done));
      if (n === 0) throw new SpillError(`a spill file in ${this.path} is shorter than expected`);
      done += n;
    }
  }

  /** Accounts for `delta` bytes held on disk (negative when a file is deleted). */
  hold(delta: number): void {
    this.held += delta;
    if (this.held > this.peakHeld) this.peakHeld = this.held;
  }

  /** Closes `fd` and deletes its file. */
  remove(fd: number, path: string): void {
    closeSync(fd);
    rmSync(path, { force: true });
  }

  /** Removes the directory and everything in it. */
  close(): void {
    rmSync(this.path, { recursive: true, force: true });
    open.delete(this.path);
    listener?.(this.path, false);
  }
}

/** Runs a file operation, turning its failure into a {@link SpillError}. */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new SpillError(`spilling to disk failed: ${(e as Error).message.split('\n')[0]}`);
  }
}
