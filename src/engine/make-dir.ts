/**
 * (Stop 28) Creating an output directory (--out, --checkpoint, shard results) without
 * `fs.mkdirSync`'s recursive mode, which on some paths never returns (under /proc it loops in
 * native code at full CPU, deaf to SIGTERM and SIGINT). The path is walked up to its nearest
 * existing ancestor, which must be a directory, and the missing parts are made one at a time; a
 * failure is a {@link UsageError} naming the flag, the path and the fix.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';

function codeOf(e: unknown): string {
  return (e as { code?: string }).code ?? (e as Error).message;
}

/** Makes directory `dir` (and its missing parents); `what` names it in errors, e.g. "--out". */
export function makeDir(dir: string, what: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); ; p = dirname(p)) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      // ENOTDIR: some ancestor is a file (found further up).
      if (codeOf(e) !== 'ENOENT' && codeOf(e) !== 'ENOTDIR') throw new UsageError(`${what} ${dir}: cannot use ${p} (${codeOf(e)}); choose a writable directory`);
      missing.push(p);
      if (dirname(p) === p) break;
      continue;
    }
    if (!isDir) throw new UsageError(`${what} ${dir}: ${p} is a file, not a directory; choose a directory`);
    break;
  }
  for (let k = missing.length - 1; k >= 0; k--) {
    try {
      mkdirSync(missing[k]!);
    } catch (e) {
      if (codeOf(e) === 'EEXIST' && statSync(missing[k]!).isDirectory()) continue;
      throw new UsageError(`${what} ${dir}: cannot create ${missing[k]} (${codeOf(e)}); choose a writable directory`);
    }
  }
}
