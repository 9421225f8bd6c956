// Validation of the timed layer against results nobody here wrote (issue 14): with exponential
// latency on one link, visibility delay and response time follow the analytic exponential and
// Erlang-2 distributions (Kolmogorov-Smirnov at 1%); an MS that orders with exponential service
// under Poisson writes is an M/M/1 queue whose mean time in system 1/(mu - lambda) lies in the
// 95% interval; the t-visibility curve of a lazy primary-copy configuration is monotone,
// approaches 1 and moves right when the WAN gets slower; seed 003's packet-size result keeps its
// direction (small packets: more packets per second, a steadier stream).
import { describe, expect, it } from 'vitest';
import { measure } from '../../../src/timed/replicate.ts';
import { timedReplication } from '../../../model/timed/index.ts';
import { checkTimedConfig } from '../../../model/timed/config.ts';
import { TIMED_PRESETS } from '../../../model/timed/presets.ts';
import { simulateTimed } from '../../../model/timed/sim.ts';
import { createReplicationModel } from '../../../model/replication.ts';
import { resolveConfig } from '../../../model/config.ts';
import { builtinMechanism } from '../../../model/mechanisms/index.ts';
import type { ResolvedConfig } from '../../../traces/replication.ts';

const ZERO = { type: 'constant', value: 0 };
const FAST = { latency: ZERO, bandwidth: 1e12, mtu: 1500, loss: 0 };

/** MS, z1, c1 and one mobile host mh1; relays of zero latency and one exponential wireless link. */
function oneLink(writers: string[], clients: Record<string, number>, interArrival: unknown, extra: Record<string, unknown> = {}) {
  return checkTimedConfig({
    replication: {
      master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }],
      hosts: [{ id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] }],
      objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
      writers, knobs: { peerExchange: false },
    },
    network: {
      links: { air: { latency: { type: 'exponential', mean: 100 }, bandwidth: 1e12, mtu: 1500, loss: 0 }, relay: FAST },
      edges: { 'mobile-cell': 'air', 'cell-zone': 'relay', 'zone-master': 'relay' },
    },
    workload: { clientsPerHost: 0, clients, interArrival, opsPerTransaction: 1, readRatio: 0 },
    durationMs: 400_000, horizonMs: 2_000, binMs: 10_000,
    ...extra,
  });
}

function modelFor(tc: ReturnType<typeof checkTimedConfig>, mechanism: string) {
  const c = resolveConfig(tc.replication);
  const config: ResolvedConfig = { ...c, bounds: { ...c.bounds, updatesPerHost: Number.MAX_SAFE_INTEGER, reads: 0 }, knobs: { ...(c.knobs ?? {}), refusals: 0 } };
  return createReplicationModel(config, builtinMechanism(mechanism), { symmetry: false });
}

/** Kolmogorov-Smirnov distance between the sample and the CDF `F`. */
function ks(xs: number[], F: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => { d = Math.max(d, Math.abs(F(x) - i / s.length), Math.abs(F(x) - (i + 1) / s.length)); });
  return d;
}
const KS_1PCT = (n: number) => 1.63 / Math.sqrt(n);

describe('closed forms on one exponential link', () => {
  it('visibility delay of an MS write at the host is exponential (mean 100 ms)', () => {
    const tc = oneLink(['ms'], { ms: 1, mh1: 1 }, { type: 'constant', value: 1000 });
    const out = simulateTimed(modelFor(tc, 'hierarchical'), tc, 7, tc.durationMs);
    const vis = out.samples.visibility!;
    expect(vis.length).toBeGreaterThan(300);
    expect(ks(vis, (t) => 1 - Math.exp(-t / 100))).toBeLessThan(KS_1PCT(vis.length));
    // The t-visibility curve is that CDF too.
    const c = out.curves['t-visibility']!;
    c.x.forEach((t, i) => expect(Math.abs(c.y[i]! - (1 - Math.exp(-t / 100)))).toBeLessThan(0.08));
  }, 120_000);

  it('write response of a primary-copy host (up and back down the link) is Erlang-2 (mean 200 ms)', () => {
    const tc = oneLink(['mh1'], { mh1: 1 }, { type: 'constant', value: 1000 });
    const out = simulateTimed(modelFor(tc, 'primary-copy'), tc, 11, tc.durationMs);
    const rs = out.samples['write-response']!;
    expect(rs.length).toBeGreaterThan(300);
    expect(ks(rs, (t) => 1 - Math.exp(-t / 100) * (1 + t / 100))).toBeLessThan(KS_1PCT(rs.length));
    // ... and not exponential with the same mean (the test can tell them apart).
    expect(ks(rs, (t) => 1 - Math.exp(-t / 200))).toBeGreaterThan(KS_1PCT(rs.length));
  }, 120_000);
});

