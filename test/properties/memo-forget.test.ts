/**
 * (prop26) NodeMemo.forget: after a pass completes, a node the check skipped (initial-replication
 * skips a host whose IR instance is still on its way) must not be vouched for by the fast path of
 * the next, incremental pass, although its node object is unchanged. initial-replication then
 * visits such a host itself (its `owed` list); without `forget` the memo would answer "passed"
 * for a host nobody checked. A control shows the fast path does vouch for an untouched node that
 * was not forgotten, so the test can fail both ways.
 */
import { describe, expect, it } from 'vitest';
import { everyFeatureConfig, lcg } from '../fixtures/walk-config.ts';
import { createReplicationModel, resolveConfig } from '../../model/index.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { NodeMemo } from '../../properties/node-memo.ts';
import { deltaOf } from '../../properties/delta.ts';
import type { ReplicationState } from '../../traces/replication.ts';

/** A step of the model from its initial state, and a node index the step did not replace. */
function stepAndUntouched(): { s: ReplicationState; t: ReplicationState; r: number } {
  const model = createReplicationModel(resolveConfig(everyFeatureConfig({}), 'memo-forget'), builtinMechanism('hierarchical'));
  const s = model.init()[0]!;
  const a = model.sample(s, lcg(3), false)!;
  const t = model.next(s, a)!;
  const touched = deltaOf(t)!.touched;
  const r = t.nodes.findIndex((_, i) => !touched.includes(i));
  expect(touched.length).toBeGreaterThan(0);
  expect(r).toBeGreaterThanOrEqual(0);
  expect(t.nodes[r]).toBe(s.nodes[r]);
  return { s, t, r };
}

/** A completed full pass over `s` (every node passes), then the incremental pass's answer for node `r` of `t`. */
function fastPathVouches(s: ReplicationState, t: ReplicationState, r: number, forget: boolean): boolean {
  const memo = new NodeMemo();
  for (const i of memo.begin(s.nodes, undefined, s)) {
    expect(memo.skip(i)).toBe(false); // a first pass checks everything
  }
  memo.done();
  if (forget) memo.forget(r);
  const visit = memo.begin(t.nodes, undefined, t);
  expect(memo.incremental).toBe(true);
  expect(visit).not.toContain(r);
  return memo.skip(r);
}

describe('NodeMemo.forget', () => {
  it('an untouched node is vouched for by the fast path, unless the pass forgot it', () => {
    const { s, t, r } = stepAndUntouched();
    expect(fastPathVouches(s, t, r, false)).toBe(true);
    expect(fastPathVouches(s, t, r, true)).toBe(false);
  });
});
