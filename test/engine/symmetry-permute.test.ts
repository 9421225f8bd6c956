// (Stop 30, sweep 30a finding 1) A symmetry reduction given as `canonical` and `permute` is
// probed for properties that tell components apart too. A user's token ring with a rotation
// `permute` and "a waiting n0 eventually enters" was reported violated by a counterexample whose
// own step 4 entered n0, and "n0 never enters" passed; an unsound `canonical` with an identity
// `permute` ended as "internal error" in lasso replay. Past the probed states, a liveness
// counterexample that meets its goal on its own concrete run turns the reduction off as well.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { always, eventually, type Property } from '../../src/engine/property.ts';
import type { Model } from '../../src/engine/model.ts';

const IDLE = 0, WANT = 1, CS = 2;
/** `pre` counts down a prelude of `delay` steps before the ring starts (so the probe never sees the ring). */
interface Ring { pre: number; pc: number[]; tok: number[] }
type Act = { t: 'tick' | 'request' | 'enter' | 'exit' | 'pass'; i: number };

/** A correct token ring of 3 nodes with a rotation symmetry (`canonical`: least rotation; `permute`: rotate by one). */
function ring(delay = 0): Model<Ring, Act> {
  const N = 3;
  const rot = (s: Ring, k: number): Ring => ({ pre: s.pre, pc: s.pc.map((_, i) => s.pc[(i + k) % N]!), tok: s.tok.map((_, i) => s.tok[(i + k) % N]!) });
  const key = (s: Ring) => [...s.pc, ...s.tok].join(',');
  return {
    name: 'ring',
    init: () => [{ pre: delay, pc: [IDLE, IDLE, IDLE], tok: [1, 0, 0] }],
    actions(s) {
      if (s.pre > 0) return [{ t: 'tick', i: 0 }];
      const out: Act[] = [];
      for (let i = 0; i < N; i++) {
        if (s.pc[i] === IDLE) out.push({ t: 'request', i });
        if (s.pc[i] === WANT && s.tok[i]! > 0) out.push({ t: 'enter', i });
        if (s.pc[i] === CS) out.push({ t: 'exit', i });
        if (s.tok[i]! > 0 && s.pc[i] === IDLE) out.push({ t: 'pass', i });
      }
      return out;
    },
    next(s, a) {
      if (a.t === 'tick') return { ...s, pre: s.pre - 1 };
      const pc = s.pc.slice(), tok = s.tok.slice();
      if (a.t === 'request') pc[a.i] = WANT;
      else if (a.t === 'enter') pc[a.i] = CS;
      else {
        if (a.t === 'exit') pc[a.i] = IDLE;
        tok[a.i]!--;
        tok[(a.i + 1) % N]!++;
      }
      return { pre: s.pre, pc, tok };
    },
    encode: (s, out) => [s.pre, ...s.pc, ...s.tok].forEach((v) => out.word(v)),
    formatAction: (a) => `${a.t} n${a.i}`,
    actionKind: (a) => a.t,
    isFair: (a) => a.t !== 'request',
    canonical: (s) => [0, 1, 2].map((k) => rot(s, k)).sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))[0]!,
    permute: (s) => rot(s, 1),
  };
}

const n0Enters = eventually<Ring, Act>('n0-enters', (s) => s.pc[0] === CS, { trigger: (s) => s.pc[0] === WANT });
const n0Never = always<Ring, Act>('n0-never-in-cs', (s) => s.pc[0] !== CS);
const mutex = always<Ring, Act>('mutex', (s) => s.pc.filter((x) => x === CS).length <= 1);
const run = (m: Model<Ring, Act>, ps: Property<Ring, Act>[]) => exhaustive(m, ps);

describe('a reduction with permute: properties that tell components apart', () => {
  it('a symmetric property keeps the reduction, with no warning', async () => {
    const r = await run(ring(), [mutex]);
    expect(r.outcome).toBe('pass');
    expect(r.warnings).toBeUndefined();
  });

  it('"a waiting n0 eventually enters" holds on the correct ring (the reduction is turned off)', async () => {
    const r = await run(ring(), [n0Enters, mutex]);
    expect(r.properties.map((p) => p.status)).toEqual(['holds', 'holds']);
    expect(r.outcome).toBe('pass');
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: .*'n0-enters'.*tells interchangeable components apart/);
  });

  it('"n0 never enters" is violated in 2 steps (it passed under the reduction)', async () => {
    const r = await run(ring(), [n0Never]);
    expect(r.outcome).toBe('violation');
    expect(r.properties[0]!.path).toHaveLength(3); // init, request n0, enter n0
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off/);
  });

  it('past the probed states, a counterexample that meets its goal on its own run turns the reduction off', async () => {
    // A 300-step prelude: the ring's states are past the first 64 and no multiple of 4,096.
    const r = await run(ring(300), [n0Enters]);
    expect(r.properties[0]!.status).toBe('holds');
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: a counterexample found under it did not replay \(ring: a counterexample to 'n0-enters' reaches its goal at step \d+ of its own run/);
  });

  it('an unsound canonical() with an identity permute is found, not an internal error', async () => {
    // Merges the token's position away: the states differ in which node may enter.
    const m: Model<Ring, Act> = { ...ring(), canonical: (s) => ({ ...s, tok: [1, 0, 0] }), permute: (s) => s };
    const r = await run(m, [n0Enters, mutex]);
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: /);
    expect(r.properties.map((p) => p.status)).toEqual(['holds', 'holds']);
  });
});

