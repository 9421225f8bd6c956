// Environment rates and the waitOwnCommit knob in simulated time: hosts that disconnect (rate
// 0.05/s, away 10 s on average) leave readers missing committed updates for seconds, and
// `waitOwnCommit` (here by its deprecated name `eager`) makes a hierarchical writer wait for its own commit (a WAN round trip instead of the local
// database write).
import { describe, expect, it } from 'vitest';
import { timedReplication } from '../../../model/timed/index.ts';
import { checkTimedConfig } from '../../../model/timed/config.ts';
import { TIMED_PRESETS } from '../../../model/timed/presets.ts';
import { simulateTimed } from '../../../model/timed/sim.ts';
import { createReplicationModel } from '../../../model/replication.ts';
import { resolveConfig } from '../../../model/config.ts';
import { builtinMechanism } from '../../../model/mechanisms/index.ts';

describe('timed environment', () => {
  it('disconnections make reads stale for seconds', () => {
    const base = TIMED_PRESETS['wan-small'] as Record<string, any>;
    const run = (rate: number) => {
      const tc = checkTimedConfig({ ...base, environment: { disconnectRate: rate, disconnectDuration: { type: 'exponential', mean: 10_000 } } });
      const c = resolveConfig(tc.replication);
      const model = createReplicationModel({ ...c, bounds: { ...c.bounds, updatesPerHost: Number.MAX_SAFE_INTEGER, reads: 0, disconnects: Number.MAX_SAFE_INTEGER }, knobs: { ...(c.knobs ?? {}), refusals: 0 } }, builtinMechanism('hierarchical'), { symmetry: false });
      return simulateTimed(model, tc, 2, 40_000).scalars;
    };
    const calm = run(0), rough = run(0.05);
    expect(rough['staleness.p99']!).toBeGreaterThan(2_000);
    expect(calm['staleness.p99']!).toBeLessThan(1_500);
    expect(rough['stale-count.mean']!).toBeGreaterThan(calm['stale-count.mean']!);
  }, 120_000);

  it('waitOwnCommit (given by its old name eager): the writer waits for its own commit', async () => {
    const lazy = await timedReplication.prepare({ config: 'wan-small', mechanism: 'hierarchical', cwd: process.cwd() });
    const eager = await timedReplication.prepare({ config: 'wan-small', mechanism: 'hierarchical', cwd: process.cwd(), knobs: { eager: 'true' } });
    const l = lazy.run(4, 20_000).scalars, e = eager.run(4, 20_000).scalars;
    expect(l['write-response.mean']).toBe(5);
    expect(e['write-response.mean']!).toBeGreaterThan(300); // up to the MS and back over wireless and WAN
  }, 120_000);
});
