// Seed 003's design space in the exhaustive model (issue 14): `propagation: eager` (a write
// returns when every replica holding its item has it, and the item is locked meanwhile, so no
// read is ever stale) against lazy propagation and `waitOwnCommit` (the writer waits for its own
// commit only); per-object primary placement with redirected or rejected secondary writes; bad
// values refused with one line naming the field.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../model/config.ts';
import type { ConfigInput } from '../../../model/config-types.ts';
import { withKnobs } from '../../../model/knob-flags.ts';
import type { ReplicationModel } from '../../../model/replication.ts';
import { UsageError } from '../../../src/engine/errors.ts';
import type { ReplicationState } from '../../../traces/replication.ts';
import { modelOf, run } from '../helpers.ts';
import { failures, fixture, verdicts } from './verdicts.ts';

/** read-own (mh1 writes x once; mh1 and mh2 read x once each) with extra knobs. */
const readOwn = (knobs: Record<string, unknown> = {}, extra: Partial<ConfigInput> = {}): ConfigInput => ({
  master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }],
  hosts: [{ id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] }, { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] }],
  objects: [{ id: 'o', kind: 'frequent', items: ['x'] }],
  bounds: { updatesPerHost: 1, values: 1, reads: 1 },
  writers: ['mh1'],
  ...extra,
  knobs: { refusals: 0, ...knobs } as ConfigInput['knobs'],
});

/** Every reachable state, breadth first (the configurations here have a few hundred). */
function reachable(m: ReplicationModel): ReplicationState[] {
  const seen = new Map<string, ReplicationState>();
  const queue = [m.init()[0]!];
  while (queue.length) {
    const s = queue.shift()!;
    const key = JSON.stringify(s);
    if (seen.has(key)) continue;
    seen.set(key, s);
    for (const a of m.actions(s)) { const t = m.next(s, a); if (t) queue.push(t); }
  }
  return [...seen.values()];
}

/** Enabled reads, over all reachable states, at a replica that lacks an existing update of the item read. */
function staleReads(m: ReplicationModel): number {
  let n = 0;
  for (const s of reachable(m)) {
    for (const a of m.actions(s)) {
      if (a.t !== 'read') continue;
      const have = s.nodes[a.node]!.order[a.item]!;
      if (s.updates.some((u, id) => u.item === a.item && !have.includes(id))) n++;
    }
  }
  return n;
}

describe('propagation: eager', { timeout: 120_000 }, () => {
  it('primary copy: lazy fails read-your-writes in 2 steps; eager holds every property', async () => {
    expect(failures((await verdicts(fixture('read-own'), 'primary-copy')).verdicts)).toEqual({ 'read-your-writes': 2 });
    expect(failures((await verdicts(fixture('read-own'), 'primary-copy', { propagation: 'eager' })).verdicts)).toEqual({});
  });

  it('no read is ever stale under eager; lazy and waitOwnCommit allow stale reads at the other host', () => {
    for (const mech of ['hierarchical', 'primary-copy']) {
      expect(staleReads(modelOf(readOwn(), mech, false)), `${mech} lazy`).toBeGreaterThan(0);
      expect(staleReads(modelOf(readOwn({ waitOwnCommit: true }), mech, false)), `${mech} waitOwnCommit`).toBeGreaterThan(0);
      expect(staleReads(modelOf(readOwn({ propagation: 'eager' }), mech, false)), `${mech} eager`).toBe(0);
    }
  });

  it('the writer waits for every replica, and the item is locked for everyone until then', () => {
    const m = modelOf(readOwn({ propagation: 'eager' }), 'hierarchical', false);
    const mh1 = m.topology.nodeByName.get('mh1')!, mh2 = m.topology.nodeByName.get('mh2')!;
    const s = run(m, m.init()[0]!, 'mh1 writes x=1 (mh1#1)');
    const local = (st: ReplicationState, i: number, model = m) => model.actions(st).filter((a) => (a.t === 'read' || a.t === 'update') && a.node === i);
    expect(local(s, mh1)).toEqual([]);
    expect(local(s, mh2)).toEqual([]);
    // The peer exchange gives mh2 the update, but the cell and zone servers and the MS still lack it.
    const t = run(m, s, 'peer mh1->mh2 [mh1#1]');
    expect(local(t, mh2)).toEqual([]);
    // The lazy model lets both read at once.
    const lazy = modelOf(readOwn(), 'hierarchical', false);
    expect(local(run(lazy, lazy.init()[0]!, 'mh1 writes x=1 (mh1#1)'), mh2, lazy).map((a) => a.t)).toEqual(['read']);
  });

  it('eager is not the old eager: --knob eager is the deprecated name of waitOwnCommit', () => {
    const c = withKnobs(resolveConfig(readOwn()), { eager: 'true' });
    expect(c.knobs).toMatchObject({ waitOwnCommit: true, propagation: 'lazy' });
  });
});

