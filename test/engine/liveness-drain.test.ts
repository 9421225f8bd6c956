// alwaysReachable decided on completing (drain) actions only (issue 10): a goal reachable only
// through new work is a violation; the counterexample carries the doomed state, the drain
// continuation and the model's stuck facts; --stop-at-first; the symmetry soundness probe.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { Model } from '../../src/engine/model.ts';
import { always, alwaysReachable } from '../../src/engine/property.ts';

/** Two writers a, b (0 = not yet written); `commit` (a drain action) needs both, like a stability rule. */
type W = { a: number; b: number; sent: number; committed: boolean };
type WA = 'writeA' | 'writeB' | 'send' | 'commit';

function waitModel(drain: boolean): Model<W, WA> {
  return {
    name: 'wait',
    init: () => [{ a: 0, b: 0, sent: 0, committed: false }],
    actions: (s) => {
      const out: WA[] = [];
      if (!s.a) out.push('writeA');
      if (!s.b) out.push('writeB');
      if (s.sent < s.a + s.b) out.push('send');
      if (s.a && s.b && s.sent === 2 && !s.committed) out.push('commit');
      return out;
    },
    next: (s, a) => (a === 'writeA' ? { ...s, a: 1 } : a === 'writeB' ? { ...s, b: 1 } : a === 'send' ? { ...s, sent: s.sent + 1 } : { ...s, committed: true }),
    encode: (s, out) => { out.word(s.a); out.word(s.b); out.word(s.sent); out.word(s.committed ? 1 : 0); },
    formatAction: (a) => a,
    ...(drain ? { isDrain: (a: WA) => a === 'send' || a === 'commit', explainStuck: (s: W) => [`commit waits for ${s.a ? 'b' : 'a'} to write`] } : {}),
  };
}

const settled = alwaysReachable<W>('settled', (s) => (s.a + s.b === 0 || s.committed ? true : { facts: ['not committed'] }));

describe('alwaysReachable on completing actions', () => {
  it('refutes a goal that only new work could reach, with the doomed state, the drain continuation and the stuck facts', async () => {
    const r = await exhaustive(waitModel(true), [settled]);
    const p = r.properties[0]!;
    expect(p.status).toBe('violated');
    expect(p.doomedAt).toBe(1);
    const path = p.path!;
    expect(path.slice(1, 2).map((x) => x.action)).toEqual(['writeA']);
    expect(path.slice(2).map((x) => x.action)).toEqual(['send']); // the continuation: drain actions only, to quiescence
    expect(path[path.length - 1]!.state).toEqual({ a: 1, b: 0, sent: 1, committed: false });
    expect(p.stuck).toEqual(['commit waits for b to write']);
    expect(p.explanation!.facts[0]).toMatch(/completing \(drain\) actions from the state after step 1/);
  });

  it('counts every action as completing when the model marks no drain actions (AG EF)', async () => {
    const r = await exhaustive(waitModel(false), [settled]);
    expect(r.properties[0]!.status).toBe('holds');
  });
});

describe('stopAtFirst', () => {
  it('ends the run at the first invariant violation; the others are incomplete with the reason', async () => {
    const noA = always<W>('no-a', (s) => s.a === 0);
    const noB = always<W>('no-b', (s) => s.b === 0);
    const full = await exhaustive(waitModel(true), [noA, noB, settled]);
    expect(full.properties.map((p) => p.status)).toEqual(['violated', 'violated', 'violated']);
    const first = await exhaustive(waitModel(true), [noA, noB, settled], { stopAtFirst: true });
    expect(first.outcome).toBe('violation');
    expect(first.properties.map((p) => p.status)).toEqual(['violated', 'incomplete', 'incomplete']);
    expect(first.properties[1]!.reason).toMatch(/--stop-at-first ended the run at the first violation \(no-a\)/);
  });
});

/** Two interchangeable counters 0..2; `boom` (index-dependent!) is enabled only when x[0] > x[1]. */
type P = { x: [number, number]; boom: boolean };
function unsoundSymmetry(withPermute: boolean): Model<P, string> {
  return {
    name: 'pair',
    init: () => [{ x: [0, 0], boom: false }],
    actions: (s) => [...[0, 1].filter((i) => s.x[i]! < 2).map((i) => `inc${i}`), ...(s.x[0] > s.x[1] && !s.boom ? ['boom'] : [])],
    next: (s, a) => (a === 'boom' ? { ...s, boom: true } : { ...s, x: a === 'inc0' ? [s.x[0] + 1, s.x[1]] : [s.x[0], s.x[1] + 1] }),
    encode: (s, out) => { out.word(s.x[0]); out.word(s.x[1]); out.word(s.boom ? 1 : 0); },
    canonical: (s) => (s.x[0] <= s.x[1] ? s : { ...s, x: [s.x[1], s.x[0]] }),
    ...(withPermute ? { permute: (s: P) => ({ ...s, x: [s.x[1], s.x[0]] as [number, number] }) } : {}),
    formatAction: (a) => a,
  };
}

describe('symmetry soundness probe', () => {
  const safe = always<P>('no-boom', (s) => !s.boom);

  it('(stop 29) without Model.permute too: a canonical form that enables other actions turns the reduction off', async () => {
    // Before stop 29 a reduction without permute was not probed, and this run passed.
    const r = await exhaustive(unsoundSymmetry(false), [safe]);
    expect(r.outcome).toBe('violation');
    expect(r.warnings![0]).toMatch(/^symmetry reduction turned off: canonical\(\) renames the state after 'inc0' \(from a state at depth 0\) to a state that enables 2 actions instead of 3/);
    expect(r.properties[0]!.path!.map((p) => p.action)).toEqual([null, 'inc0', 'boom']);
  });

  it('with Model.permute the run notices, restarts without the reduction and finds it, with a warning', async () => {
    const r = await exhaustive(unsoundSymmetry(true), [safe]);
    expect(r.outcome).toBe('violation');
    expect(r.warnings).toHaveLength(1);
    // (Stop 30) Models with permute get the canonical-form probe too, which may see it first.
    expect(r.warnings![0]).toMatch(/^symmetry reduction turned off: (the step '(boom|inc\d)'|canonical\(\) renames (the state after 'inc0'|a state 1 step past one at depth 0 \(last step 'inc0'\)))/);
    expect(r.properties[0]!.path!.map((p) => p.action)).toEqual([null, 'inc0', 'boom']);
  });
});
