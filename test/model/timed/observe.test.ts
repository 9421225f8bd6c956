// (F7) What a timed run says about updates that never got there: per update written before the
// final horizon, `uncommitted` (no Global ID by the end) and `unseen` (a reading replica holding
// its item never merged it); the updates of the final horizon count in neither; updates with no
// other reading replica do not count for `unseen`.
import { describe, expect, it } from 'vitest';
import type { Network } from '../../../model/timed/network.ts';
import { Observer } from '../../../model/timed/observe.ts';

const net = { classNames: [], totals: [], bins: [] } as unknown as Network;

describe('Observer: uncommitted and unseen', () => {
  it('counts, among updates written before durationMs - horizonMs, those never committed and those never seen everywhere', () => {
    const o = new Observer(1);
    // update: written at, committed, reading replicas expected, seen by
    const ups: [number, boolean, number, number][] = [
      [100, true, 2, 2], // committed, seen everywhere
      [200, false, 2, 2], // never committed, seen everywhere
      [300, true, 2, 1], // committed, one reading replica never merged it
      [400, false, 0, 0], // never committed, no other reading replica: not counted for unseen
      [9_500, false, 2, 0], // in the final horizon: counts in neither
    ];
    ups.forEach(([t, c, e, s], id) => {
      o.writeTime[id] = t; o.expected[id] = e; o.seen[id] = s; o.lastSeen[id] = t + 50;
      if (c) o.committed[id] = 1;
    });
    const out = o.finish(net, 10_000, 1_000, 1_000);
    expect(out.scalars['uncommitted.mean']).toBe(2 / 4);
    expect(out.scalars['unseen.mean']).toBe(1 / 3);
    expect(out.samples.uncommitted).toEqual([0, 1, 0, 1]);
    expect(out.samples.unseen).toEqual([0, 0, 1]);
  });

  it('is NaN (n/a) without an update written before the horizon', () => {
    const out = new Observer(1).finish(net, 10_000, 1_000, 1_000);
    expect(out.scalars['uncommitted.mean']).toBeNaN();
    expect(out.scalars['unseen.mean']).toBeNaN();
  });
});