describe('M/M/1 ordering server', () => {
  it('mean time from write to Global ID is 1/(mu - lambda) within the 95% interval', async () => {
    // lambda = 10/s Poisson writes, mu = 20/s exponential service at the MS, every link instantaneous:
    // W = 1/(mu - lambda) = 100 ms (mean waiting time Wq = W - 1/mu = 50 ms).
    const tc = oneLink(['mh1'], { mh1: 1 }, { type: 'exponential', mean: 100 }, { servers: { master: { type: 'exponential', mean: 50 } }, durationMs: 100_000 });
    const tcFast = { ...tc, network: { ...tc.network, links: { air: { ...FAST, latency: { type: 'constant' as const, value: 0 } }, relay: { ...FAST, latency: { type: 'constant' as const, value: 0 } } } } };
    const model = modelFor(tcFast, 'sequencer');
    const exp = { mechanism: 'sequencer', config: 'mm1', defaultDurationMs: tcFast.durationMs, run: (seed: number, d: number) => simulateTimed(model, tcFast, seed, d) };
    const m = measure(exp, { seed: 3, durationMs: tcFast.durationMs, runs: 8, precision: 0.05, minRuns: 2, maxRuns: 8, precisionKeys: [], assertions: [] });
    const ci = m.intervals['gid-time.mean']!;
    expect(ci.lo).toBeLessThanOrEqual(100);
    expect(ci.hi).toBeGreaterThanOrEqual(100);
    expect(ci.half).toBeLessThan(10); // a tight interval, not a vacuous one
    // Utilisation rho = lambda/mu = 0.5.
    expect(Math.abs(m.intervals['ms.utilisation']!.mean - 0.5)).toBeLessThan(0.03);
  }, 120_000);
});

describe('t-visibility (PBS) for lazy primary copy', () => {
  async function curve(wan: { min: number; max: number }) {
    const base = TIMED_PRESETS['wan-small'] as Record<string, any>;
    const cfg = { ...base, network: { ...base.network, links: { ...base.network.links, wan: { ...base.network.links.wan, latency: { type: 'uniform', ...wan } } } } };
    const tc = checkTimedConfig(cfg);
    const c = resolveConfig(tc.replication);
    const model = createReplicationModel({ ...c, bounds: { ...c.bounds, updatesPerHost: Number.MAX_SAFE_INTEGER, reads: 0 }, knobs: { ...(c.knobs ?? {}), refusals: 0 } }, builtinMechanism('primary-copy'), { symmetry: false });
    return simulateTimed(model, tc, 5, 30_000);
  }
  it('is monotone in t, approaches 1, and shifts right with a slower WAN', async () => {
    const fast = await curve({ min: 50, max: 150 });
    const slow = await curve({ min: 250, max: 350 });
    for (const out of [fast, slow]) {
      const y = out.curves['t-visibility']!.y;
      for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!);
      expect(y[0]!).toBeLessThan(0.05);
      expect(y[y.length - 1]!).toBeGreaterThan(0.99);
    }
    const at = (out: typeof fast, t: number) => { const c = out.curves['t-visibility']!; return c.y[c.x.findIndex((x) => x >= t)]!; };
    expect(at(slow, 750)).toBeLessThan(at(fast, 750) - 0.2);
    expect(slow.scalars['visibility.mean']!).toBeGreaterThan(fast.scalars['visibility.mean']! + 300); // 2 WAN hops x 200 ms more
  }, 120_000);
});

describe("seed 003's packet-size experiment (lazy primary copy, one primary, one secondary)", () => {
  it('100-byte packets give more packets per second and a steadier stream than 1000-byte packets', async () => {
    const run = async (config: string) => {
      const exp = await timedReplication.prepare({ config, mechanism: 'primary-copy', cwd: process.cwd() });
      return measure(exp, { seed: 1, durationMs: 30_000, runs: 3, precision: 0.05, minRuns: 3, maxRuns: 3, precisionKeys: [], assertions: [] });
    };
    const a = await run('seed003-a'), b = await run('seed003-b');
    expect(a.intervals['packets-per-s.wan']!.lo).toBeGreaterThan(b.intervals['packets-per-s.wan']!.hi);
    expect(a.intervals['packets-cv.wan']!.hi).toBeLessThan(b.intervals['packets-cv.wan']!.lo);
    // Same application traffic, more header bytes with small packets.
    expect(a.intervals['bytes-per-update.wan']!.mean).toBeGreaterThan(b.intervals['bytes-per-update.wan']!.mean);
    // Three writes and two reads every 2 s per client, two clients: 90 writes in 30 s.
    expect(a.intervals['updates']!.mean).toBeGreaterThan(80);
  }, 120_000);
});
