// (Stop 38) The executed-instance index (properties/executed-index.ts) counts only the new names of
// a list that grew, and re-counts a list replaced otherwise: after any sequence of list changes it
// must name a shared instance exactly when some name is in the lists of two nodes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExecutedIndex } from '../../properties/executed-index.ts';
import type { ReplicationState } from '../../traces/replication.ts';

/** A state of `lists.length` nodes holding only their executed lists (all the index reads). */
const state = (lists: string[][]): ReplicationState => ({ nodes: lists.map((executed) => ({ executed })) }) as unknown as ReplicationState;

/** The names executed at two or more nodes, counted from scratch. */
function shared(lists: string[][]): Set<string> {
  const count = new Map<string, number>();
  for (const list of lists) for (const name of new Set(list)) count.set(name, (count.get(name) ?? 0) + 1);
  return new Set([...count].filter(([, c]) => c >= 2).map(([name]) => name));
}

/** One change: node `node` appends `names`, or is given `names` as a new list. */
const change = fc.record({
  node: fc.nat(3),
  append: fc.boolean(),
  names: fc.array(fc.constantFrom('a/1', 'a/2', 'b/1', 'b/2', 'c/1', 'd/1', 'd/2', 'e/1', 'e/2', 'f/1'), { maxLength: 12 }),
});

describe('executed index', () => {
  it('names a shared instance exactly when two nodes executed one, whatever the lists did', () => {
    fc.assert(fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
      const index = new ExecutedIndex();
      let lists: string[][] = [[], [], [], []];
      expect(index.update(state(lists))).toBeUndefined();
      for (const c of changes) {
        lists = lists.slice();
        lists[c.node] = c.append ? [...lists[c.node]!, ...c.names] : c.names;
        const want = shared(lists);
        const got = index.update(state(lists));
        if (want.size === 0) expect(got).toBeUndefined();
        else expect(want.has(got!)).toBe(true);
      }
    }));
  });

  it('counts a grown list once: a name it already held, or repeats, adds no second node', () => {
    const index = new ExecutedIndex();
    const long = ['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'a/6', 'a/7', 'a/8', 'a/9'];
    expect(index.update(state([long, ['b/1']]))).toBeUndefined();
    expect(index.update(state([[...long, 'a/1', 'c/1', 'c/1'], ['b/1']]))).toBeUndefined();
    expect(index.update(state([[...long, 'a/1', 'c/1', 'c/1'], ['b/1', 'c/1']]))).toBe('c/1');
    expect(index.update(state([['c/1'], ['b/1']]))).toBeUndefined();
  });
});
