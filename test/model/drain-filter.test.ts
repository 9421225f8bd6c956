/**
 * (Issue 17) A drain-only random sample skips nodes `mayDrain` rules out and lists only the
 * families that can hold a drain action. Both are shortcuts, never other behaviour: on walks of
 * presets with faults, moves, metadata, joins, the seed's order, handoffs and peers, every node
 * with a drain action passes `mayDrain`, and the drain listing holds exactly the full listing's
 * drain actions, in its order.
 */
import { describe, expect, it } from 'vitest';
import { allActs, nodeActions } from '../../model/actions/index.ts';
import { mayDrain, servingOf } from '../../model/actions/drain-filter.ts';
import { isDrainAct } from '../../model/actions/types.ts';
import type { Act } from '../../model/actions/types.ts';
import type { ReplicationModel } from '../../model/replication.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { Chooser } from '../../src/engine/chooser.ts';
import { modelOf } from './helpers.ts';
import { PRESETS as CONFIGS } from '../../model/presets.ts';
import type { ConfigInput } from '../../model/config-types.ts';

interface Tally { states: number; drainable: number; trailingIdle: number; trailingOwed: number }

/** Compares both listings of every node of `s` and checks the filter; counts what the walk reached. */
function compare(m: ReplicationModel, s: ReplicationState, tally: Tally, name: string): void {
  const ctx = m.ctx;
  const serving = servingOf(s);
  tally.states++;
  for (let i = 0; i < m.topology.nodeCount; i++) {
    const full: Act[] = [];
    nodeActions(ctx, s, i, null, full);
    const want = full.filter(isDrainAct).map((a) => m.formatAction!(a));
    const listed: Act[] = [];
    nodeActions(ctx, s, i, null, listed, undefined, true);
    const got = listed.filter(isDrainAct).map((a) => m.formatAction!(a));
    expect(got, `${name}: drain actions of node ${i}`).toEqual(want);
    const may = mayDrain(ctx, s, i, serving);
    if (want.length) {
      expect(may, `${name}: node ${i} has ${want.join(', ')} but mayDrain says no`).toBe(true);
      tally.drainable++;
    }
    const n = s.nodes[i]!;
    const trailing = n.member && !n.down && n.connected && n.parent >= 0 && s.nodes[n.parent]!.committed > n.committed;
    if (trailing && !may) tally.trailingIdle++;
    if (trailing && want.some((a) => a.includes('ReRU'))) tally.trailingOwed++;
  }
}

/** Seeded walks: `steps` sampled steps, then a drain of up to `drain` steps; every state compared. */
function walks(name: string | ConfigInput, seeds: number, steps: number, drain: number): Tally {
  const m = modelOf(name, 'hierarchical', false);
  const label = typeof name === 'string' ? name : name.name ?? 'inline';
  const tally: Tally = { states: 0, drainable: 0, trailingIdle: 0, trailingOwed: 0 };
  const chooser = new Chooser();
  for (let seed = 1; seed <= seeds; seed++) {
    chooser.reseed(seed);
    let s = m.init()[0]!;
    compare(m, s, tally, label);
    for (let k = 0; k < steps + drain; k++) {
      const a = m.sample!(s, chooser.choose, k >= steps);
      if (a === undefined) {
        // A drain ends only where no drain action is enabled.
        expect(allActs(m.ctx, s).filter(isDrainAct).map((x) => m.formatAction!(x)), `${label}: the drain ended`).toEqual([]);
        break;
      }
      const t = m.next(s, a);
      if (t === undefined) continue;
      s = t;
      compare(m, s, tally, label);
    }
  }
  return tally;
}

const PRESETS = ['small', 'mobility', 'interests', 'faults', 'crash-every', 'crash-partition', 'crash-replace', 'crash-peer',
  'growing', 'join-change', 'seed-change', 'seed-join', 'handoff', 'peer-relay', 'fifo-move'];

describe('the drain-only sample (model/actions/drain-filter.ts)', () => {
  it.each(PRESETS)('on walks of %s: the drain listing equals the full one, and no node with a drain action is skipped', (name) => {
    const t = walks(name, 6, 30, 60);
    expect(t.drainable).toBeGreaterThan(0);
  });

  // (Sweep 33) Two drain actions the filter skipped before: a cell's handoff of a ReRU to a host
  // that moved away (F1), and the heal of a link cut before its joiner server joined (F2).
  it('keeps a cell whose ReRU awaits its handoff, and a joiner server whose link is cut', () => {
    const handoff = structuredClone(CONFIGS.handoff!) as ConfigInput;
    handoff.name = 'handoff-busy';
    handoff.knobs = { ...handoff.knobs, handoff: 'forward', handoffDedup: false };
    handoff.bounds = { ...handoff.bounds, moves: 3, updatesPerHost: 2, disconnects: 2 };
    const h = walks(handoff, 40, 25, 80);
    expect(h.drainable).toBeGreaterThan(0);
    const growing = structuredClone(CONFIGS.growing!) as ConfigInput;
    growing.name = 'growing-cut';
    growing.faults = { partitions: 2, nodes: [] };
    const g = walks(growing, 40, 25, 80);
    expect(g.drainable).toBeGreaterThan(0);
  });

  it('rules out hosts that trail their cell only by updates on objects they do not hold (the case it is for)', () => {
    const t = walks('large', 2, 60, 150);
    expect(t.trailingIdle).toBeGreaterThan(0);
    expect(t.trailingOwed).toBeGreaterThan(0);
  });
});