/** (Sweep 30c) Two interchangeable processes, one the leader: the leader may finish, the follower may take the lead. */
type Lead = { leader: number; done: boolean };
function leadSwap(withPermute: boolean): Model<Lead, { p: number; t: 'finish' | 'lead' }> {
  return {
    name: 'lead-swap',
    init: () => [{ leader: 0, done: false }],
    actions: (s) => (s.done ? [] : [0, 1].map((p) => ({ p, t: p === s.leader ? 'finish' as const : 'lead' as const }))),
    next: (s, a) => (a.t === 'finish' ? { ...s, done: true } : { ...s, leader: a.p }),
    encode: (s, out) => { out.word(s.leader); out.word(s.done ? 1 : 0); },
    formatAction: (a) => `p${a.p}:${a.t}`,
    // One weakly fair kind per process, as SPIN's -f sees processes: kinds that name a component.
    actionKind: (a) => `p${a.p}`,
    isFair: () => true,
    canonical: (s) => ({ ...s, leader: 0 }),
    ...(withPermute ? { permute: (s: Lead) => ({ ...s, leader: 1 - s.leader }) } : {}),
  };
}

describe('a reduction and action kinds that name components (sweep 30c)', () => {
  it('the fair loop "p1 takes the lead, p0 takes it back" is found: the reduction is turned off', async () => {
    // Under the reduction, p0 looked enabled and never taken on the loop, so the loop looked unfair: `holds`.
    for (const withPermute of [false, true]) {
      const m = leadSwap(withPermute);
      const r = await exhaustive(m, [eventually<Lead, { p: number; t: 'finish' | 'lead' }>('done', (s) => s.done)]);
      expect(r.properties[0]!.status, `permute: ${withPermute}`).toBe('violated');
      expect(r.properties[0]!.loop).toBeDefined();
      expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: the weakly fair actions of kind 'p\d' lead elsewhere from .* action kinds must not name interchangeable components/);
    }
  });
});

/** (Sweep 30d) Two workers share a budget; canonical sorts their counts ascending, permute swaps them. */
function budget(B: number): Model<number[], number> {
  return {
    name: 'budget',
    init: () => [[0, 0]],
    actions: (s) => (s[0]! + s[1]! < B ? [0, 1] : []),
    next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)),
    encode: (s, out) => s.forEach((v) => out.word(v)),
    formatAction: (i) => `w${i}`,
    canonical: (s) => [...s].sort((a, b) => a - b),
    permute: (s) => [s[1]!, s[0]!],
  };
}

describe('an invariant that fails on a stored state but holds on its counterexample\'s concrete state (sweep 30d)', () => {
  it('turns the reduction off, so both component-naming invariants are found violated', async () => {
    // Deep in the space (past the probed states): the stored form [x, y] has the larger count last.
    const T = 40;
    const r = await exhaustive(budget(2 * T - 1), [always<number[], number>('w0-below-T', (s) => s[0]! < T), always<number[], number>('wlast-below-T', (s) => s[1]! < T)]);
    expect(r.properties.map((p) => p.status)).toEqual(['violated', 'violated']);
    expect(r.properties[0]!.path!.at(-1)!.state[0]).toBe(T);
    expect(r.properties[1]!.path!.at(-1)!.state[1]).toBe(T);
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: (a counterexample found under it did not replay \(budget: property 'wlast-below-T' fails on a stored state but holds on the concrete state|property)/);
  });
});

/** (Sweep 30d) Clients flip pc and tag; canonical sorts by pc only (a stable sort): sound, not unique per orbit. */
type Cl = { pc: number; tag: number }[];
function partial(N: number, reqKinds: 'type' | 'instance'): Model<Cl, { i: number; t: 'flip' | 'tag' | 'req' }> {
  return {
    name: 'partial',
    init: () => [Array.from({ length: N }, () => ({ pc: 0, tag: 0 }))],
    actions: (s) => s.flatMap((c, i) => [{ i, t: 'flip' as const }, ...(c.tag === 0 ? [{ i, t: 'tag' as const }] : []), ...(c.pc === 0 ? [{ i, t: 'req' as const }] : [])]),
    next: (s, a) => s.map((c, j) => (j !== a.i ? c : a.t === 'flip' ? { ...c, pc: 1 - c.pc } : a.t === 'tag' ? { ...c, tag: 1 } : { ...c, pc: 1 })),
    encode: (s, out) => s.forEach((c) => { out.word(c.pc); out.word(c.tag); }),
    formatAction: (a) => `${a.t}(${a.i})`,
    actionKind: (a) => (a.t === 'req' && reqKinds === 'instance' ? `req(${a.i})` : a.t),
    isFair: (a) => a.t !== 'req',
    canonical: (s) => [...s].sort((x, y) => x.pc - y.pc),
    // No permute: the successor comparison with a permuted state assumes one representative per
    // orbit, which this canonical() does not give (left as it is: noted in stop 30).
  };
}

