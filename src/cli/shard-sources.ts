/**
 * The files a sharded run read, with their SHA-256 (the `sources` of a shard result file), and
 * the checks `merge` makes with them. Shards record the flags they ran with, but a flag names a
 * file, not its contents: after an edit of the model (a constant changed), shards of the old
 * and the new version carry the same flags. So each shard records the digest of every file its
 * flags name: the `--model` module and, when they name files, `--config` (a configuration file)
 * and `--mechanism` (a plugin). Presets, built-in mechanisms and the built-in model are part of
 * replcheck, which the shards' `replcheck` version already ties together.
 *
 * merge refuses shards whose sources differ from each other (exit 2, naming both shard files),
 * so it works from the result files alone. Against the files on disk it only warns, unless it
 * must rebuild a counterexample from a file that changed: then it refuses.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { changedModuleText, pluginDigest } from '../engine/module-digest.ts';
import { UsageError } from '../engine/errors.ts';
import type { Prepared } from './selection.ts';

/** One file a shard's run read: the flag that named it, the path as given, and the SHA-256 of its bytes. */
export interface SourceRecord {
  flag: 'model' | 'config' | 'mechanism';
  file: string;
  sha256: string;
}

/**
 * The SHA-256 of the file at `path`, or undefined when it is not a readable regular file; of a
 * module (`--model`, `--mechanism`) with the local modules it imports (module-digest.ts, stop 31).
 */
function digestOf(path: string, module: boolean): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    return module ? pluginDigest(path) : createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/** The files `p`'s flags name (--model; --config and --mechanism when they name files), with their digests. */
export function runSources(p: Pick<Prepared, 'source' | 'selection'>, cwd: string): SourceRecord[] {
  const out: SourceRecord[] = [];
  const add = (flag: SourceRecord['flag'], given: string | undefined) => {
    // Names without '.', '/' or '\' are presets and built-ins (the replication model's rule for --config).
    if (given === undefined || !/[./\\]/.test(given)) return;
    const sha256 = digestOf(resolve(cwd, given), flag !== 'config');
    if (sha256 !== undefined) out.push({ flag, file: given, sha256 });
  };
  add('model', p.source.given);
  add('config', p.selection.config);
  add('mechanism', p.selection.mechanism);
  return out;
}

/** True when `x` is a well-formed `sources` array. */
export function isSources(x: unknown): x is SourceRecord[] {
  return Array.isArray(x) && x.every((r) => typeof r === 'object' && r !== null
    && ['model', 'config', 'mechanism'].includes((r as SourceRecord).flag) && typeof (r as SourceRecord).file === 'string'
    && typeof (r as SourceRecord).sha256 === 'string' && /^[0-9a-f]{64}$/.test((r as SourceRecord).sha256));
}

const short = (sha: string) => `${sha.slice(0, 12)}...`;

/**
 * Refuses shards (files[i] holds sources[i]) that ran other versions of their files than the
 * first shard did, or that mix shards with and without digests. Returns false when no shard
 * records digests (written before they were recorded): the check is then skipped.
 */
export function checkSameSources(files: readonly string[], sources: readonly (SourceRecord[] | undefined)[]): boolean {
  const first = sources[0];
  for (const [i, s] of sources.entries()) {
    if ((s === undefined) !== (first === undefined)) {
      const [without, other] = s === undefined ? [files[i], files[0]] : [files[0], files[i]];
      throw new UsageError(`${without}: shard without source digests (written by an older replcheck), merged with ${other}, which has them; rerun the older shards with this replcheck`);
    }
    if (s === undefined || first === undefined) continue;
    const key = (r: SourceRecord) => `${r.flag} ${r.file}`;
    for (const r of [...first, ...s]) {
      const a = first.find((x) => key(x) === key(r));
      const b = s.find((x) => key(x) === key(r));
      if (a?.sha256 === b?.sha256) continue;
      const what = (x: SourceRecord | undefined) => (x ? `sha256 ${short(x.sha256)}` : 'not read');
      throw new UsageError(`${files[i]}: shard of another version of ${r.file} (--${r.flag}: ${what(b)} there, ${what(a)} in ${files[0]}); rerun every shard with the same files`);
    }
  }
  return first !== undefined;
}

/**
 * Compares the shards' `sources` with the files on disk that merge loads again. A changed file
 * is a warning (the counts and verdicts are the shards'), or a UsageError when `rebuilds` (merge
 * rebuilds a counterexample by replaying it on the file as it is now).
 */
export function compareWithDisk(sources: readonly SourceRecord[], cwd: string, rebuilds: boolean, warn: (line: string) => void): void {
  for (const r of sources) {
    const now = digestOf(resolve(cwd, r.file), r.flag !== 'config');
    if (now === undefined || now === r.sha256) continue; // a missing file is refused when merge loads it
    // (Sweep 31d) A module's digest covers the local modules it imports: name them, not the unchanged file alone.
    const what = r.flag === 'config' ? r.file : changedModuleText(resolve(cwd, r.file), r.file);
    const changed = `${what} has changed since the shards ran (sha256 ${short(now)} now, ${short(r.sha256)} in the shards)`;
    if (rebuilds) throw new UsageError(`${changed}, and merge rebuilds the shards' counterexample from it; restore the version they ran, or rerun the shards`);
    warn(`replcheck: warning: ${changed}; the merged counts and verdicts are the shards'\n`);
  }
}
