/**
 * (Stop 33) A server's metadata rows and acknowledged cursors are looked up by binary search
 * (metadata.ts `recordAt`, used by `rowOf`, `rowField` and `ackedOf`): on lists in host order, as the model keeps them, `rowOf`,
 * `rowField` and `ackedOf` give what a scan of every entry gives, for hosts with an entry and
 * hosts without one (the configuration's row; cursor 0).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ackedOf, rowField, rowOf } from '../../model/actions/metadata.ts';
import { modelOf } from './helpers.ts';

describe('metadata rows by binary search', () => {
  it('rowOf and rowField equal a scan of every row', () => {
    const topo = modelOf('large').topology;
    const hosts = topo.nodeCount - topo.firstHost;
    const row = fc.tuple(fc.integer({ min: 0, max: hosts - 1 }), fc.nat(50), fc.nat(255), fc.nat(20));
    fc.assert(fc.property(fc.uniqueArray(row, { selector: (r) => r[0], maxLength: 60 }), fc.integer({ min: 0, max: hosts - 1 }), (list, k) => {
      const rows = list.sort((a, b) => a[0] - b[0]).flat();
      const m = { rows, acked: [] };
      let want: [number, number, number] | undefined;
      for (let j = 0; j < rows.length; j += 4) if (rows[j] === k) want = [rows[j + 1]!, rows[j + 2]!, rows[j + 3]!];
      const i = topo.firstHost + k;
      want ??= topo.joiner[i] ? [-1, 0, 0] : [topo.initialParent[i]!, topo.initialObjects[i]!, 0];
      expect(rowOf(topo, m, k)).toEqual(want);
      for (const f of [0, 1, 2] as const) expect(rowField(topo, m, k, f)).toBe(want[f]);
    }), { seed: 33, numRuns: 300 });
  });

  it('ackedOf equals a scan of every pair', () => {
    const pair = fc.tuple(fc.nat(200), fc.nat(1000));
    fc.assert(fc.property(fc.uniqueArray(pair, { selector: (p) => p[0], maxLength: 80 }), fc.nat(200), (list, c) => {
      const acked = list.sort((a, b) => a[0] - b[0]).flat();
      let want = 0;
      for (let k = 0; k < acked.length; k += 2) if (acked[k] === c) want = acked[k + 1]!;
      expect(ackedOf({ rows: [], acked }, c)).toBe(want);
    }), { seed: 33, numRuns: 300 });
  });
});
