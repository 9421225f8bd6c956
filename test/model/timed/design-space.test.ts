// Seed 003's design space in simulated time (issue 14): eager propagation makes a write wait for
// every replica (hundreds of ms on wan-small instead of the 5 ms database write) and no read is
// stale; a write at a secondary redirected to a remote primary pays the WAN round trip, a rejected
// one does not travel; linear interaction forwards a redirected transaction write by write,
// constant interaction in one message (seed003: fewer WAN messages and packets per update);
// constant interaction under eager propagation does not deadlock.
import { describe, expect, it } from 'vitest';
import { timedReplication } from '../../../model/timed/index.ts';
import { TIMED_PRESETS } from '../../../model/timed/presets.ts';
import { checkTimedConfig } from '../../../model/timed/config.ts';
import { simulateTimed } from '../../../model/timed/sim.ts';
import { createReplicationModel } from '../../../model/replication.ts';
import { resolveConfig } from '../../../model/config.ts';
import { builtinMechanism } from '../../../model/mechanisms/index.ts';

/** One run of a (modified) timed preset, with the budgets `measure` uses. */
function runPreset(name: string, mechanism: string, edit: (c: Record<string, any>) => void, seed = 3, durationMs = 20_000) {
  const cfg = structuredClone(TIMED_PRESETS[name]) as Record<string, any>;
  edit(cfg);
  const tc = checkTimedConfig(cfg);
  const c = resolveConfig(tc.replication);
  const config = { ...c, bounds: { ...c.bounds, updatesPerHost: Number.MAX_SAFE_INTEGER, reads: 0 }, knobs: { ...(c.knobs ?? {}), refusals: 0 } };
  return simulateTimed(createReplicationModel(config, builtinMechanism(mechanism), { symmetry: false }), tc, seed, durationMs);
}

const knobs = (k: Record<string, unknown>) => (c: Record<string, any>) => { c.replication.knobs = { ...(c.replication.knobs ?? {}), ...k }; };

describe('eager propagation in simulated time', () => {
  it('a write waits for every replica holding its item; reads are never stale', () => {
    const lazy = runPreset('wan-small', 'hierarchical', () => {}).scalars;
    const eager = runPreset('wan-small', 'hierarchical', knobs({ propagation: 'eager' })).scalars;
    expect(lazy['write-response.mean']).toBe(5);
    // Wireless up, two WAN hops up and two down, wireless down to the other cell: several hundred ms.
    expect(eager['write-response.mean']!).toBeGreaterThan(300);
    expect(eager['write-response.p50']!).toBeGreaterThan(50 * lazy['write-response.p50']!);
    expect(lazy['stale-reads.fraction']!).toBeGreaterThan(0.1);
    expect(eager['stale-reads.fraction']).toBe(0);
    expect(eager['updates']!).toBeGreaterThan(20);
  }, 60_000);

  it('constant interaction under eager commits whole transactions and does not deadlock', () => {
    const out = runPreset('wan-small', 'sequencer', (c) => { knobs({ propagation: 'eager' })(c); c.workload.interaction = 'constant'; }).scalars;
    expect(out['updates']!).toBeGreaterThan(20);
    expect(out['stale-reads.fraction']).toBe(0);
    expect(out['write-response.mean']!).toBeGreaterThan(300);
  }, 60_000);

  it('measure shows the eager companion rows unless a propagation knob is given', async () => {
    const exp = await timedReplication.prepare({ config: 'wan-small', mechanism: 'primary-copy', cwd: process.cwd() });
    expect(exp.rows!.map((r) => r.key)).toContain('eager.write-response.mean');
    const s = exp.run(2, 10_000).scalars;
    expect(s['eager.write-response.mean']!).toBeGreaterThan(s['write-response.mean']!);
    const eager = await timedReplication.prepare({ config: 'wan-small', mechanism: 'primary-copy', cwd: process.cwd(), knobs: { propagation: 'eager' } });
    expect(eager.rows!.map((r) => r.key)).not.toContain('eager.write-response.mean');
  }, 60_000);
});

describe('primary placement in simulated time (seed003: primary at the MS, secondary c1)', () => {
  const linear = (c: Record<string, any>) => { c.workload.interaction = 'linear'; };

  it('a redirected write pays the WAN round trip; the primary\'s own write the database write', () => {
    const out = runPreset('seed003-a', 'primary-copy', linear);
    const ws = out.samples['write-response']!;
    // The MS client's writes take the 10 ms database write; c1's go to the MS and back (25 ms each
    // way plus 5000 bytes at 32 kB/s, about 160 ms) before they return.
    expect(Math.min(...ws)).toBe(10);
    const remote = ws.filter((w) => w > 10);
    expect(remote.length).toBeGreaterThan(0.4 * ws.length);
    expect(Math.min(...remote)).toBeGreaterThan(2 * 25 + 150);
    expect(out.scalars['redirected-writes.fraction']).toBeCloseTo(0.5, 1);
  }, 60_000);

  it('reject: a secondary\'s write is refused at once and never travels', () => {
    const redirect = runPreset('seed003-a', 'primary-copy', linear).scalars;
    const reject = runPreset('seed003-a', 'primary-copy', (c) => { linear(c); knobs({ secondaryWrites: 'reject' })(c); }).scalars;
    expect(reject['rejected-writes.fraction']).toBeCloseTo(0.5, 1);
    expect(reject['redirected-writes.fraction']).toBe(0);
    expect(reject['write-response.p99']).toBe(10);
    expect(reject['updates']!).toBeLessThan(0.6 * redirect['updates']!);
  }, 60_000);

  it('linear interaction sends a message per redirected write, constant one per transaction', () => {
    const lin = runPreset('seed003-a', 'primary-copy', linear).scalars;
    const con = runPreset('seed003-a', 'primary-copy', () => {}).scalars; // the preset's constant interaction
    expect(con['messages-per-update.wan']!).toBeLessThan(0.6 * lin['messages-per-update.wan']!);
    expect(con['packets-per-update.wan']!).toBeLessThan(lin['packets-per-update.wan']!);
    expect(con['updates']).toBe(lin['updates']);
  }, 60_000);
});
