// Reverse reachability on hand-built edge lists: which states can reach a goal, and the first that cannot.
import { describe, expect, it } from 'vitest';
import { Bitset, EdgeList } from '../../src/engine/graph.ts';
import { firstStuckState, reverseGraph } from '../../src/engine/liveness.ts';

function graph(adjacency: number[][]): EdgeList {
  const e = new EdgeList();
  for (const children of adjacency) {
    for (const c of children) e.add(c);
    e.close();
  }
  return e;
}

function goals(ids: number[]): Bitset {
  const b = new Bitset();
  for (const id of ids) b.set(id);
  return b;
}

describe('Bitset', () => {
  it('grows and remembers exactly the ids set', () => {
    const b = goals([0, 31, 32, 5000]);
    expect([0, 1, 31, 32, 33, 4999, 5000, 100000].map((i) => b.has(i))).toEqual([true, false, true, true, false, false, true, false]);
  });
});

describe('EdgeList and reverse reachability', () => {
  it('stores CSR rows in id order and reverses them', () => {
    const e = graph([[1, 2], [], [0, 1]]);
    expect([e.start(0), e.end(0), e.start(1), e.end(1), e.start(2), e.end(2)]).toEqual([0, 2, 2, 2, 2, 4]);
    const r = reverseGraph(3, e);
    const preds = (id: number) => Array.from(r.sources.subarray(r.starts[id], r.starts[id + 1])).sort();
    expect([preds(0), preds(1), preds(2)]).toEqual([[2], [0, 2], [0]]);
  });

  it('finds the lowest-id state that cannot reach a goal', () => {
    // 0 -> 1 -> 2 (goal); 0 -> 3 -> 4 -> 4 (trap); 1 -> 5 (dead end)
    const e = graph([[1, 3], [2, 5], [], [4], [4], []]);
    expect(firstStuckState(6, reverseGraph(6, e), goals([2]))).toBe(3);
    expect(firstStuckState(6, reverseGraph(6, e), goals([2, 4]))).toBe(5);
    expect(firstStuckState(6, reverseGraph(6, e), goals([2, 4, 5]))).toBe(-1);
    expect(firstStuckState(6, reverseGraph(6, e), goals([]))).toBe(0);
  });

  it('follows long chains and cycles', () => {
    const n = 10_000;
    const adjacency = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    expect(firstStuckState(n, reverseGraph(n, graph(adjacency)), goals([n - 1]))).toBe(-1);
    adjacency[n - 1] = [];
    expect(firstStuckState(n, reverseGraph(n, graph(adjacency)), goals([0]))).toBe(1);
  });
});
