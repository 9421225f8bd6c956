// `replcheck compare`'s timed cost section (issue 14): the same mechanisms simulated in time on
// the same configuration, with 95% intervals; `--timed-runs 0` leaves it out.
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-compare-timed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]) {
  let stdout = '';
  const code = await runCli(argv, { cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: 't', env: {}, stdout: (s) => void (stdout += s), stderr: () => {} });
  return { code, stdout };
}

describe('compare: timed costs', () => {
  it('adds a timed cost table in which primary copy pays a round trip per write', async () => {
    const r = await cli(['compare', '--config', 'tiny', '--mechanisms', 'hierarchical,primary-copy', '--timed-runs', '2', '--out', join(tmp, 'a'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const t = j.timedCosts;
    expect(t.mechanisms).toEqual(['hierarchical', 'primary-copy']);
    const m = (i: number, k: string) => t.results[i].metrics[k].mean as number;
    expect(t.results[0].runs).toBe(2);
    expect(m(1, 'write-response.mean')).toBeGreaterThan(50 * m(0, 'write-response.mean'));
    const md = await cli(['compare', '--config', 'tiny', '--mechanisms', 'hierarchical,primary-copy', '--timed-runs', '2', '--out', join(tmp, 'b')]);
    expect(md.stdout).toContain('## Timed costs');
    expect(md.stdout).toMatch(/\| write response mean \| 5\.0 ± 0\.0 ms \| \d+\.\d ± \d+\.\d ms \|/);
  }, 120_000);

  it('(F7) shows the share of updates never given a Global ID, and a note under the table for a mechanism that leaves some', async () => {
    const r = await cli(['compare', '--config', 'small', '--mechanisms', 'hierarchical,test/fixtures/mechanisms/starve.ts', '--property', 'total-order', '--timed-runs', '2', '--out', join(tmp, 'd')]);
    const timed = r.stdout.slice(r.stdout.indexOf('## Timed costs'));
    expect(timed).toMatch(/\| updates never given a Global ID \(share; final horizon excluded\) \| 0\.000 ± 0\.000 \| [01]\.\d{3} ± \d\.\d{3} \|/);
    expect(timed).toMatch(/\n\nstarve: \d+% of the updates written before the last 10 s of each 20 s run never got a Global ID \(mean over runs\); the Global ID, visibility, staleness and merge figures count only the updates that did\.\n/);
  }, 120_000);

  it('--timed-runs 0 leaves the section out', async () => {
    const r = await cli(['compare', '--config', 'tiny', '--mechanisms', 'hierarchical', '--timed-runs', '0', '--out', join(tmp, 'c'), '--json']);
    expect(JSON.parse(r.stdout).timedCosts).toBeUndefined();
  }, 120_000);
});
