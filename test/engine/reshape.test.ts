/**
 * (Issue 17) reshape.ts: a state a search worker received through `v8.serialize` is rebuilt
 * through JSON when that gives the same state (the same fingerprint), kept as deserialized when it
 * does not (a model whose states are not JSON data), and refused when neither matches the
 * fingerprint the sender computed. The speed it buys (the model's own object shapes) is measured
 * in the bench (bench/sections/replication-stop27.md), not here.
 */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { StateHasher } from '../../src/engine/fingerprint.ts';
import type { Model } from '../../src/engine/model.ts';
import { lostInSerialisation, reshaped } from '../../src/engine/reshape.ts';
import { breadthFirst, threeHostModel } from '../fixtures/replication-bfs.ts';
import type { ReplicationState } from '../../traces/replication.ts';

/** The fingerprint of `s` under `hasher`. */
function fingerprint<S>(hasher: StateHasher<S, unknown>, s: S): [number, number] {
  hasher.hashCanonical(s);
  return [hasher.fingerprinter.lo, hasher.fingerprinter.hi];
}

/** States whose value lives in a Map (JSON turns it into `{}`): not JSON data. */
function mapModel(): Model<{ m: Map<string, number> }, 'inc'> {
  return {
    name: 'map',
    init: () => [{ m: new Map([['a', 1]]) }],
    actions: () => ['inc'],
    next: (s) => ({ m: new Map([['a', (s.m.get('a') ?? 0) + 1]]) }),
    encode: (s, out) => {
      out.word(s.m.size);
      for (const [k, v] of s.m) {
        out.word(k.charCodeAt(0));
        out.word(v);
      }
    },
  };
}

describe('reshaped', () => {
  it('rebuilds replication states through JSON: equal, not the deserialized objects, same fingerprint', () => {
    const model = threeHostModel('reshape');
    const hasher = new StateHasher(model as Model<ReplicationState, unknown>);
    const states: ReplicationState[] = [];
    breadthFirst(model, 300, (c) => states.push(c), () => undefined, 'step');
    expect(states.length).toBeGreaterThanOrEqual(300);
    const received = deserialize(serialize(states)) as ReplicationState[];
    let rebuilt = 0;
    for (let j = 0; j < states.length; j++) {
      const [lo, hi] = fingerprint(hasher, states[j]);
      const r = reshaped(received[j], hasher, lo, hi);
      expect(r).toEqual(states[j]);
      if (r !== received[j]) rebuilt++;
      expect(fingerprint(hasher, r!)).toEqual([lo, hi]);
    }
    expect(rebuilt).toBe(states.length);
  });

  it('keeps a state JSON would change (a Map), and refuses one that does not match the fingerprint', () => {
    const model = mapModel();
    const hasher = new StateHasher(model as Model<{ m: Map<string, number> }, unknown>);
    const s = model.next(model.init()[0], 'inc')!;
    const [lo, hi] = fingerprint(hasher, s);
    const received = deserialize(serialize(s)) as typeof s;
    expect(reshaped(received, hasher, lo, hi)).toBe(received);
    expect(reshaped(received, hasher, lo ^ 1, hi)).toBeUndefined();
  });

  it('keeps a state JSON would change even where the fingerprint cannot tell (undefined, -0)', () => {
    // Encodes only `n`: JSON's copy (no `gone`, 0 for -0) would fingerprint the same.
    const model: Model<{ n: number; gone?: undefined; z: number }, 'x'> = {
      name: 'undefined-and-minus-zero',
      init: () => [{ n: 1, gone: undefined, z: -0 }],
      actions: () => [],
      next: (s) => s,
      encode: (s, out) => out.word(s.n),
    };
    const hasher = new StateHasher(model as Model<{ n: number; gone?: undefined; z: number }, unknown>);
    const s = model.init()[0];
    const [lo, hi] = fingerprint(hasher, s);
    const received = deserialize(serialize(s)) as typeof s;
    expect(reshaped(received, hasher, lo, hi)).toBe(received);
    // Without them the same state is rebuilt.
    const plain = deserialize(serialize({ n: 1, z: 0 })) as typeof s;
    const got = reshaped(plain, hasher, lo, hi);
    expect(got).toEqual({ n: 1, z: 0 });
    expect(got).not.toBe(plain);
  });
});

describe('lostInSerialisation (sweep 29a finding 3)', () => {
  class Counter {
    readonly n: number;
    constructor(n: number) {
      this.n = n;
    }
    get big(): boolean {
      return this.n > 1;
    }
  }
  class Tagged extends Map<string, number> {}
  it('accepts plain data, names the first object serialisation strips of its prototype', () => {
    const plain = { a: [1, { b: 'x' }], m: new Map([['k', { v: 1n }]]), s: new Set([1]), t: new Uint8Array(2), d: new Date(0), n: Object.create(null) };
    expect(lostInSerialisation([plain, [1, 2], 'x', null])).toBeUndefined();
    expect(lostInSerialisation([plain, { cs: [{ n: 0 }, new Counter(1)] }])).toMatch(/^a state holds an instance of Counter, which serialisation/);
    expect(lostInSerialisation([{ m: new Map([['k', new Counter(0)]]) }])).toMatch(/instance of Counter/);
    expect(lostInSerialisation([{ s: new Set([new Counter(0)]) }])).toMatch(/instance of Counter/);
    expect(lostInSerialisation([{ t: new Tagged() }])).toMatch(/instance of Tagged/);
  });
});
