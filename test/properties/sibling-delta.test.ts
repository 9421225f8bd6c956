/**
 * (Issue 17, med24) The exhaustive search computes every successor of a state before it shows any
 * of them to the properties (src/engine/successor-batch.ts). properties/delta.ts must then still
 * know each successor's own step (its siblings, made from the same source), so that incremental
 * checks (node sets, node memos, step deltas) are not reduced to the last successor of each
 * batch; and an in-place step, which writes its source's nodes array, must forget them.
 */
import { describe, expect, it } from 'vitest';
import { changedNodes, clearDelta, deltaOf } from '../../properties/delta.ts';
import { NodeSet } from '../../properties/node-set.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { breadthFirst, fullMask, threeHostModel } from '../fixtures/replication-bfs.ts';

const model = threeHostModel('sibling-delta');

/**
 * Breadth-first as the engine runs it: all successors of a state first (`batch(s, ts)`), then
 * the new ones shown (`visit(c)`) in action order; each source asked again (`expand(s)`) first.
 */
const bfs = (limit: number, visit: (c: ReplicationState) => void, expand: (s: ReplicationState) => void,
  batch: (s: ReplicationState, ts: ReplicationState[]) => void = () => undefined) => breadthFirst(model, limit, visit, expand, batch);

/** Node `r` has merged some update. */
const merged = (s: ReplicationState, r: number) => s.nodes[r].order.some((o) => o.length > 0);

describe('deltas of a batch of successors', () => {
  it('every successor keeps its own step after its siblings were made', () => {
    clearDelta();
    let checked = 0;
    const wrong: string[] = [];
    bfs(800, () => undefined, () => undefined, (s, ts) => {
      for (const t of ts) {
        const d = deltaOf(t);
        if (d === undefined || d.base !== s) { wrong.push('no delta'); continue; }
        const differ = s.nodes.flatMap((n, r) => (n !== t.nodes[r] ? [r] : []));
        const touched = [...d.touched].sort((x, y) => x - y);
        if (differ.some((r) => !touched.includes(r))) wrong.push(`untold change ${differ} / ${touched}`);
        d.touched.forEach((r, k) => { if (d.was[k] !== s.nodes[r]) wrong.push(`was ${r}`); });
        if (JSON.stringify(changedNodes(s, t)) !== JSON.stringify(touched)) wrong.push(`changedNodes ${changedNodes(s, t)} / ${touched}`);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(300);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('an in-place step forgets the siblings made before it', () => {
    clearDelta();
    const s0 = model.init()[0];
    // A walk's own nodes array: the first `step` copies, later ones may write in place.
    const w = model.step!(s0, model.actions(s0)[0])!;
    const acts = model.actions(w);
    const u = model.next(w, acts[0])!;
    expect(deltaOf(u)?.base).toBe(w);
    let k = 1;
    let moved: ReplicationState | undefined;
    for (; k < acts.length; k++) {
      const nodes = w.nodes;
      moved = model.step!(w, acts[k]);
      if (moved !== undefined && moved.nodes === nodes && deltaOf(moved)!.touched.length > 0) break;
    }
    expect(k).toBeLessThan(acts.length);
    expect(deltaOf(moved!)?.base).toBe(w);
    expect(deltaOf(u)).toBeUndefined();
  });

  it('a node set takes the incremental path on every successor of a batch and answers as a full evaluation', () => {
    clearDelta();
    const set = new NodeSet(merged, () => true, ['order']);
    let wrong = 0;
    const states = bfs(1500, (c) => { if (set.mask(c) !== fullMask(c, merged)) wrong++; }, (s) => { if (set.mask(s) !== fullMask(s, merged)) wrong++; });
    expect(states).toBeGreaterThan(1000);
    expect(wrong).toBe(0);
    // One slot knew only the last successor of each batch: about a third of the states were carried.
    expect(set.carried).toBeGreaterThan(0.6 * states);
  });
});
