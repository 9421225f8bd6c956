// (Stop 38) What a chain of model steps changed (properties/delta.ts, deltaFrom): from a state a
// check asked about earlier, the union of the nodes the steps since replaced, as long as that state
// is among the last 64 asked about; the records are a ring searched from the newest.
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDelta, deltaFrom, noteStep } from '../../properties/delta.ts';
import type { NodeView, ReplicationState } from '../../traces/replication.ts';

const fresh = (): ReplicationState => ({ nodes: [] }) as unknown as ReplicationState;
const node = {} as NodeView;

/** `n` steps from `from`, step k replacing node `k % 5`; every state is asked about when `ask`. */
function walk(from: ReplicationState, n: number, ask: boolean): ReplicationState[] {
  const out = [from];
  for (let k = 1; k <= n; k++) {
    const t = fresh();
    noteStep(out[k - 1]!, t, [k % 5], [node]);
    if (ask) deltaFrom(null, t);
    out.push(t);
  }
  return out;
}

describe('chained deltas', () => {
  beforeEach(() => clearDelta());

  it('gives the nodes replaced since a state asked about earlier, once each', () => {
    const s = walk(fresh(), 12, true);
    expect([...deltaFrom(s[3]!, s[12]!)!.touched].sort()).toEqual([0, 1, 2, 3, 4]);
    const t = walk(s[12]!, 2, true);
    expect([...deltaFrom(s[12]!, t[2]!)!.touched]).toEqual([1, 2]);
    expect(deltaFrom(s[3]!, s[12]!)).toBeUndefined(); // s[12] is no longer the newest state
  });

  it('forgets a state once 64 newer ones were asked about, and never answers across chains', () => {
    const s = walk(fresh(), 70, false);
    deltaFrom(null, s[70]!);
    const more = walk(s[70]!, 63, true);
    expect(deltaFrom(s[70]!, more[63]!)).toBeDefined();
    const last = walk(more[63]!, 1, true);
    expect(deltaFrom(s[70]!, last[1]!)).toBeUndefined();
    const other = fresh();
    const u = walk(other, 2, true);
    expect(deltaFrom(more[10]!, u[2]!)).toBeUndefined();
  });
});
