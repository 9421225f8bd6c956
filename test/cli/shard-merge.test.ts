// Issue 17: `simulate --shard I/N` and `replcheck merge`. N shards merged give the --json report
// (timing aside) and exit code of one unsharded run with the same flags and seed, for a passing
// run and for a violating one (the first failing walk lies in one shard while the others ran
// past it, so their figures are cut back to the runs before it); the violation's trace is the
// same file. Shards of other runs, duplicate and missing shards are refused (exit 2, one line);
// (stop 30) a file in a merged directory that names a shard under another name is named.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-shards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 180_000;

const cli = (argv: string[]) => runInProcess(argv, { cwd: tmp });

/** The --json report without its timing fields and `params.workers`, with `dir/` in paths replaced by `OUT/`. */
function comparable(json: string, dir: string): unknown {
  const o = JSON.parse(json.replaceAll(`${dir}/`, 'OUT/'));
  delete o.stats.seconds;
  delete o.stats.stepsPerSecond;
  delete o.stats.shards;
  delete o.params.workers; // (issue 17) simulate reports its worker threads; merge ran none
  return o;
}

/** Runs `args` unsharded and as `n` shards merged; returns both reports and exit codes. */
async function both(name: string, args: string[], n: number) {
  const one = await cli(['simulate', ...args, '--json', '--out', `${name}-one`]);
  for (let i = 1; i <= n; i++) {
    const s = await cli(['simulate', ...args, '--shard', `${i}/${n}`, '--out', `${name}-shards`]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain(`shard      ${i}/${n}:`);
  }
  const merged = await cli(['merge', `${name}-shards`, '--json', '--out', `${name}-merged`]);
  return { one, merged };
}

describe('N shards merged equal one unsharded run', () => {
  it('passing: small, hierarchical, 12 runs in 3 shards', async () => {
    const { one, merged } = await both('pass', ['--config', 'small', '--runs', '12', '--seed', '3'], 3);
    expect(one.code).toBe(0);
    expect(merged.code, merged.stderr).toBe(0);
    const m = JSON.parse(merged.stdout);
    expect(m.stats.shards).toEqual({ count: 3, merged: 3, missing: [], sources: [] }); // no file named: built-in model, preset
    expect(m.stats.runs).toBe(12);
    expect(m.stats.distinctStates).toBeGreaterThan(0);
    expect(m.metrics.rows.length).toBeGreaterThan(0);
    expect(comparable(merged.stdout, 'pass-merged')).toEqual(comparable(one.stdout, 'pass-one'));
  }, TIMEOUT);

  it('violating: fifo-move, sequencer without FIFO hold-back, first failing walk in one of 3 shards', async () => {
    const args = ['--config', 'fifo-move', '--mechanism', 'sequencer', '--knob', 'fifoHoldBack=false', '--runs', '40', '--seed', '2'];
    const { one, merged } = await both('fail', args, 3);
    expect(one.code).toBe(1);
    expect(merged.code, merged.stderr).toBe(1);
    const o = JSON.parse(one.stdout);
    // The first failing walk is run 8 (shard 3; run 29 before issue 13's move registration), and shards 1 and 2 ran runs after it.
    expect(o.stats.path).toMatch(/^8:/);
    expect(o.stats.runs).toBe(9);
    expect(comparable(merged.stdout, 'fail-merged')).toEqual(comparable(one.stdout, 'fail-one'));
    const trace = readdirSync(join(tmp, 'fail-one')).find((f) => f.endsWith('.trace.json'))!;
    expect(readFileSync(join(tmp, 'fail-merged', trace), 'utf8')).toBe(readFileSync(join(tmp, 'fail-one', trace), 'utf8'));
  }, TIMEOUT);
});

describe('merge refuses shards that do not make one run', () => {
  const args = ['--config', 'tiny', '--runs', '6', '--seed', '1'];
  it('other seed, duplicate, missing (and --allow-partial: incomplete), not a shard file', async () => {
    for (const i of [1, 2, 3]) expect((await cli(['simulate', ...args, '--shard', `${i}/3`, '--out', 'r'])).code).toBe(0);
    expect((await cli(['simulate', ...args.slice(0, -1), '2', '--shard', '3/3', '--shard-out', 'other/seed2.json'])).code).toBe(0);
    const mixed = await cli(['merge', 'r/shard-1-of-3.json', 'r/shard-2-of-3.json', 'other/seed2.json']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^replcheck: .*seed2\.json: shard of another run \(the flags .*--seed=2.*\); merge the shards of one/);
    expect(mixed.stderr.trim().split('\n')).toHaveLength(1);
    const dup = await cli(['merge', 'r/shard-1-of-3.json', 'r/shard-1-of-3.json', 'r/shard-3-of-3.json']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/shard 1\/3 given twice/);
    const missing = await cli(['merge', 'r/shard-1-of-3.json', 'r/shard-3-of-3.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^replcheck: missing shard 2\/3 \(given 2 of 3\); run it, or pass --allow-partial/);
    const partial = await cli(['merge', 'r/shard-1-of-3.json', 'r/shard-3-of-3.json', '--allow-partial', '--json']);
    expect(partial.code).toBe(3);
    const p = JSON.parse(partial.stdout);
    expect(p.result).toBe('incomplete');
    expect(p.stats.shards).toEqual({ count: 3, merged: 2, missing: [2], sources: [] });
    expect(p.properties.find((x: { name: string }) => x.name === 'causal-order').reason).toMatch(/shards 2\/3 missing/);
    writeFileSync(join(tmp, 'junk.json'), '{"hello": 1}');
    const junk = await cli(['merge', 'junk.json']);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.json: not a shard result file/);
    const whole = await cli(['merge', 'r']);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/result\s+pass/);
    expect(whole.stderr).toBe('');
    // (Stop 30) A directory's shard file under another name is named, not skipped silently.
    writeFileSync(join(tmp, 'r', 'shard-2-of-3 (1).json'), readFileSync(join(tmp, 'r', 'shard-2-of-3.json')));
    const noted = await cli(['merge', 'r']);
    expect(noted.code).toBe(0);
    expect(noted.stderr).toMatch(/^replcheck: note: skipped 1 file not named shard-I-of-N\.json: r\/shard-2-of-3 \(1\)\.json \(/);
    rmSync(join(tmp, 'r', 'shard-2-of-3.json'));
    const renamed = await cli(['merge', 'r']);
    expect(renamed.code).toBe(2);
    expect(renamed.stderr).toMatch(/^replcheck: missing shard 2\/3 .* \(skipped as not named shard-I-of-N\.json: r\/shard-2-of-3 \(1\)\.json; pass a renamed shard file by its name\)$/m);
  }, TIMEOUT);

  it('refuses a malformed --shard and --shard with --path', async () => {
    for (const bad of ['0/3', '4/3', '1-3', 'x']) {
      const r = await cli(['simulate', '--config', 'tiny', '--shard', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^replcheck: --shard must be I\/N with 1 <= I <= N/);
    }
    const r = await cli(['simulate', '--config', 'tiny', '--shard', '1/2', '--path', '0:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--path replays one walk and cannot be sharded/);
  }, TIMEOUT);
});
