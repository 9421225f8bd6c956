/**
 * The model module (what the CLI loads): selection handling, mechanism selection (built-in
 * names, plugin files, errors), and the action renderings (text, semantic JSON, kind, drain).
 */
import { describe, expect, it } from 'vitest';
import replication, { promisedNames } from '../../model/index.ts';
import { UsageError } from '../../src/engine/errors.ts';
import { MECHANISMS } from '../../model/mechanisms/index.ts';
import { isModelModule } from '../../src/engine/plugin.ts';
import type { ReplicationModel } from '../../model/replication.ts';
import { find, init, modelOf, run } from './helpers.ts';

const cwd = process.cwd();

describe('ModelModule', () => {
  it('creates the default model (small, hierarchical) with the property library', async () => {
    expect(isModelModule(replication)).toBe(true);
    const t = await replication.create({ params: {}, cwd });
    expect(t.meta).toMatchObject({ configName: 'small', mechanism: 'hierarchical', params: { symmetry: 'on' } });
    expect((t.meta.config as { hosts: unknown[] }).hosts).toHaveLength(2);
    expect(t.properties.map((p) => p.name)).toContain('causal-order');
    expect(typeof t.model.canonical).toBe('function');
    const off = await replication.create({ params: { symmetry: 'off' }, cwd, config: 'tiny' });
    expect(off.model.canonical).toBeUndefined();
  });

  it('offers ca-state:stable (a transition property) at every size, and judges the mechanism by its promises', async () => {
    const small = await replication.create({ params: {}, cwd, config: 'small' });
    expect(small.properties.map((p) => p.name)).toContain('ca-state:stable');
    const large = await replication.create({ params: {}, cwd, config: 'large' });
    expect(large.properties.map((p) => p.name)).toContain('ca-state:stable');
    expect(small.promised).toContain('causal-order');
    expect(small.promised).not.toContain('strong-convergence');
    const bayou = await replication.create({ params: {}, cwd, config: 'small', mechanism: 'bayou' });
    expect(bayou.promised).toContain('strong-convergence');
    expect(replication.suite).toEqual(['fifo-move', 'two-zones', 'reads', 'publisher', 'join-change', 'faults', 'crash-durable', 'seed-change', 'seed-join', 'new-server', 'handoff', 'peer-relay']);
  });

  it('rejects a mechanism that promises an unknown property', () => {
    expect(() => promisedNames('m', ['causal-order', 'linearizability'], ['causal-order', 'ca-state:stable'])).toThrow(
      new UsageError(`mechanism m promises unknown property 'linearizability' (known: causal-order, ca-state)`));
    expect(promisedNames('m', ['ca-state'], ['causal-order', 'ca-state', 'ca-state:stable'])).toEqual(['ca-state', 'ca-state:stable']);
    expect(promisedNames('m', undefined, ['causal-order'])).toBeUndefined();
  });

  it('rejects bad selections with a UsageError', async () => {
    const names = Object.keys(MECHANISMS);
    expect(names.slice(0, 2)).toEqual(['hierarchical', 'arrival-order']);
    await expect(replication.create({ params: {}, cwd, mechanism: 'fifo' })).rejects.toThrow(
      new UsageError(`--mechanism must be one of ${names.join(', ')} or a module file (got "fifo")`));
    await expect(replication.create({ params: { symmetry: 'maybe' }, cwd })).rejects.toThrow(/--param symmetry must be on or off/);
    await expect(replication.create({ params: {}, cwd, mechanism: './nope.ts' })).rejects.toThrow(/--mechanism file \.\/nope\.ts cannot be loaded/);
    await expect(replication.create({ params: {}, cwd, mechanism: 'test/model/helpers.ts' })).rejects.toThrow(/^--mechanism test\/model\/helpers\.ts: .*OrderingMechanism/);
  });

  it('loads a mechanism plugin file', async () => {
    const t = await replication.create({ params: {}, cwd, config: 'small', mechanism: 'test/model/fixtures/reverse-mechanism.ts' });
    expect(t.meta.mechanism).toBe('reverse');
    const m = t.model as ReplicationModel;
    const s = run(m, init(m), 'mh1 writes x=1 (mh1#1)', 'mh2 writes x=1 (mh2#1)', 'send RU mh1/1 mh1->c1 [mh1#1]',
      'migrate mh1/1 ok', 'execute mh1/1', 'send RU mh2/1 mh2->c1 [mh2#1]', 'migrate mh2/1 ok', 'execute mh2/1');
    expect(m.actions(s).map((a) => m.formatAction!(a))).toContain('c1 orders [mh2#1, mh1#1]');
  });
});

describe('action renderings', () => {
  it('text, semantic JSON (names, never indices), kind and drain', () => {
    const m = modelOf('small');
    let s = init(m);
    const w = find(m, s, 'mh1 writes x=1 (mh1#1)');
    expect(m.actionToJson(w)).toEqual({ type: 'update', host: 'mh1', item: 'x', value: 1 });
    expect([m.actionKind!(w), m.isDrain!(w)]).toEqual(['update', false]);
    s = m.next(s, w)!;
    const send = find(m, s, 'send RU mh1/1 mh1->c1 [mh1#1]');
    expect(m.actionToJson(send)).toEqual({ type: 'send', from: 'mh1', to: 'c1', kind: 'RU', instance: 'mh1/1', updates: ['mh1#1'] });
    expect(m.isDrain!(send)).toBe(true);
    s = m.next(s, send)!;
    const fail = find(m, s, 'migrate mh1/1 fails');
    expect(m.actionToJson(fail)).toEqual({ type: 'migrate', instance: 'mh1/1', ok: false });
    expect([m.actionKind!(fail), m.isDrain!(fail)]).toEqual(['migrate', false]);
    expect(m.isDrain!(find(m, s, 'migrate mh1/1 ok'))).toBe(true);
    const peer = find(m, s, 'peer mh1->mh2 [mh1#1]');
    expect(m.actionToJson(peer)).toEqual({ type: 'peer', from: 'mh1', to: 'mh2', updates: ['mh1#1'] });
  });

  it('MS ordering, joins and interest changes', () => {
    const t = modelOf('tiny');
    const up = ['mh1 writes x=1 (mh1#1)', 'send RU mh1/1 mh1->c1 [mh1#1]', 'migrate mh1/1 ok', 'execute mh1/1', 'c1 orders [mh1#1]',
      'send RU c1/1 c1->z1 [mh1#1]', 'migrate c1/1 ok', 'execute c1/1', 'z1 orders [mh1#1]', 'send RU z1/1 z1->ms [mh1#1]',
      'migrate z1/1 ok', 'execute z1/1'];
    const order = find(t, run(t, init(t), ...up), 'ms assigns gid 1 [mh1#1]');
    expect(t.actionToJson(order)).toEqual({ type: 'order', server: 'ms', updates: ['mh1#1'] });
    const j = modelOf('join');
    expect(j.actionToJson(find(j, init(j), 'mh2 joins {o, r}'))).toEqual({ type: 'join', host: 'mh2', objects: ['o', 'r'] });
    const i = modelOf('interests');
    expect(i.actionToJson(find(i, init(i), 'mh2 adds o'))).toEqual({ type: 'changeInterests', host: 'mh2', add: 'o' });
    expect(i.actionKind!(find(i, init(i), 'mh2 removes p'))).toBe('changeInterests');
  });
});
