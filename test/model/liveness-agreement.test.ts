// check and simulate agree on the liveness properties (issue 10): both decide alwaysReachable on
// completing (drain) steps only, as the spec says ("reachable by protocol and reconnect steps
// alone, no new updates"). Every built-in mechanism on small presets, plus a plugin whose MS
// waits for every writer to write (violated by both). The broad sweep is in
// liveness-agreement.long.test.ts.
import { describe, expect, it } from 'vitest';
import replication from '../../model/index.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { liveness } from './liveness-helpers.ts';

const WAIT_FOR_ALL = './test/fixtures/mechanisms/wait-for-all.ts';
const repo = new URL('../..', import.meta.url).pathname;

describe('check and simulate agree on liveness', () => {
  for (const config of ['tiny', 'publisher']) {
    it(`on ${config}, for every built-in mechanism`, async () => {
      const got: Record<string, unknown> = {};
      const want: Record<string, unknown> = {};
      for (const m of replication.mechanisms!) {
        const v = await liveness(config, m);
        got[m] = v.simulate;
        want[m] = v.check;
      }
      expect(got).toEqual(want);
      if (config === 'publisher') {
        // lamport waits for the MS (a writer with budget left) to write: refuted by both
        expect(want.lamport).toEqual({ 'eventual-consistency:reachable': 'violated', 'ca-state:reachable': 'violated' });
        expect(want.hierarchical).toEqual({ 'eventual-consistency:reachable': 'holds', 'ca-state:reachable': 'holds' });
      }
    }, 180_000);
  }

  it('on a mechanism that waits for every writer to write: violated by both', async () => {
    const v = await liveness('publisher', WAIT_FOR_ALL);
    expect(v.check).toEqual({ 'eventual-consistency:reachable': 'violated', 'ca-state:reachable': 'violated' });
    expect(v.simulate).toEqual(v.check);
  }, 120_000);
});

describe('a liveness counterexample of the replication model', () => {
  it('shows the doomed state, a drain continuation and why the MS never commits', async () => {
    const t = await replication.create({ config: 'publisher', mechanism: 'lamport', params: {}, cwd: repo });
    const r = await exhaustive(t.model, t.properties.filter((p) => p.name === 'eventual-consistency:reachable'));
    const p = r.properties[0]!;
    expect(p.status).toBe('violated');
    const path = p.path!;
    expect(p.doomedAt).toBeLessThan(path.length - 1);
    for (const step of path.slice(p.doomedAt! + 1)) expect(t.model.isDrain!(step.action!)).toBe(true);
    expect(t.model.actions(path[path.length - 1]!.state).filter((a) => t.model.isDrain!(a))).toEqual([]);
    expect(p.stuck?.[0]).toMatch(/^ms will never commit mh1#1: the mechanism 'lamport' commits none of its collected updates/);
    expect(p.stuck?.[1]).toMatch(/only a new update could unblock it: ms may still write/);
  }, 60_000);
});
