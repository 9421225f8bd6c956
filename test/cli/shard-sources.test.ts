// (Sweep 31d) src/cli/shard-sources.ts compareWithDisk: a module's digest covers the local
// modules it imports, so a changed helper names them ("model.ts or a local module it imports
// (h.ts)"), where the message blamed the unchanged model file alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithDisk } from '../../src/cli/shard-sources.ts';
import { pluginDigest } from '../../src/engine/module-digest.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-shard-sources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('merge against the files on disk', () => {
  it('names the local modules a changed model imports, and refuses when it must rebuild from them', () => {
    writeFileSync(join(tmp, 'h.ts'), 'export const k = 1;\n');
    writeFileSync(join(tmp, 'model.ts'), "import { k } from './h.ts';\nexport default k;\n");
    const sources = [{ flag: 'model' as const, file: 'model.ts', sha256: pluginDigest(join(tmp, 'model.ts')) }];
    const warned: string[] = [];
    compareWithDisk(sources, tmp, false, (l) => warned.push(l));
    expect(warned).toEqual([]);
    writeFileSync(join(tmp, 'h.ts'), 'export const k = 2;\n');
    compareWithDisk(sources, tmp, false, (l) => warned.push(l));
    expect(warned[0]).toMatch(/^replcheck: warning: model\.ts or a local module it imports \(h\.ts\) has changed since the shards ran/);
    expect(() => compareWithDisk(sources, tmp, true, () => {})).toThrow(/^model\.ts or a local module it imports \(h\.ts\) has changed since the shards ran .*restore the version they ran/);
  });
});
