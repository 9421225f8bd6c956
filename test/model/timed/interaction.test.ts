// Seed 003's interaction parameter in the timed layer: with `constant` interaction a host's
// transaction of six writes leaves in one RU message when it ends, so fewer wireless messages
// per update than with `linear` (a message as soon as the protocol allows), and each write waits
// for the end of its transaction before it travels (a later Global ID).
import { describe, expect, it } from 'vitest';
import { checkTimedConfig } from '../../../model/timed/config.ts';
import { TIMED_PRESETS } from '../../../model/timed/presets.ts';
import { simulateTimed } from '../../../model/timed/sim.ts';
import { createReplicationModel } from '../../../model/replication.ts';
import { resolveConfig } from '../../../model/config.ts';
import { builtinMechanism } from '../../../model/mechanisms/index.ts';

function run(interaction: 'linear' | 'constant') {
  const base = TIMED_PRESETS['wan-small'] as Record<string, any>;
  const tc = checkTimedConfig({ ...base, workload: { ...base.workload, opsPerTransaction: 6, readRatio: 0, mix: 'fixed', interaction }, database: { read: { type: 'constant', value: 2 }, write: { type: 'constant', value: 20 } } });
  const c = resolveConfig(tc.replication);
  const model = createReplicationModel({ ...c, bounds: { ...c.bounds, updatesPerHost: Number.MAX_SAFE_INTEGER, reads: 0 }, knobs: { ...(c.knobs ?? {}), refusals: 0, peerExchange: false } }, builtinMechanism('sequencer'), { symmetry: false });
  return simulateTimed(model, tc, 3, 30_000).scalars;
}

describe('interaction: linear versus constant', () => {
  it('constant interaction sends fewer wireless messages per update and commits later', () => {
    const lin = run('linear'), con = run('constant');
    expect(con['messages-per-update.wireless']!).toBeLessThan(0.8 * lin['messages-per-update.wireless']!);
    expect(con['gid-time.mean']!).toBeGreaterThan(lin['gid-time.mean']! + 30);
    expect(checkTimedConfig.bind(null, { ...(TIMED_PRESETS['wan-small'] as object), workload: { interArrival: { type: 'constant', value: 1 }, interaction: 'batch' } })).toThrow(/workload\.interaction must be linear or constant/);
  }, 120_000);
});
