// Sequencer broadcast: state counts against an independent naive enumeration, properties, broken variants.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { ExhaustiveStats } from '../../src/engine/result.ts';
import { UsageError } from '../../src/engine/errors.ts';
import { isModelModule } from '../../src/engine/plugin.ts';
import sequencerBroadcast, { createBroadcast, type BroadcastAction, type BroadcastState } from '../../examples/sequencer-broadcast.ts';
import type { Model } from '../../src/engine/model.ts';
import type { PathStep } from '../../src/engine/result.ts';
import { naiveBroadcast } from './sequencer-brute.ts';

type Variant = 'correct' | 'direct' | 'unordered';
const target = (P: number, K: number, variant: Variant = 'correct') =>
  createBroadcast({ params: { processes: String(P), updates: String(K), variant } });

function expectRun(model: Model<BroadcastState, BroadcastAction>, path: PathStep<BroadcastState, BroadcastAction>[]): void {
  expect(path[0].state).toEqual(model.init()[0]);
  for (let k = 1; k < path.length; k++) {
    expect(model.actions(path[k - 1].state)).toContainEqual(path[k].action);
    expect(model.next(path[k - 1].state, path[k].action as BroadcastAction)).toEqual(path[k].state);
  }
}

/** The naive logs that break total order (some two processes' logs are not prefix-compatible). */
function breaksTotalOrder(logs: string[][]): boolean {
  return logs.some((a, q) => logs.some((b, r) => r > q && a.slice(0, b.length).some((u, i) => i < b.length && u !== b[i])));
}

/** The naive logs where some sender's updates are out of index order. */
function breaksFifo(logs: string[][]): boolean {
  return logs.some((log) => {
    const next = new Map<string, number>();
    return log.some((u) => {
      const [p, i] = u.split('.');
      const want = (next.get(p) ?? 0) + 1;
      next.set(p, want);
      return Number(i) !== want;
    });
  });
}

describe('sequencer-broadcast state space', () => {
  // Pinned, and recomputed by the naive enumeration in every case.
  const pinned: [number, number, Variant, number][] = [
    [1, 1, 'correct', 4], [2, 1, 'correct', 38], [2, 2, 'correct', 525], [3, 1, 'correct', 812], [2, 3, 'correct', 4742],
    [2, 2, 'direct', 134], [3, 1, 'direct', 1008], [2, 2, 'unordered', 1527], [1, 4, 'unordered', 325],
  ];
  for (const [P, K, variant, states] of pinned) {
    it(`P=${P} K=${K} ${variant}: ${states} states, as the naive enumeration`, async () => {
      const naive = naiveBroadcast(P, K, variant).length;
      expect(naive).toBe(states);
      const r = await exhaustive(target(P, K, variant).model, []);
      expect((r.stats as ExhaustiveStats).distinctStates).toBe(naive);
    });
  }
});

describe('sequencer-broadcast properties', () => {
  it('the sequencer gives total order and FIFO, and everyone can always deliver everything', async () => {
    const { model, properties } = target(2, 2);
    const r = await exhaustive(model, properties);
    expect(r.outcome).toBe('pass');
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['total-order', 'holds'], ['fifo', 'holds'], ['all-delivered', 'holds'], ['someone-delivered-all', 'holds'],
    ]);
    expect(r.properties[3].path).toHaveLength(13); // 4 broadcasts, 4 orders, 4 deliveries to one process
    expectRun(model, r.properties[3].path ?? []);
  });

  it('without a sequencer, total order fails along a shortest run', async () => {
    const { model, properties } = target(2, 2, 'direct');
    const r = await exhaustive(model, properties);
    const v = r.properties[0];
    expect(v.status).toBe('violated');
    expect(r.properties[1].status).toBe('holds');
    const naive = naiveBroadcast(2, 2, 'direct').filter((s) => breaksTotalOrder(s.logs));
    expect((v.path?.length ?? 0) - 1).toBe(Math.min(...naive.map((s) => s.depth)));
    expect(v.explanation?.updates).toHaveLength(2);
    expectRun(model, v.path ?? []);
  });

  it('a sequencer that ignores channel order breaks FIFO along a shortest run', async () => {
    const { model, properties } = target(2, 2, 'unordered');
    const r = await exhaustive(model, properties);
    expect(r.properties[0].status).toBe('holds');
    const v = r.properties[1];
    expect(v.status).toBe('violated');
    const naive = naiveBroadcast(2, 2, 'unordered').filter((s) => breaksFifo(s.logs));
    expect((v.path?.length ?? 0) - 1).toBe(Math.min(...naive.map((s) => s.depth)));
    expect(v.explanation?.facts[0]).toMatch(/p1 delivered p1\.2 while p1\.1/);
    expectRun(model, v.path ?? []);
  });
});

describe('sequencer-broadcast module', () => {
  it('is a model module and rejects bad params', () => {
    expect(isModelModule(sequencerBroadcast)).toBe(true);
    expect(() => target(0, 1)).toThrow(new UsageError("--param processes must be an integer from 1 to 8 (got '0')"));
    expect(() => createBroadcast({ params: { updates: 'many' } })).toThrow(new UsageError("--param updates must be an integer from 1 to 8 (got 'many')"));
    expect(() => createBroadcast({ params: { variant: 'gossip' } })).toThrow(UsageError);
  });

  it('renders channels and logs for trace files', () => {
    const { model } = target(2, 1);
    let s = model.init()[0];
    for (const pick of ['broadcast', 'order']) s = model.next(s, model.actions(s).find((a) => a.kind === pick) as BroadcastAction) as BroadcastState;
    expect(model.stateToJson?.(s)).toEqual({
      sent: [1, 0],
      channels: { 'p1->sequencer': [], 'p2->sequencer': [], 'sequencer->p1': ['p1.1 #0'], 'sequencer->p2': ['p1.1 #0'] },
      logs: { p1: [], p2: [] },
    });
  });
});
