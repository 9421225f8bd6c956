/**
 * (Issue 17) The incremental paths (properties/delta.ts: node memos, knowledge classes, node
 * counts, the premise index of ca-state:stable) must not change any verdict or witness. A walk
 * checks every state right after the model made it, as `simulate --check-every 1` does (the
 * case the deltas serve), with one long-lived property instance; a fresh instance (empty
 * caches, no chain of states) judges the same state and step, and both must agree on every
 * check, trigger, step and antecedent. Run on 70 hosts (past the 64-node threshold of the
 * counted antecedents) with the hierarchical mechanism and walks long enough to settle, and on the memo test's small
 * configuration with arrival-order and broken knobs, where violations occur (after which the
 * long-lived instance must fall back to full passes).
 */
import { describe, expect, it } from 'vitest';
import { BROKEN_KNOBS, everyFeatureConfig, lcg } from '../fixtures/walk-config.ts';
import { createReplicationModel, resolveConfig } from '../../model/index.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { replicationProperties } from '../../properties/index.ts';
import { holds } from '../../src/engine/property.ts';
import type { ReplicationState } from '../../traces/replication.ts';

/** Every answer of every property on one state (and the step into it, when there is one). */
function answers(props: ReturnType<typeof replicationProperties>, s: ReplicationState | null, a: unknown, t: ReplicationState, state = true): string[] {
  const out: string[] = [];
  for (const p of props) {
    if (state) {
      out.push(`${p.name} ante ${p.antecedent?.state ? p.antecedent.state(t) : '-'}`);
      out.push(`${p.name} check ${p.kind === 'transition' ? '-' : holds(p.check(t))}`);
      out.push(`${p.name} trigger ${p.trigger ? p.trigger(t) : '-'}`);
    }
    if (s !== null) {
      out.push(`${p.name} ante-step ${p.antecedent?.transition ? p.antecedent.transition(s, a, t) : '-'}`);
      out.push(`${p.name} step ${p.step ? holds(p.step(s, a, t)) : '-'}`);
    }
  }
  return out;
}

/** `every` (issue 17, as `simulate --check-every N`): states are judged every `every` steps (steps on every one), so the cached instance's deltas span several steps. */
function run(config: Parameters<typeof resolveConfig>[0], name: string, mechanism: string, seed: number, walks: number, steps: number, inPlace = false, every = 1): { compared: number; failures: number } {
  const resolved = resolveConfig(config, name);
  const model = createReplicationModel(resolved, builtinMechanism(mechanism));
  const make = () => replicationProperties({ index: model.topology.index, config: resolved });
  const cached = make();
  const rnd = lcg(seed);
  let compared = 0;
  let failures = 0;
  const mismatches: string[] = [];
  for (let w = 0; w < walks; w++) {
    let s = model.init()[0]!;
    const first = answers(cached, null, null, s);
    expect(first).toEqual(answers(make(), null, null, s));
    for (let i = 0; i < steps; i++) {
      const a = model.sample(s, rnd, i > steps / 2);
      if (!a) break;
      // In place (Model.step, as random walks take it when every step judge allows): the fresh
      // instance judges the step from a copy of the source made before it.
      const copy = inPlace ? { ...s, nodes: s.nodes.slice() } : s;
      const t = inPlace ? model.step!(s, a) : model.next(s, a);
      if (!t) continue;
      const judged = (i + 1) % every === 0;
      const got = answers(cached, s, a, t, judged);
      const want = answers(make(), copy, a, t, judged);
      compared++;
      failures += want.filter((x) => x.endsWith(' check false') || x.endsWith(' step false')).length;
      got.forEach((x, k) => { if (x !== want[k]) mismatches.push(`walk ${w} step ${i}: cached ${x}, fresh ${want[k]}`); });
      s = t;
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  return { compared, failures };
}

/** 70 hosts in two cells (past the 64-node threshold), one object, three writers (a fresh object at each call). */
function seventyHosts(): Parameters<typeof resolveConfig>[0] {
  const hosts = Array.from({ length: 70 }, (_, i) => ({ id: `mh${i + 1}`, kind: 'mobile' as const, cell: i < 35 ? 'c1' : 'c2', interests: ['o'] }));
  return {
    master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }, { id: 'c2', zone: 'z1' }],
    hosts,
    objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
    writers: ['mh1', 'mh2', 'mh40'],
    bounds: { updatesPerHost: 1, values: 1, failedMigrations: 1, disconnects: 1 },
  };
}

describe('incremental checks agree with fresh ones on every step of a walk', () => {
  it('70 hosts in two cells (past the 64-node threshold), hierarchical, walks that settle', () => {
    const { compared } = run(seventyHosts(), 'incremental-70', 'hierarchical', 3, 1, 900);
    expect(compared).toBeGreaterThan(500);
  });

  it('the same with in-place steps (the source nodes overwritten, as simulate takes them)', () => {
    const { compared } = run(seventyHosts(), 'incremental-70', 'hierarchical', 7, 1, 900, true);
    expect(compared).toBeGreaterThan(500);
  });

  it('states judged every 13 steps, in place (the deltas chain over the steps between two checks)', () => {
    const { compared } = run(seventyHosts(), 'incremental-70', 'hierarchical', 11, 1, 900, true, 13);
    expect(compared).toBeGreaterThan(500);
  });

  it('a small configuration with every feature, arrival-order and broken knobs (violations occur)', () => {
    const { compared, failures } = run(everyFeatureConfig(BROKEN_KNOBS), 'incremental-walks', 'arrival-order', 5, 12, 60);
    expect(compared).toBeGreaterThan(300);
    expect(failures).toBeGreaterThan(0);
  });

  it('the same with lww (strong-convergence promised), in place, states judged every 3 steps', () => {
    const { compared } = run(everyFeatureConfig(BROKEN_KNOBS), 'incremental-walks', 'lww', 6, 12, 60, true, 3);
    expect(compared).toBeGreaterThan(300);
  });
});
