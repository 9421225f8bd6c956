/**
 * (Issue 17) A drain-only random sample skips nodes `mayDrain` rules out and lists only the
 * families that can hold a drain action. Both are shortcuts, never other behaviour: on walks of
 * presets with faults, moves, metadata, joins, the seed's order, handoffs and peers, every node
 * with a drain action passes `mayDrain` and is a candidate of the drain index (drain-index.ts,
 * which holds at every state what a pass over every node would give, and so do the answers of
 * metadata.ts `fedByParentAlone` it keeps), and the drain listing holds
 * exactly the full listing's drain actions, in its order.
 */
import { describe, expect, it } from 'vitest';
import { allActs, nodeActions } from '../../model/actions/index.ts';
import { mayDrain, nodeMayDrain, servingOf, withoutMemo } from '../../model/actions/drain-filter.ts';
import { drainCandidates, drainIndex } from '../../model/actions/drain-index.ts';
import { hasBit } from '../../properties/bitset.ts';
import { fedByParentAlone } from '../../model/actions/metadata.ts';
import { isDrainAct } from '../../model/actions/types.ts';
import type { Act } from '../../model/actions/types.ts';
import type { ReplicationModel } from '../../model/replication.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { Chooser } from '../../src/engine/chooser.ts';
import { find, labels, modelOf } from './helpers.ts';
import { PRESETS as CONFIGS } from '../../model/presets.ts';
import type { ConfigInput } from '../../model/config-types.ts';

interface Tally { states: number; drainable: number; trailingIdle: number; trailingOwed: number }

/** Compares both listings of every node of `s` and checks the filter; counts what the walk reached. */
function compare(m: ReplicationModel, s: ReplicationState, tally: Tally, name: string): void {
  const ctx = m.ctx;
  const serving = servingOf(s);
  tally.states++;
  // (Issue 17) Kept from the state before over the step's replaced nodes; compared with every node's own answer.
  const bits = drainIndex(ctx, s).bits.slice();
  // (Stop 41) The index's kept `fedByParentAlone` answers, which mark and the drain sample reuse.
  const alone = drainIndex(ctx, s).alone.slice();
  const candidates = drainCandidates(ctx, s, serving);
  for (let i = 0; i < m.topology.nodeCount; i++) {
    expect(alone[i] === 1, `${name}: the drain index's fedByParentAlone of node ${i}`).toBe(withoutMemo(() => fedByParentAlone(ctx, s, i)));
    expect(hasBit(bits, i), `${name}: the drain index's entry of node ${i}`).toBe(withoutMemo(() => !fedByParentAlone(ctx, s, i) || nodeMayDrain(ctx, s, i)));
    const full: Act[] = [];
    nodeActions(ctx, s, i, null, full);
    const want = full.filter(isDrainAct).map((a) => m.formatAction!(a));
    // (Stop 41) The same listing of a copy of `s`, which the index does not describe (so its kept answers are not used).
    const plain: Act[] = [];
    nodeActions(ctx, { ...s }, i, null, plain);
    expect(full.map((a) => m.formatAction!(a)), `${name}: actions of node ${i} with the index's kept answers`).toEqual(plain.map((a) => m.formatAction!(a)));
    const listed: Act[] = [];
    nodeActions(ctx, s, i, null, listed, undefined, true);
    const got = listed.filter(isDrainAct).map((a) => m.formatAction!(a));
    expect(got, `${name}: drain actions of node ${i}`).toEqual(want);
    const may = mayDrain(ctx, s, i, serving);
    if (want.length) {
      expect(may, `${name}: node ${i} has ${want.join(', ')} but mayDrain says no`).toBe(true);
      expect(hasBit(candidates, i), `${name}: node ${i} has ${want.join(', ')} but is no drain candidate`).toBe(true);
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

  // (Issue 17) A host that moved away and back is fed by the cell it visited too until that cell
  // learns of the move: the drain index must not take it for one its parent alone feeds.
  it('keeps a host that moved back home while the cell it visited still registers it', () => {
    const back = structuredClone(CONFIGS.mobility!) as ConfigInput;
    back.name = 'mobility-back';
    back.writers = ['mh1', 'mh2'];
    back.bounds = { ...back.bounds, moves: 4, updatesPerHost: 2 };
    const t = walks(back, 60, 30, 80);
    expect(t.drainable).toBeGreaterThan(0);
  });

  // (Issue 17) The same for the host's initial cell before the host's registration at its new
  // cell reaches it: on this path c1 commits ms#1 after mh1 left for c2, and owes mh1 a ReRU,
  // while neither mh1 nor its new parent changed in that step.
  it('keeps a host that moved away while its initial cell still registers it, or back while the cell it visited does', () => {
    const m = modelOf('handoff', 'hierarchical', false);
    const tally: Tally = { states: 0, drainable: 0, trailingIdle: 0, trailingOwed: 0 };
    let s = m.init()[0]!;
    compare(m, s, tally, 'handoff');
    for (const label of ['mh1 moves to c2', 'ms writes x=1 (ms#1)', 'send ReRU ms/1 ms->z1 [ms#1]', 'migrate ms/1 ok', 'execute ms/1',
      'send ReRU z1/1 z1->c1 [ms#1]', 'migrate z1/1 ok', 'execute z1/1']) {
      s = m.next(s, find(m, s, label))!;
      compare(m, s, tally, 'handoff');
    }
    expect(labels(m, s)).toContain('send ReRU c1/1 c1->mh1 [ms#1]');
    // And a cell the host visited, after the host moved back home: c2 registered mh1, mh1 went
    // back to c1 before c2 learnt of it, and c2 commits ms#1 (a row of c2's, not the initial cell).
    const back = structuredClone(CONFIGS.handoff!) as ConfigInput;
    back.bounds = { ...back.bounds, moves: 2 };
    const m2 = modelOf(back, 'hierarchical', false);
    let t = m2.init()[0]!;
    for (const label of ['mh1 moves to c2', 'migrate mh1/1 ok', 'execute mh1/1', 'mh1 moves to c1', 'ms writes x=1 (ms#1)',
      'send ReRU ms/1 ms->z1 [ms#1]', 'migrate ms/1 ok', 'execute ms/1', 'send ReRU z1/1 z1->c2 [ms#1]', 'migrate z1/1 ok', 'execute z1/1']) {
      t = m2.next(t, find(m2, t, label))!;
      compare(m2, t, tally, 'handoff, moved back');
    }
    expect(labels(m2, t)).toContain('send ReRU c2/1 c2->mh1 [ms#1]');
  });

  it('rules out hosts that trail their cell only by updates on objects they do not hold (the case it is for)', () => {
    const t = walks('large', 2, 60, 150);
    expect(t.trailingIdle).toBeGreaterThan(0);
    expect(t.trailingOwed).toBeGreaterThan(0);
  });
});
