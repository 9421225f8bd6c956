/**
 * `copyNode` (model/state.ts, issue 17) replaces `{ ...node }` in the model's copy-on-write
 * draft: it must give the same keys in the same order (states are written as JSON), with the
 * fault model's optional fields, and never carry a hidden field (encoding cache, property memo).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import replication from '../../model/index.ts';
import { copyInstance, copyNode, copyUpdate } from '../../model/state.ts';
import type { Model } from '../../src/engine/model.ts';
import type { ReplicationState } from '../../traces/replication.ts';

async function modelFor(config: string): Promise<Model<ReplicationState, unknown>> {
  const t = await replication.create({ params: {}, config, cwd: process.cwd() });
  return t.model as Model<ReplicationState, unknown>;
}

describe('copyNode', () => {
  it.each(['small', 'crash-cell', 'crash-permanent', 'new-server', 'seed-join', 'handoff'])('copies every node of random walks of %s like a spread, key order included', async (config) => {
    const model = await modelFor(config);
    const buf = { word: () => {} };
    let faultFields = 0;
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 80 }), (choices) => {
      let s = model.init()[0]!;
      for (const c of choices) {
        const acts = model.actions(s);
        if (acts.length === 0) break;
        s = model.next(s, acts[c % acts.length])!;
        model.encode(s, buf); // gives nodes their hidden encoding field
        for (const n of s.nodes) {
          const copy = copyNode(n);
          expect(copy).not.toBe(n);
          expect(Object.keys(copy)).toEqual(Object.keys(n));
          expect(JSON.stringify(copy)).toBe(JSON.stringify(n));
          expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
          if (n.down || n.checkpoint || n.rebind || n.cut) faultFields++;
        }
      }
    }), { seed: 7, numRuns: 30 });
    if (config.startsWith('crash-')) expect(faultFields).toBeGreaterThan(0);
  });
});

describe('copyInstance and copyUpdate (issue 17: one hidden class per record kind)', () => {
  it.each(['small', 'crash-cell', 'new-server', 'seed-join', 'handoff', 'peer-relay'])('copy every instance and update of random walks of %s like a spread, key order included', async (config) => {
    const model = await modelFor(config);
    let instances = 0;
    let updates = 0;
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 80 }), (choices) => {
      let s = model.init()[0]!;
      for (const c of choices) {
        const acts = model.actions(s);
        if (acts.length === 0) break;
        s = model.next(s, acts[c % acts.length])!;
        for (const x of s.instances) {
          const copy = copyInstance(x);
          expect(copy).not.toBe(x);
          expect(Object.keys(copy)).toEqual(Object.keys(x));
          expect(JSON.stringify(copy)).toBe(JSON.stringify({ ...x }));
          instances++;
        }
        for (const u of s.updates) {
          const copy = copyUpdate(u);
          expect(copy).not.toBe(u);
          expect(Object.keys(copy)).toEqual(Object.keys(u));
          expect(JSON.stringify(copy)).toBe(JSON.stringify({ ...u }));
          updates++;
        }
      }
    }), { seed: 11, numRuns: 20 });
    expect(instances).toBeGreaterThan(0);
    expect(updates).toBeGreaterThan(0);
  });
});
