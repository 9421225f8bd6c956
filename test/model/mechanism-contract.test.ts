// (Stop 29) What a mechanism plugin's breach says (model/mechanism-contract.ts): a Promise, a Set
// or a typed array is reported as the wrong type it is (not as nondeterminism, and not as `{}`),
// and a list the plugin empties after answering does not make its answer look foreign.
import { describe, expect, it } from 'vitest';
import { checkedMechanism } from '../../model/mechanism-contract.ts';
import type { MechanismContext, OrderingMechanism } from '../../model/mechanism.ts';
import type { ReplicationState } from '../../traces/replication.ts';

const ctx = {} as MechanismContext;
const state = { updates: [] } as unknown as ReplicationState;

/** A plugin (checked as one loaded from `bad.mjs`) with `over` replacing its methods. */
function plugin(over: Record<string, unknown>): OrderingMechanism {
  const m = {
    name: 'bad', description: 'test', totalOrder: true,
    stamp: () => [], release: (_c: unknown, _s: unknown, _n: unknown, l: number[]) => l.slice(), commit: (_c: unknown, _s: unknown, l: number[]) => l.slice(),
    arrange: (_c: unknown, _u: unknown, _n: unknown, o: number[]) => o.slice(), peer: () => [], ...over,
  };
  return checkedMechanism(m as unknown as OrderingMechanism, 'mechanism plugin ./bad.mjs', './bad.mjs');
}

describe('mechanism plugin breaches name the wrong type, once', () => {
  it('an async method: returned a Promise, must be synchronous (said once, not called nondeterminism)', () => {
    const c = plugin({ stamp: async () => [1] });
    expect(() => c.stamp(ctx, state, 0, 0)).toThrow(/^mechanism plugin \.\/bad\.mjs broke its contract: stamp returned a Promise \(methods must be synchronous\), not an array of numbers$/);
    const r = plugin({ release: async () => [] });
    expect(() => r.release(ctx, state, 0, [0])).toThrow(/release returned a Promise \(methods must be synchronous\), not an array of ids$/);
    const may = plugin({ mayUpdate: async () => true });
    expect(() => may.mayUpdate!(ctx, state, 0, 0)).toThrow(/mayUpdate returned a Promise \(methods must be synchronous\), not a boolean$/);
  });

  // (Sweep 31c) Its rejection became a second line ("an uncaught error outside a method call"), or the only one under simulate.
  it('an async method that rejects: the rejection is handled, so the breach is the one thing said', async () => {
    const rejections: unknown[] = [];
    const note = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', note);
    try {
      const c = plugin({ commit: async () => { throw new Error('async failure in commit'); } });
      expect(() => c.commit(ctx, state, [0])).toThrow(/commit returned a Promise \(methods must be synchronous\)/);
      // Long enough for an unhandled rejection to be reported.
      await new Promise((r) => setTimeout(r, 50));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  // (Sweep 31d) Even `instanceof` runs a Proxy's getPrototypeOf trap: it was "internal error: proto (this is a bug)".
  it('a thrown Proxy whose traps throw: the plugin threw a value that cannot be inspected, not replcheck\'s bug', () => {
    const trap = () => { throw new Error('proto'); };
    const c = plugin({ release: () => { throw new Proxy({}, { getPrototypeOf: trap, get: trap }); } });
    expect(() => c.release(ctx, state, 0, [0])).toThrow(/^mechanism plugin \.\/bad\.mjs threw in release: a value that cannot be inspected/);
  });

  it('a Set or a typed array: named by kind and size, "not an array of ids"', () => {
    const a = plugin({ arrange: (_c: unknown, _u: unknown, _n: unknown, o: number[]) => new Set(o) });
    expect(() => a.arrange(ctx, [], 0, [0, 1], 0)).toThrow(/arrange returned Set\(2\) \{0, 1\}, not an array of ids \(it must be a permutation of the order \[0,1\]\)$/);
    const c = plugin({ commit: (_c: unknown, _s: unknown, l: number[]) => Int32Array.from(l) });
    expect(() => c.commit(ctx, state, [0, 1, 2])).toThrow(/commit returned Int32Array\(3\) \[0, 1, 2\], not an array of ids$/);
  });

  it('a plugin that empties the list it was given after answering: its answer is checked against the list as given', () => {
    let calls = 0;
    const c = plugin({ commit: (_c: unknown, _s: unknown, l: number[]) => { const r = [l[0]]; if (++calls > 5000) l.length = 0; return r; } });
    // Past the calls whose inputs are compared (the first 2,048, then one in 256) and repeated (one in 16).
    let n = 0;
    while (calls <= 5000) { c.commit(ctx, state, [0]); n++; }
    let last: unknown;
    for (let i = 0; i < 16 && last === undefined; i++) {
      try {
        c.commit(ctx, state, [0]);
      } catch (e) {
        last = e;
      }
    }
    expect(n).toBeGreaterThan(2048);
    expect(String(last ?? '')).not.toMatch(/is not among the collected ids \[\]/);
  });
});

describe('shown() names what JSON hides', () => {
  it('Set, Map, typed arrays, class instances and Promises by kind and size; plain data as JSON', async () => {
    const { shown } = await import('../../src/engine/contract.ts');
    class Counter { c = 1; }
    expect(shown(new Set([1, 2]))).toBe('Set(2) {1, 2}');
    expect(shown(new Map([['a', 1]]))).toBe('Map(1) {"a" => 1}');
    expect(shown(new Int32Array([1, 2, 3]))).toBe('Int32Array(3) [1, 2, 3]');
    expect(shown(new Counter())).toBe('Counter {"c":1}');
    expect(shown(Promise.resolve(1))).toBe('a Promise (methods must be synchronous)');
    expect(shown(new Set(Array.from({ length: 20 }, (_, i) => i)))).toBe('Set(20) {0, 1, 2, 3, 4, 5, 6, 7, ...}');
    expect(shown({ a: 1 })).toBe('{"a":1}');
    expect(shown([1, NaN])).toBe('[1,NaN]');
  });
});
