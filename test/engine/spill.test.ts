// (Issue 17) Spilling to disk under a memory budget: with tiny in-memory allowances that force
// the visited set to be merged into sorted runs on disk many times and the frontier to be
// written in chunks, a run reaches the same state count, verdicts and counterexamples as a run
// in memory, and leaves no file behind. Also: the encoded frontier (Model.codec) and checkpoints.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { Model } from '../../src/engine/model.ts';
import type { Property } from '../../src/engine/property.ts';
import type { ExhaustiveStats, RunResult } from '../../src/engine/result.ts';
import { createTwoPhase } from '../../examples/two-phase.ts';
import { createBroadcast } from '../../examples/sequencer-broadcast.ts';
import { broadcastCodec } from '../../examples/sequencer-codec.ts';
import { WordBuffer } from '../../src/engine/fingerprint.ts';
import { deserialize, serialize } from 'node:v8';
import type { Checkpoint } from '../../src/engine/checkpoint.ts';
import { gridModel } from './toy-models.ts';

const root = mkdtempSync(join(tmpdir(), 'replcheck-spill-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Tiny allowances: a 128-slot memory set (flushed every 96 new states) and 256-byte frontier chunks, one per level in memory. */
const TINY = { tableBytes: 1024, frontierBytes: 512, chunkBytes: 256 };

/** What must not change with spilling: counts, verdicts, counterexamples (actions and states). */
function essence(r: RunResult<unknown, unknown>) {
  const s = r.stats as ExhaustiveStats;
  return {
    outcome: r.outcome, states: s.distinctStates, transitions: s.transitions, depth: s.maxDepth,
    properties: r.properties.map((p) => ({ name: p.name, status: p.status, path: p.path?.map((x) => [x.action, x.state]) })),
  };
}

async function both<S, A>(model: Model<S, A>, properties: Property<S, A>[], sizes = TINY) {
  const plain = await exhaustive(model, properties);
  const dir = mkdtempSync(join(root, 'run-'));
  const spilled = await exhaustive(model, properties, { spill: { dir, ...sizes } });
  const left = readdirSync(dir);
  return { plain, spilled, left };
}

describe('spilling to disk', () => {
  it('two-phase (encoded frontier): same states, verdicts and counterexample; files removed', async () => {
    const t = createTwoPhase({ params: { rms: '6', variant: 'eager-commit' } });
    const safety = t.properties.filter((p) => p.kind !== 'alwaysReachable');
    const { plain, spilled, left } = await both(t.model, safety);
    expect(plain.outcome).toBe('violation');
    expect(plain.properties[0].path!.length).toBeGreaterThan(2);
    expect(essence(spilled)).toEqual(essence(plain));
    const sp = (spilled.stats as ExhaustiveStats).spill!;
    expect(sp.flushes).toBeGreaterThan(10);
    expect(sp.diskFingerprints).toBeGreaterThan(1000);
    expect(sp.frontierChunksSpilled).toBeGreaterThan(10);
    expect((plain.stats as ExhaustiveStats).spill).toBeUndefined();
    expect(left).toEqual([]);
  });

  it('two-phase, exhausted: every state found, the same count as in memory', async () => {
    const t = createTwoPhase({ params: { rms: '7' } });
    // 64 KB: 8192 slots, about 50 merges; 4 KB frontier chunks.
    const sizes = { tableBytes: 1 << 16, frontierBytes: 1 << 13, chunkBytes: 1 << 12 };
    const { plain, spilled, left } = await both(t.model, t.properties.filter((p) => p.name === 'consistent'), sizes);
    expect((plain.stats as ExhaustiveStats).distinctStates).toBe(296_448);
    expect(essence(spilled)).toEqual(essence(plain));
    expect(left).toEqual([]);
  });

  it('sequencer broadcast (a codec with its own encoding) and its broken variant', async () => {
    const outcomes: string[] = [];
    for (const variant of ['correct', 'unordered', 'direct']) {
      const t = createBroadcast({ params: { processes: '2', updates: '2', variant } });
      // The example's codec decodes Model.encode's words; give it its own `encode` (the same
      // packing) so that this path of the frontier is exercised too.
      const codec = { encode: t.model.encode, decode: t.model.codec!.decode };
      const { plain, spilled, left } = await both({ ...t.model, codec }, t.properties.filter((p) => p.kind === 'always'));
      expect((spilled.stats as ExhaustiveStats).spill!.flushes).toBeGreaterThan(0);
      expect(essence(spilled)).toEqual(essence(plain));
      expect(left).toEqual([]);
      outcomes.push(spilled.outcome);
    }
    expect(outcomes).toEqual(['pass', 'violation', 'violation']);
  });

  it('a model without a codec spills its object frontier (v8.serialize)', async () => {
    const m = gridModel(60, 60);
    const { plain, spilled, left } = await both(m, []);
    expect((spilled.stats as ExhaustiveStats).distinctStates).toBe(3600);
    expect((spilled.stats as ExhaustiveStats).spill!.frontierChunksSpilled).toBeGreaterThan(0);
    expect(essence(spilled)).toEqual(essence(plain));
    expect(left).toEqual([]);
  });

  it('a state limit stops a spilling run at the same count', async () => {
    const t = createTwoPhase({ params: { rms: '6' } });
    const p = t.properties.filter((x) => x.name === 'consistent');
    const a = await exhaustive(t.model, p, { maxStates: 1000 });
    const b = await exhaustive(t.model, p, { maxStates: 1000, spill: { dir: root, ...TINY } });
    expect(b.outcome).toBe('incomplete');
    expect(essence(b)).toEqual(essence(a));
  });

  it('properties that need the state graph do not spill (ids of every state are kept)', async () => {
    const t = createTwoPhase({ params: { rms: '4' } });
    const r = await exhaustive(t.model, t.properties, { spill: { dir: root, ...TINY } });
    expect(r.outcome).toBe('pass');
    expect((r.stats as ExhaustiveStats).spill).toBeUndefined();
  });
});

describe('encoded frontier', () => {
  it('a depth limit cuts a spilling run where it cuts one in memory', async () => {
    const t = createTwoPhase({ params: { rms: '5' } });
    const p = t.properties.filter((x) => x.name === 'consistent');
    for (const maxDepth of [3, 40]) {
      const a = await exhaustive(t.model, p, { maxDepth });
      const b = await exhaustive(t.model, p, { maxDepth, spill: { dir: root, ...TINY } });
      expect(essence(b)).toEqual(essence(a));
      expect((b.stats as ExhaustiveStats).limit).toBe((a.stats as ExhaustiveStats).limit);
    }
  });

  it('checkpoints of an encoded frontier resume to the same result (decoded into the checkpoint, encoded again)', async () => {
    const t = createTwoPhase({ params: { rms: '7', variant: 'eager-commit' } });
    const p = t.properties.filter((x) => x.name !== 'alwaysReachable' && x.kind !== 'alwaysReachable');
    const whole = await exhaustive(t.model, p);
    const saved: Checkpoint[] = [];
    const hooks = { everySeconds: 0.1, selection: 'x', save: (c: Checkpoint) => saved.push(deserialize(serialize(c)) as Checkpoint) };
    await exhaustive(t.model, p, { checkpoint: hooks });
    const mid = saved.filter((c) => c.search.pos > 0 && c.search.nextCount > 0);
    expect(mid.length).toBeGreaterThan(0);
    const c = mid[Math.floor(mid.length / 2)];
    const resumed = await exhaustive(t.model, p, { checkpoint: { everySeconds: 1e6, selection: 'x', save: () => {}, resume: c } });
    expect(essence(resumed)).toEqual(essence(whole));
  });
});

describe('sequencer codec', () => {
  it('decodes what Model.encode writes, for every variant', async () => {
    for (const variant of ['correct', 'direct']) {
      const t = createBroadcast({ params: { processes: '3', updates: '2', variant } });
      const codec = broadcastCodec(3, variant === 'direct');
      const m = t.model;
      let s = m.init()[0];
      const buf = new WordBuffer();
      for (let k = 0; k < 12; k++) {
        buf.length = 0;
        m.encode(s, buf);
        expect(codec.decode(buf.words, 0, buf.length)).toEqual(s);
        const acts = m.actions(s);
        if (acts.length === 0) break;
        s = m.next(s, acts[k % acts.length])!;
      }
    }
  });
});
