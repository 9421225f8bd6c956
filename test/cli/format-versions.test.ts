/**
 * (Issue 17) The replication model's state encoding changed (parts written as digests), so the
 * fingerprints saved in checkpoints and shard files changed meaning: a checkpoint of an older
 * version is refused on --resume with one line saying which versions (its fingerprints would
 * have been mixed with this version's), and so is a shard file of an older version in merge.
 */
import { serialize } from 'node:v8';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frameHeader } from '../../src/cli/checkpoint-frame.ts';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from '../../src/engine/checkpoint.ts';
import { RANDOM_CHECKPOINT_FORMAT, RANDOM_CHECKPOINT_VERSION } from '../../src/engine/random-checkpoint.ts';
import { runInProcess } from './in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-format-versions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 120_000;

/** A checkpoint directory holding a well-framed checkpoint of `format` and `version`. */
function oldCheckpoint(name: string, format: string, version: number): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const data = serialize({ format, version, selection: 'x', search: {}, table: {}, tracker: {}, runs: 0, walker: {}, witnessCounts: {} });
  writeFileSync(join(dir, 'checkpoint.bin'), Buffer.concat([frameHeader(data), data]));
  return dir;
}

describe('files of an older format version', () => {
  it('a check checkpoint of version 2 and a simulate checkpoint of version 1 are refused on --resume, one line each', async () => {
    const cases: [string[], string, string, number][] = [
      [['check', '--config', 'tiny'], 'check-v2', CHECKPOINT_FORMAT, CHECKPOINT_VERSION],
      [['simulate', '--config', 'tiny', '--runs', '3'], 'simulate-v1', RANDOM_CHECKPOINT_FORMAT, RANDOM_CHECKPOINT_VERSION],
    ];
    for (const [argv, name, format, now] of cases) {
      const dir = oldCheckpoint(name, format, now - 1);
      const r = await runInProcess([...argv, '--resume', dir, '--out', join(tmp, 'out')]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^replcheck: --resume: \\S+${name}/checkpoint\\.bin is a checkpoint of version ${now - 1}, and this replcheck reads version ${now} \\(state fingerprints differ between them\\): .*delete it and rerun without --resume\\n$`));
    }
  }, TIMEOUT);

  it('merge refuses a shard file of version 1', async () => {
    const file = join(tmp, 'shard-1-of-2.json');
    writeFileSync(file, JSON.stringify({ format: 'replcheck-shard', version: 1, shard: { index: 1, count: 2 } }));
    const r = await runInProcess(['merge', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard file version 1, this replcheck reads version 2/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, TIMEOUT);
});
