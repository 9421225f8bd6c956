/**
 * The fuzz properties (issue 16), shared by `npm test` (fuzz.test.ts, a bounded number of cases)
 * and `npm run test:long` (fuzz.long.test.ts, many more): generated bad configurations, traces,
 * command lines and misbehaving plugins are run through the CLI in-process, and the contract is
 * asserted: a certainly-bad case is refused (exit 2, one line, no stack, nothing in --out), and
 * no case crashes. FUZZ_RUNS and FUZZ_SEED override the counts and the seed.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { badConfig, badFlags, badPlugin, badTrace, pluginSource } from './arbitraries.ts';
import { cli, expectNoCrash, expectRefused, fuzzRuns, fuzzSeed, scratch, writeCase } from './harness.ts';

/** Cases per generator. */
export interface FuzzCounts {
  configs: number;
  traces: number;
  flags: number;
  plugins: number;
}

/** Declares the fuzz suite with `counts` cases per generator (FUZZ_RUNS overrides them all). */
export function fuzzSuite(counts: FuzzCounts, timeout: number): void {
  const dir = scratch('suite');
  const out = join(dir, 'out');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const params = (n: number) => ({ numRuns: fuzzRuns(n), seed: fuzzSeed(), endOnFailure: true });

  describe(`fuzz (seed ${fuzzSeed()})`, () => {
    it(`bad configurations (${fuzzRuns(counts.configs)} cases)`, async () => {
      let refused = 0;
      await fc.assert(fc.asyncProperty(badConfig, async (c) => {
        const file = writeCase(dir, '.json', c.text);
        const r = await cli(['check', '--config', file, '--max-states', '50', '--out', out]);
        if (c.bad) expectRefused(r, out);
        else expectNoCrash(r);
        if (r.code === 2) refused++;
        rmSync(out, { recursive: true, force: true });
      }), params(counts.configs));
      expect(refused).toBeGreaterThan(0);
    }, timeout);

    it(`bad traces, replayed and shown (${fuzzRuns(counts.traces)} cases)`, async () => {
      await fc.assert(fc.asyncProperty(badTrace, async (c) => {
        const file = writeCase(dir, '.json', c.text);
        const replay = await cli(['replay', file]);
        expectNoCrash(replay);
        if (c.bad || replay.code === 2) expectRefused(replay);
        if (replay.code === 2) expect(replay.stderr.startsWith(`${file}: `), `${c.what}: ${replay.stderr}`).toBe(true);
        const show = await cli(['show', file]);
        expectNoCrash(show);
        if (show.code === 2) expectRefused(show);
      }), params(counts.traces));
    }, timeout);

    it(`bad command lines (${fuzzRuns(counts.flags)} cases)`, async () => {
      await fc.assert(fc.asyncProperty(badFlags, async ({ argv }) => {
        expectRefused(await cli([argv[0]!, '--out', out, ...argv.slice(1)]), out);
      }), params(counts.flags));
    }, timeout);

    it(`misbehaving mechanism plugins (${fuzzRuns(counts.plugins)} cases)`, async () => {
      await fc.assert(fc.asyncProperty(badPlugin, fc.constantFrom('check', 'simulate'), async (p, cmd) => {
        const file = writeCase(dir, '.mjs', pluginSource(p));
        const r = await cli([cmd, '--config', 'small', '--mechanism', file, '--out', out, ...(cmd === 'simulate' ? ['--runs', '50'] : [])]);
        expectRefused(r, out, new RegExp(`mechanism plugin .* broke its contract: ${p.method} `));
      }), params(counts.plugins));
    }, timeout);
  });
}