describe('the step comparison (sweep 30d)', () => {
  it('a livelock reached after a symmetric setup phase is still found (the first 8 comparisons went to the setup)', async () => {
    type D = { setup: number[]; leader: number; done: boolean };
    type DA = { p: number; t: 'setup' | 'finish' | 'lead' };
    const K = 6;
    const m: Model<D, DA> = {
      name: 'deep-lead',
      init: () => [{ setup: [0, 0], leader: -1, done: false }],
      actions: (s) => (s.done ? [] : [0, 1].flatMap((p): DA[] => (s.setup[p]! < K ? [{ p, t: 'setup' }] : s.setup.every((x) => x >= K) ? [{ p, t: p === s.leader || s.leader < 0 ? 'finish' : 'lead' }] : []))),
      next: (s, a) => (a.t === 'setup' ? { ...s, setup: s.setup.map((x, j) => (j === a.p ? x + 1 : x)) } : a.t === 'lead' ? { ...s, leader: a.p } : s.leader < 0 ? { ...s, leader: a.p } : { ...s, done: true }),
      encode: (s, out) => { s.setup.forEach((x) => out.word(x)); out.word(s.leader + 1); out.word(s.done ? 1 : 0); },
      formatAction: (a) => `${a.t}(p${a.p})`,
      actionKind: (a) => (a.t === 'setup' ? 'setup' : `p${a.p}`),
      isFair: () => true,
      canonical: (s) => (s.leader === 1 ? { ...s, setup: [...s.setup].reverse(), leader: 0 } : s.leader < 0 ? { ...s, setup: [...s.setup].sort() } : s),
      permute: (s) => ({ ...s, setup: [...s.setup].reverse(), leader: s.leader < 0 ? -1 : 1 - s.leader }),
    };
    const plain = await exhaustive({ ...m, canonical: undefined, permute: undefined }, [eventually<D, DA>('done', (s) => s.done)]);
    expect(plain.properties[0]!.status).toBe('violated');
    const r = await exhaustive(m, [eventually<D, DA>('done', (s) => s.done)]);
    expect(r.properties[0]!.status).toBe('violated');
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: /);
  });

  it('a sound canonical that is not unique per orbit keeps the reduction, as do unfair kinds that name a component', async () => {
    for (const kinds of ['type', 'instance'] as const) {
      const goal = eventually<Cl, { i: number; t: 'flip' | 'tag' | 'req' }>('all-up', (s) => s.every((c) => c.pc === 1));
      const r = await exhaustive(partial(4, kinds), [goal]);
      const off = await exhaustive({ ...partial(4, kinds), canonical: undefined, permute: undefined }, [goal]);
      expect(r.warnings, kinds).toBeUndefined();
      expect(r.properties[0]!.status).toBe(off.properties[0]!.status);
    }
  });

  it('an antecedent that names a component turns the reduction off (the property was reported vacuous)', async () => {
    const p = always<number[], number>('w0-ahead-ok', (s) => s[0]! - s[1]! <= 5, { antecedent: { description: 'w0 ahead of w1', state: (s) => s[0]! > s[1]! } });
    const r = await exhaustive(budget(9), [p]);
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: the antecedent of property 'w0-ahead-ok' tells/);
    expect(r.properties[0]!.witnesses ?? r.properties[0]!.explanation).toBeDefined();
  });
});

// (Stop 31, sweep 31b finding 2) The advice of the step probe fits who wrote the reduction: a
// user's own model is told its permute or canonical is at fault, not to mark a mechanism plugin.
describe('a permute whose swapped state enables other steps', () => {
  it('turns the reduction off and says the model\'s permute or canonical swaps what its actions tell apart', async () => {
    // Node 0 may not pass the token while it holds it idle: the rotation is not a symmetry.
    const base = ring();
    const lopsided: Model<Ring, Act> = { ...base, actions: (s) => base.actions(s).filter((a) => !(a.t === 'pass' && a.i === 0)) };
    const r = await exhaustive(lopsided, [mutex]);
    expect(r.properties[0]!.status).toBe('holds');
    expect(r.warnings?.[0]).toMatch(/^symmetry reduction turned off: the step '.*' \(from a state at depth \d+\) has no counterpart once interchangeable components are swapped/);
    expect(r.warnings?.[0]).toMatch(/the model's permute or canonical swaps components its actions tell apart/);
    expect(r.warnings?.[0]).not.toMatch(/mechanism plugin/);
  });
});
