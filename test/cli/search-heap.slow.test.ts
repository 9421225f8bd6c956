/**
 * (Issue 17) The search thread's heap (src/cli/search-heap.ts): `check`, `simulate` and
 * `compare` run on a worker whose young generation is larger than the main thread's, unless the
 * user sized the young generation, or gave V8 a small old generation; and the verdicts, counts
 * and output are the same as on the main thread (REPLCHECK_WATCHDOG=0).
 */
import { describe, expect, it } from 'vitest';
import { SEARCH_SEMI_SPACE_MB, SEARCH_YOUNG_GENERATION_MB, SMALL_OLD_SPACE_MB, searchResourceLimits } from '../../src/cli/search-heap.ts';
import { replcheck } from './harness.ts';

const LARGER = { maxYoungGenerationSizeMb: SEARCH_YOUNG_GENERATION_MB };

describe('the search thread\'s young generation', () => {
  it('is larger by default, as three semi-spaces of SEARCH_SEMI_SPACE_MB', () => {
    expect(searchResourceLimits([], undefined)).toEqual(LARGER);
    expect(searchResourceLimits(['--import', 'tsx'], '--enable-source-maps')).toEqual(LARGER);
    expect(SEARCH_YOUNG_GENERATION_MB).toBe(3 * SEARCH_SEMI_SPACE_MB);
  });

  it('is left to the user who sizes it (in Node\'s options or NODE_OPTIONS)', () => {
    expect(searchResourceLimits(['--max-semi-space-size=16'], undefined)).toBeUndefined();
    expect(searchResourceLimits([], '--max_semi_space_size=8')).toBeUndefined();
    expect(searchResourceLimits([], '--min-semi-space-size=4 --max-old-space-size=8192')).toBeUndefined();
  });

  it('stays V8\'s default beside a small old generation, the last --max-old-space-size winning', () => {
    expect(searchResourceLimits([], '--max-old-space-size=64')).toBeUndefined();
    expect(searchResourceLimits(['--max-old-space-size=256'], undefined)).toBeUndefined();
    expect(searchResourceLimits([], `--max-old-space-size=${SMALL_OLD_SPACE_MB}`)).toEqual(LARGER);
    expect(searchResourceLimits(['--max-old-space-size=8192'], '--max-old-space-size=64')).toEqual(LARGER);
    expect(searchResourceLimits(['--max-old-space-size=64'], '--max-old-space-size=8192')).toBeUndefined();
  });
});

describe('a check on the worker thread', () => {
  /** The parts of a `--json` report that do not depend on time or memory. */
  const verdict = (stdout: string) => {
    const j = JSON.parse(stdout);
    return { result: j.result, exitCode: j.exitCode, properties: j.properties, states: j.stats.distinctStates, transitions: j.stats.transitions };
  };

  it('gives the main thread\'s verdict, counts and properties, and its exit code', async () => {
    for (const args of [['check', '--config', 'tiny', '--json'], ['check', '--config', 'small', '--mechanism', 'arrival-order', '--max-states', '3000', '--json']]) {
      const worker = await replcheck(args);
      const main = await replcheck(args, undefined, { REPLCHECK_WATCHDOG: '0' });
      expect(worker.code, args.join(' ')).toBe(main.code);
      expect(worker.stderr).toBe(main.stderr);
      expect(verdict(worker.stdout)).toEqual(verdict(main.stdout));
    }
  }, 600_000);
});
