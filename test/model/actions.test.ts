/**
 * Each action family's effect on small hand-built states (reached by labelled steps from the
 * initial state, every intermediate state deep-frozen so a mutating `next()` would throw).
 */
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../model/config-types.ts';
import { PRESETS } from '../../model/presets.ts';
import { find, idx, init, labels, modelOf, run } from './helpers.ts';

const UP = [
  'mh1 writes x=1 (mh1#1)', 'send RU mh1/1 mh1->c1 [mh1#1]', 'migrate mh1/1 ok', 'execute mh1/1',
  'c1 orders [mh1#1]', 'send RU c1/1 c1->z1 [mh1#1]', 'migrate c1/1 ok', 'execute c1/1',
  'z1 orders [mh1#1]', 'send RU z1/1 z1->ms [mh1#1]', 'migrate z1/1 ok', 'execute z1/1',
];

describe('local update, refused attempt, read', () => {
  it('a host write is tentative, flagged F, and depends on what it has seen', () => {
    const m = modelOf('small');
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', 'peer mh1->mh2 [mh1#1]', 'mh2 writes x=1 (mh2#1)');
    const [mh1, mh2] = [idx(m, 'mh1'), idx(m, 'mh2')];
    expect(s.updates).toEqual([
      { origin: mh1, seq: 1, item: 0, value: 1, deps: [], gid: 0, stamp: [] },
      { origin: mh2, seq: 1, item: 0, value: 1, deps: [0], gid: 0, stamp: [] },
    ]);
    expect(s.nodes[mh2]!.order[0]).toEqual([0, 1]);
    expect(s.nodes[mh2]!.applied).toEqual([0, 1]);
    expect(s.nodes[mh2]!.flagF).toEqual([1]); // the peer's update is not flagged at the receiver
    expect(s.nodes[mh2]!.writes).toBe(1);
    expect(labels(m, s).some((l) => l.startsWith('mh2 writes'))).toBe(false); // budget used
  });

  it('the MS commits its own write at once; a host is refused on an infrequent object, once', () => {
    const m = modelOf('publisher');
    const s0 = init(m);
    expect(labels(m, s0)).toContain('mh1 tries to write y (infrequently changed): refused');
    expect(labels(m, s0)).not.toContain('mh1 writes y=1 (mh1#1)');
    const s1 = run(m, s0, 'mh1 tries to write y (infrequently changed): refused', 'ms writes y=1 (ms#1)');
    expect(s1.refused).toBe(1);
    expect(s1.updates).toEqual([{ origin: 0, seq: 1, item: 1, value: 1, deps: [], gid: 1, stamp: [] }]);
    expect(s1.nodes[0]!).toMatchObject({ committed: 1, applied: [0], order: [[], [0]] });
    expect(s1.nextGid).toBe(2);
    expect(labels(m, s1).some((l) => l.includes('refused'))).toBe(false); // knob refusals: 1
  });

  it('a read records the current order and the writes before it', () => {
    const m = modelOf('session');
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', 'mh1 reads x');
    expect(s.reads).toEqual([{ host: idx(m, 'mh1'), item: 0, seen: [0], writesBefore: 1 }]);
    expect(labels(m, s)).not.toContain('mh1 reads x');
  });
});

describe('propagation up (RU) and ordering', () => {
  it('send creates a migrating instance; ack flips F to T; execute collects; order releases', () => {
    const m = modelOf('tiny');
    const [mh1, c1] = [idx(m, 'mh1'), idx(m, 'c1')];
    const s1 = run(m, init(m), UP[0]!, UP[1]!);
    expect(s1.instances).toEqual([{
      from: mh1, n: 1, to: c1, kind: 'RU', state: 'migrating', trail: ['monitoring', 'retrieving', 'creating', 'migrating'],
      updates: [0], objects: 0, snapshot: [], cursor: 0, failures: 0, copies: 0,
    }]);
    expect(s1.nodes[mh1]).toMatchObject({ made: 1, agent: 'migrating', flagF: [0], flagT: [] });
    expect(labels(m, s1).filter((l) => l.startsWith('send RU mh1'))).toEqual([]); // one instance in flight
    const s2 = run(m, s1, 'migrate mh1/1 ok');
    expect(s2.nodes[mh1]).toMatchObject({ flagF: [], flagT: [0], agent: 'monitoring' });
    expect(s2.instances[0]).toMatchObject({ state: 'executing', trail: ['monitoring', 'retrieving', 'creating', 'migrating', 'executing'] });
    const s3 = run(m, s2, 'execute mh1/1');
    expect(s3.instances).toEqual([]);
    expect(s3.nodes[c1]).toMatchObject({ collected: [0], executed: ['mh1/1'] });
    const s4 = run(m, s3, 'c1 orders [mh1#1]');
    expect(s4.nodes[c1]).toMatchObject({ collected: [], flagF: [0] });
  });

  it('the MS assigns consecutive Global IDs and merges them', () => {
    const m = modelOf('tiny');
    const s = run(m, init(m), ...UP, 'ms assigns gid 1 [mh1#1]');
    expect(s.updates[0]!.gid).toBe(1);
    expect(s.nextGid).toBe(2);
    expect(s.nodes[0]).toMatchObject({ committed: 1, order: [[0]], applied: [0], collected: [] });
  });

  it('a failed migration is counted and retried; a disconnected host cannot migrate', () => {
    const m = modelOf('faults');
    const s1 = run(m, init(m), UP[0]!, UP[1]!, 'migrate mh1/1 fails');
    expect(s1.instances[0]).toMatchObject({ state: 'migrating', failures: 1 });
    expect(s1.used.failures).toBe(1);
    expect(labels(m, s1)).not.toContain('migrate mh1/1 fails'); // budget of one
    const s2 = run(m, s1, 'mh1 disconnects');
    expect(labels(m, s2)).not.toContain('migrate mh1/1 ok');
    expect(labels(m, run(m, s2, 'mh1 reconnects'))).toContain('migrate mh1/1 ok');
  });

  it('disconnects use up their budget, unless they recur (knob recurringDisconnects): then the state graph cycles', () => {
    const once = modelOf('faults');
    const s1 = run(once, init(once), 'mh1 disconnects', 'mh1 reconnects');
    expect(s1.used.disconnects).toBe(1);
    expect(labels(once, s1)).not.toContain('mh1 disconnects');
    const cfg = structuredClone(PRESETS.faults!);
    cfg.knobs = { ...cfg.knobs, recurringDisconnects: true };
    const m = modelOf(cfg);
    const s0 = init(m);
    const s2 = run(m, s0, 'mh1 disconnects', 'mh1 reconnects', 'mh2 disconnects', 'mh2 reconnects', 'mh1 disconnects', 'mh1 reconnects');
    expect(s2.used.disconnects).toBe(0);
    expect(s2).toEqual(s0); // back where it started: a cycle
    expect(labels(m, s2)).toContain('mh1 disconnects');
    // A zero budget still means no disconnection at all.
    cfg.bounds = { ...cfg.bounds, disconnects: 0 };
    expect(labels(modelOf(cfg), init(modelOf(cfg)))).not.toContain('mh1 disconnects');
  });

  it('a duplicated delivery runs once (suppressed) unless suppression is off', () => {
    for (const suppression of [true, false]) {
      const cfg = structuredClone(PRESETS.faults!);
      cfg.knobs = { ...cfg.knobs, duplicateSuppression: suppression };
      const m = modelOf(cfg);
      const s = run(m, init(m), UP[0]!, UP[1]!, 'migrate mh1/1 ok', 'duplicate mh1/1 (one extra copy delivered)', 'execute mh1/1');
      expect(s.instances[0]).toMatchObject({ copies: 0, state: 'executing' });
      const s2 = run(m, s, 'execute mh1/1');
      expect(s2.instances).toEqual([]);
      const c1 = s2.nodes[idx(m, 'c1')]!;
      expect(c1.executed).toEqual(suppression ? ['mh1/1'] : ['mh1/1', 'mh1/1']);
      expect(c1.collected).toEqual(suppression ? [0] : [0, 0]);
    }
  });

  it('causal hold-back: a cell does not release an update before its cause', () => {
    const m = modelOf('small');
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', 'peer mh1->mh2 [mh1#1]', 'mh2 writes x=1 (mh2#1)',
      'send RU mh2/1 mh2->c1 [mh2#1]', 'migrate mh2/1 ok', 'execute mh2/1');
    expect(labels(m, s).filter((l) => l.startsWith('c1 orders'))).toEqual([]);
    const s2 = run(m, s, 'send RU mh1/1 mh1->c1 [mh1#1]', 'migrate mh1/1 ok', 'execute mh1/1');
    expect(s2.nodes[idx(m, 'c1')]!.collected).toEqual([1, 0]);
    expect(labels(m, s2)).toContain('c1 orders [mh1#1, mh2#1]');
    const broken = modelOf('small', 'arrival-order');
    const b = run(broken, init(broken), 'mh1 writes x=1 (mh1#1)', 'peer mh1->mh2 [mh1#1]', 'mh2 writes x=1 (mh2#1)',
      'send RU mh2/1 mh2->c1 [mh2#1]', 'migrate mh2/1 ok', 'execute mh2/1');
    expect(labels(broken, b)).toContain('c1 orders [mh2#1]');
  });
});

describe('propagation down (ReRU) and merging', () => {
  it('ReRU carries committed updates past the child cursor; merging puts them before tentative ones', () => {
    const m = modelOf('small');
    let s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', 'send RU mh1/1 mh1->c1 [mh1#1]', 'migrate mh1/1 ok', 'execute mh1/1',
      'c1 orders [mh1#1]', 'send RU c1/1 c1->z1 [mh1#1]', 'migrate c1/1 ok', 'execute c1/1', 'z1 orders [mh1#1]',
      'send RU z1/1 z1->ms [mh1#1]', 'migrate z1/1 ok', 'execute z1/1', 'ms assigns gid 1 [mh1#1]',
      'mh2 writes x=1 (mh2#1)');
    s = run(m, s, 'send ReRU ms/1 ms->z1 [mh1#1]', 'migrate ms/1 ok', 'execute ms/1',
      'send ReRU z1/2 z1->c1 [mh1#1]', 'migrate z1/2 ok', 'execute z1/2');
    const mh2 = idx(m, 'mh2');
    expect(s.nodes[mh2]!.order[0]).toEqual([1]);
    const send = find(m, s, 'send ReRU c1/2 c1->mh2 [mh1#1]');
    s = m.next(s, send)!;
    expect(s.instances.find((x) => x.kind === 'ReRU')).toMatchObject({ to: mh2, updates: [0], cursor: 1 });
    s = run(m, s, 'migrate c1/2 ok', 'execute c1/2');
    expect(s.nodes[mh2]).toMatchObject({ order: [[0, 1]], applied: [1, 0], committed: 1, executed: ['c1/2'] });
  });

  it('a host that does not hold an item gets no ReRU for it', () => {
    const m = modelOf('interests');
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', ...UP.slice(1), 'ms assigns gid 1 [mh1#1]',
      'send ReRU ms/1 ms->z1 [mh1#1]', 'migrate ms/1 ok', 'execute ms/1', 'send ReRU z1/2 z1->c1 [mh1#1]',
      'migrate z1/2 ok', 'execute z1/2');
    expect(labels(m, s)).toContain('send ReRU c1/2 c1->mh1 [mh1#1]');
    expect(labels(m, s).filter((l) => l.includes('->mh2'))).toEqual([]); // mh2 holds p only
  });
});

describe('peer exchange', () => {
  it('copies tentative updates the receiver lacks, and only to hosts in the same cell', () => {
    const m = modelOf('medium');
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)');
    expect(labels(m, s).filter((l) => l.startsWith('peer'))).toEqual(['peer mh1->mh2 [mh1#1]']);
    const t = run(m, s, 'peer mh1->mh2 [mh1#1]');
    expect(t.nodes[idx(m, 'mh2')]).toMatchObject({ order: [[0]], applied: [0], flagF: [] });
    expect(labels(m, t).filter((l) => l.startsWith('peer'))).toEqual([]);
  });

  it('holds back an update whose cause the receiver lacks and the sender no longer ships', () => {
    const toMh2 = [...UP, 'ms assigns gid 1 [mh1#1]', 'send ReRU ms/1 ms->z1 [mh1#1]', 'migrate ms/1 ok', 'execute ms/1',
      'send ReRU z1/2 z1->c1 [mh1#1]', 'migrate z1/2 ok', 'execute z1/2', 'send ReRU c1/2 c1->mh2 [mh1#1]',
      'migrate c1/2 ok', 'execute c1/2', 'mh2 writes x=1 (mh2#1)'];
    const m = modelOf(threeInOneCell());
    const s = run(m, init(m), ...toMh2);
    // mh1#1 is committed at mh2 (not shipped); mh3 lacks it, so mh2#1 is held back.
    expect(labels(m, s).filter((l) => l.startsWith('peer mh2->mh3'))).toEqual([]);
    const t = run(m, s, 'peer mh1->mh3 [mh1#1]');
    expect(labels(m, t)).toContain('peer mh2->mh3 [mh2#1]');
    const broken = modelOf(threeInOneCell(), 'arrival-order');
    expect(labels(broken, run(broken, init(broken), ...toMh2))).toContain('peer mh2->mh3 [mh2#1]');
  });
});

