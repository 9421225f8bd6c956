// The broad sweep of the check/simulate liveness agreement (issue 10): every built-in mechanism
// on every preset both can decide in minutes, and the wait-for-all plugin on small.
import { describe, expect, it } from 'vitest';
import replication from '../../model/index.ts';
import { liveness } from './liveness-helpers.ts';

describe('check and simulate agree on liveness (sweep)', () => {
  for (const config of ['small', 'join', 'interests', 'mobility']) {
    it(`on ${config}, for every built-in mechanism`, async () => {
      const got: Record<string, unknown> = {};
      const want: Record<string, unknown> = {};
      for (const m of replication.mechanisms!) {
        const v = await liveness(config, m, 300);
        got[m] = v.simulate;
        want[m] = v.check;
      }
      expect(got).toEqual(want);
    }, 1_800_000);
  }

  it('wait-for-all on small: violated by both', async () => {
    const v = await liveness('small', './test/fixtures/mechanisms/wait-for-all.ts', 300);
    expect(v.check['eventual-consistency:reachable']).toBe('violated');
    expect(v.simulate).toEqual(v.check);
  }, 600_000);
});