describe('primaryPlacement and secondaryWrites', { timeout: 120_000 }, () => {
  const placed = (secondaryWrites: string) => readOwn({ primaryPlacement: { o: 'mh1' }, secondaryWrites }, { writers: ['mh1', 'mh2'] });

  it('only the primary writes, and applies its write at once even under primary copy', () => {
    const m = modelOf(placed('redirect'), 'primary-copy', false);
    const mh1 = m.topology.nodeByName.get('mh1')!, mh2 = m.topology.nodeByName.get('mh2')!;
    const s0 = m.init()[0]!;
    expect(m.actions(s0).filter((a) => a.t === 'update').map((a) => (a as { node: number }).node)).toEqual([mh1]);
    const s = run(m, s0, 'mh1 writes x=1 (mh1#1)');
    expect(s.nodes[mh1]!.applied).toEqual([0]);
    // Redirect: mh2's writes are mh1's (no step of its own); reject: mh2's attempt is refused.
    expect(m.actions(s0).some((a) => a.t === 'refused' && a.node === mh2)).toBe(false);
    const r = modelOf({ ...placed('reject'), knobs: { ...placed('reject').knobs, refusals: 1 } }, 'primary-copy', false);
    expect(r.actions(r.init()[0]!).filter((a) => a.t === 'refused').map((a) => (a as { node: number }).node)).toEqual([mh2]);
  });

  it('primary copy with the primary at the writer holds read-your-writes without waiting', async () => {
    const v = await verdicts(fixture('read-own'), 'primary-copy', { primaryPlacement: 'o=mh1' }, ['read-your-writes', 'causal-order', 'total-order']);
    expect(failures(v.verdicts)).toEqual({});
  });
});

describe('bad values are refused with one line naming the field', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ propagation: 'fast' }, 'config.knobs.propagation must be one of "lazy", "eager" (got "fast")'],
    [{ secondaryWrites: 'drop' }, 'config.knobs.secondaryWrites must be one of "redirect", "reject" (got "drop")'],
    [{ primaryPlacement: { q: 'mh1' } }, 'config.knobs.primaryPlacement: q is not an object; name one of o'],
    [{ primaryPlacement: { o: 'zz' } }, 'config.knobs.primaryPlacement: zz (primary of o) is not a node of the configuration; name a server or a host'],
    [{ primaryPlacement: { o: 'mh2' } }, 'config.knobs.primaryPlacement: mh2 (primary of o) is not one of the writers; add it to writers'],
    [{ primaryPlacement: 'o=mh1,o=ms' }, 'config.knobs.primaryPlacement: o is placed twice; give one primary per object'],
    [{ primaryPlacement: 'o:mh1' }, 'config.knobs.primaryPlacement: "o:mh1" is not OBJECT=NODE; write e.g. o1=mh1,o2=c1'],
  ];
  it.each(cases)('%j', (knobs, message) => {
    let error: unknown;
    try { resolveConfig(readOwn(knobs)); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('--knob values', () => {
    const c = resolveConfig(readOwn());
    expect(() => withKnobs(c, { propagation: 'fast' })).toThrow(new UsageError('--knob propagation must be lazy or eager (got "fast")'));
    expect(() => withKnobs(c, { secondaryWrites: 'x' })).toThrow(new UsageError('--knob secondaryWrites must be redirect or reject (got "x")'));
    expect(() => withKnobs(c, { primaryPlacement: 'o=c9' })).toThrow(new UsageError('--knob primaryPlacement: c9 (primary of o) is not a node of the configuration; name a server or a host'));
    expect(withKnobs(c, { primaryPlacement: 'o=mh1', propagation: 'eager' }).knobs).toMatchObject({ primaryPlacement: 'o=mh1', propagation: 'eager' });
  });
});