describe('environment', () => {
  it('move changes the cell; the host then sends up through its new cell', () => {
    const m = modelOf('mobility');
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', 'mh1 moves to c2');
    expect(s.nodes[idx(m, 'mh1')]!.parent).toBe(idx(m, 'c2'));
    expect(s.used.moves).toBe(1);
    // (Issue 13) The move's registration at c2 is the host's instance 1.
    expect(s.instances).toEqual([expect.objectContaining({ from: idx(m, 'mh1'), n: 1, to: idx(m, 'c2'), kind: 'ROI', row: { host: idx(m, 'mh1'), region: idx(m, 'c2'), version: 1 } })]);
    expect(labels(m, s)).toContain('send RU mh1/2 mh1->c2 [mh1#1]');
    // c2 does not feed mh1 before the registration; every server records the new Region when c2 executes it.
    const t = run(m, s, 'migrate mh1/1 ok', 'execute mh1/1');
    for (const server of ['ms', 'z1', 'c1', 'c2']) expect(t.nodes[idx(m, server)]!.meta!.rows).toEqual([0, idx(m, 'c2'), 1, 1]);
  });

  it('(issue 13) the oracle knob keeps the old move: no registration, no metadata', () => {
    const m = modelOf({ ...PRESETS.mobility!, knobs: { refusals: 0, oracle: true } });
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', 'mh1 moves to c2');
    expect(s.instances).toEqual([]);
    expect(s.nodes[idx(m, 'c1')]!.meta).toBeUndefined();
    expect(labels(m, s)).toContain('send RU mh1/1 mh1->c2 [mh1#1]');
  });

  it('join creates an IR instance at the cell; serving and executing it installs the snapshot, then ROI climbs', () => {
    const m = modelOf('join');
    const [mh2, c1] = [idx(m, 'mh2'), idx(m, 'c1')];
    expect(labels(m, init(m))).toContain('mh2 joins {o, r}');
    const s = run(m, init(m), 'mh2 joins {o, r}');
    expect(s.nodes[mh2]).toMatchObject({ member: true, objects: 0 });
    expect(s.instances).toEqual([expect.objectContaining({ from: c1, n: 1, to: mh2, kind: 'IR', state: 'creating', objects: 3 })]);
    expect(s.nodes[c1]!.agent).toBe('creating');
    const s2 = run(m, s, 'send IR c1/1 c1->mh2 {o, r} []', 'migrate c1/1 ok', 'execute c1/1');
    expect(s2.nodes[mh2]).toMatchObject({ objects: 3, committed: 0, executed: ['c1/1'] });
    expect(s2.instances).toEqual([expect.objectContaining({ from: mh2, to: c1, kind: 'ROI', state: 'migrating', objects: 3 })]);
    // (Issue 13) The IR's acknowledgement told c1 already; the report then reaches z1 and the MS in the same step.
    expect(s2.nodes[c1]!.meta!.rows).toEqual([1, c1, 3, 1]);
    expect(s2.nodes[0]!.meta!.rows).toEqual([]);
    const s3 = run(m, s2, 'migrate mh2/1 ok', 'execute mh2/1');
    expect(s3.instances).toEqual([]);
    for (const server of [0, idx(m, 'z1'), c1]) expect(s3.nodes[server]!.meta!.rows).toEqual([1, c1, 3, 1]);
  });

  it('adding an object waits for the cell to catch up; dropping one clears its items', () => {
    const m = modelOf('interests');
    const mh2 = idx(m, 'mh2');
    const s = run(m, init(m), 'mh2 adds o');
    expect(s.instances).toEqual([expect.objectContaining({ to: mh2, kind: 'IR', state: 'creating', objects: 1 })]);
    expect(labels(m, s).filter((l) => l.startsWith('mh2 adds') || l.startsWith('mh2 removes'))).toEqual([]);
    const d = run(m, init(m), 'mh2 removes p');
    expect(d.nodes[mh2]).toMatchObject({ objects: 0 });
    expect(d.instances).toEqual([expect.objectContaining({ from: mh2, kind: 'ROI', objects: 0 })]);
  });
});

/** Three mobile hosts in one cell on one item: mh1 and mh2 write, mh3 subscribes. */
function threeInOneCell(): ConfigInput {
  return {
    master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }],
    hosts: ['mh1', 'mh2', 'mh3'].map((id) => ({ id, kind: 'mobile' as const, cell: 'c1', interests: ['o'] })),
    objects: [{ id: 'o', kind: 'frequent', items: ['x'] }],
    writers: ['mh1', 'mh2'],
    knobs: { refusals: 0 },
  };
}
