// (Stop 37) The per-origin lists (properties/by-origin.ts) are memoised per `updates` array, and an
// array of the same origins and seqs as the last one asked about (one that only gave Global IDs)
// shares the last one's map and lists instead of holding copies.
import { describe, expect, it } from 'vitest';
import { originLists, updatesByOrigin } from '../../properties/by-origin.ts';
import type { UpdateView } from '../../traces/replication.ts';

const u = (origin: number, seq: number, gid = 0): UpdateView => ({ origin, seq, item: 0, value: 1, deps: [], gid, stamp: [] });

describe('updates by origin', () => {
  it("lists each origin's updates by seq", () => {
    expect([...updatesByOrigin([u(3, 2), u(4, 1), u(3, 1)])]).toEqual([[3, [2, 0]], [4, [1]]]);
  });

  it('shares the map and lists of an array that differs only in Global IDs, not of another history', () => {
    const a = [u(3, 1), u(4, 1)];
    const m = updatesByOrigin(a);
    const lists = originLists(a);
    const committed = [u(3, 1, 1), u(4, 1, 2)];
    expect(updatesByOrigin(committed)).toBe(m);
    expect(originLists(committed)).toBe(lists);
    const other = [u(3, 1), u(3, 2)];
    expect(updatesByOrigin(other)).not.toBe(m);
    expect(originLists(other).lists).toEqual([[0, 1]]);
    expect(updatesByOrigin(a)).toBe(m); // still memoised for the first array
  });
});
