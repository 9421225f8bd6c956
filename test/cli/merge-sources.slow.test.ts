// merge and the versions of the model file: each shard records the SHA-256 of the files its flags
// name (`sources`), so shards of two versions of a --model file (same name, same flags, a
// constant edited in between) are refused (exit 2, one line naming both shard files) instead of
// merging into a report that is right for neither. Shards of one version merge as before, with
// the digests in --json's stats.shards.sources. A file changed on disk since the shards ran is
// a warning (refused when merge must rebuild a counterexample from it); shard files written
// before digests were recorded merge with a warning, but not mixed with newer ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repo, replcheck, type Ran } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-merge-sources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 300_000;
const MODEL = join(tmp, 'counter-model.mts');

/** Writes the model file with `limit` as its constant: 100 holds, 3 is violated. */
function writeModel(limit: number): void {
  writeFileSync(MODEL, `// A counter model whose limit is a constant of the file (version with limit ${limit}).
import { counterModel, counterProperties } from ${JSON.stringify(join(repo, 'test/fixtures/counter.ts'))};
const p = { hosts: 2, max: 3, limit: ${limit}, stuck: false, starts: 1 };
export default { name: 'edited-counter', description: 'a counter with a constant limit', params: {},
  create: () => ({ model: counterModel(p), properties: counterProperties(p), meta: { params: {} } }) };
`);
}

/** Runs shard `i` of 2 of the counter model as the file now stands, into `name`-i.json. */
async function shard(name: string, i: number): Promise<string> {
  const file = join(tmp, `${name}-${i}.json`);
  const r = await replcheck(['simulate', '--model', MODEL, '--runs', '20', '--seed', '1', '--shard', `${i}/2`, '--shard-out', file]);
  expect(r.code, r.stderr).toBe(0);
  return file;
}

const merge = (...args: string[]) => replcheck(['merge', ...args, '--out', join(tmp, 'out')]);

/** Expects a one-line refusal (exit 2, nothing on stdout) matching `message`. */
function expectRefused(r: Ran, message: RegExp): void {
  expect(r.code, r.stdout.slice(0, 300) + r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('merge and the model file the shards ran', () => {
  it('refuses shards of two versions of the model file, naming both shard files', async () => {
    writeModel(100);
    const one = await shard('mixed', 1);
    writeModel(3);
    const two = await shard('mixed', 2);
    const r = await merge(one, two);
    expectRefused(r, /shard of another version of .*counter-model\.mts \(--model: sha256 [0-9a-f]{12}\.\.\. there, sha256 [0-9a-f]{12}\.\.\. in .*mixed-1\.json\); rerun every shard with the same files/);
    expect(r.stderr).toContain(two);
    expect(r.stderr).toContain(one);
  }, TIMEOUT);

  it('merges shards of one version as before, with their digests in --json', async () => {
    writeModel(3);
    const files = [await shard('same', 1), await shard('same', 2)];
    const r = await merge(...files, '--json');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    const sha256 = JSON.parse(readFileSync(files[0]!, 'utf8')).sources[0].sha256;
    expect(JSON.parse(r.stdout).stats.shards.sources).toEqual([{ flag: 'model', file: MODEL, sha256 }]);
  }, TIMEOUT);

  it('a model file edited after the shards ran: a warning, or exit 2 when a counterexample must be rebuilt from it', async () => {
    writeModel(100);
    const passing = [await shard('pass', 1), await shard('pass', 2)];
    writeModel(3);
    const failing = [await shard('fail', 1), await shard('fail', 2)];
    const warned = await merge(...passing);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toMatch(/^replcheck: warning: .*counter-model\.mts (or a local module it imports \([^)]*counter\.ts\) )?has changed since the shards ran \(sha256 [0-9a-f]{12}\.\.\. now, [0-9a-f]{12}\.\.\. in the shards\); the merged counts and verdicts are the shards'\n$/);
    writeModel(100);
    expectRefused(await merge(...failing), /counter-model\.mts (or a local module it imports \([^)]*counter\.ts\) )?has changed since the shards ran .*, and merge rebuilds the shards' counterexample from it; restore the version they ran, or rerun the shards/);
  }, TIMEOUT);

  it('shard files written before digests were recorded merge with a warning, but not beside newer ones', async () => {
    writeModel(100);
    const files = [await shard('old', 1), await shard('old', 2)];
    const strip = (f: string) => {
      const o = JSON.parse(readFileSync(f, 'utf8'));
      delete o.sources;
      const out = f.replace(/\.json$/, '-old.json');
      writeFileSync(out, JSON.stringify(o));
      return out;
    };
    const old = files.map(strip);
    const r = await merge(...old);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^replcheck: warning: the shard files record no source digests \(written by an older replcheck\)/);
    expectRefused(await merge(files[0]!, old[1]!), /old-2-old\.json: shard without source digests \(written by an older replcheck\), merged with .*old-1\.json, which has them/);
  }, TIMEOUT);
});
