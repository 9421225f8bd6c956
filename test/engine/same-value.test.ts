// (Stop 31, sweep 31d) src/engine/same-value.ts: the comparison the `actions` re-listing check
// uses. An action carrying a closure or symbol made anew on each call is the same action (such a
// model was refused); a real difference is named by its path.
import { describe, expect, it } from 'vitest';
import { differenceOf } from '../../src/engine/same-value.ts';

describe('differenceOf', () => {
  it('finds nothing between equal values, functions by source and symbols by description', () => {
    const make = (i: number) => ({ i, run: () => i, tag: Symbol('a'), list: [1, { x: NaN }], map: new Map([[1, 2]]), when: new Date(0), z: -0 });
    expect(differenceOf(make(1), make(1))).toBeUndefined();
    expect(differenceOf([make(1), 'x'], [make(1), 'x'])).toBeUndefined();
  });

  it('names the path of the first difference', () => {
    expect(differenceOf({ i: 1 }, { i: 2 })).toBe('.i');
    expect(differenceOf({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('.a[1].b');
    expect(differenceOf({ a: [1] }, { a: [1, 2] })).toBe('.a.length');
    expect(differenceOf({ a: 1 }, { b: 1 })).toBe(' (its fields)');
    expect(differenceOf({ f: () => 1 }, { f: () => 2 })).toBe('.f');
    expect(differenceOf({ s: Symbol('a') }, { s: Symbol('b') })).toBe('.s');
    expect(differenceOf(new Map([[1, 2]]), new Map([[1, 3]]))).toBe('');
    expect(differenceOf(1, '1')).toBe('');
  });
});
