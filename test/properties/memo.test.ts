/**
 * The memoised hot paths (per-node memo, incremental indexes, prefix reuse of happens-before)
 * must not change any verdict: every property, evaluated by one long-lived instance on states in
 * walk order and then in a shuffled order (other branches, the WeakMap path), agrees with a fresh
 * instance (empty caches) on every state. Run on a configuration with every feature (two cells,
 * a joiner, related and infrequent objects, reads, moves, failures, duplicates, interest changes)
 * with the hierarchical mechanism (no violation may occur) and with the arrival-order mechanism
 * plus the duplicateSuppression=false and flagOnSend=true knobs (so that violations occur and the
 * failing paths, which are never memoised, are exercised), with seeded walks.
 */
import { describe, expect, it } from 'vitest';
import { BROKEN_KNOBS, everyFeatureConfig, lcg } from '../fixtures/walk-config.ts';
import { createReplicationModel, resolveConfig } from '../../model/index.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { replicationProperties } from '../../properties/index.ts';
import { holds } from '../../src/engine/property.ts';
import type { ReplicationState } from '../../traces/replication.ts';

function walkStates(mechanism: string, broken: boolean, seed: number, walks: number, steps: number): { states: ReplicationState[]; make: () => ReturnType<typeof replicationProperties> } {
  const config = resolveConfig(everyFeatureConfig(broken ? BROKEN_KNOBS : {}), 'memo-walks');
  const model = createReplicationModel(config, builtinMechanism(mechanism));
  const rnd = lcg(seed);
  const states: ReplicationState[] = [];
  for (let w = 0; w < walks; w++) {
    let s = model.init()[0]!;
    states.push(s);
    for (let i = 0; i < steps; i++) {
      const a = model.sample(s, rnd, i > steps / 2);
      if (!a) break;
      const t = model.next(s, a);
      if (t) { s = t; states.push(s); }
    }
  }
  return { states, make: () => replicationProperties({ index: model.topology.index, config }) };
}

describe.each(['hierarchical', 'arrival-order'])('memoised verdicts equal fresh ones (%s)', (mechanism) => {
  it('in walk order and in shuffled order', () => {
    const broken = mechanism !== 'hierarchical';
    const { states, make } = walkStates(mechanism, broken, broken ? 5 : 11, 12, 60);
    const cached = make();
    const order = [...states.keys(), ...states.keys()];
    const rnd = lcg(99);
    for (let i = states.length; i < order.length; i++) {
      const j = states.length + rnd(order.length - states.length);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let violations = 0;
    const mismatches: string[] = [];
    for (const k of order) {
      const fresh = make();
      cached.forEach((p, i) => {
        const a = holds(p.check(states[k]!));
        const b = holds(fresh[i]!.check(states[k]!));
        if (!b && p.kind === 'always') violations++;
        if (a !== b) mismatches.push(`${p.name} on state ${k}: cached ${a}, fresh ${b}`);
      });
      if (mismatches.length > 5) break;
    }
    expect(mismatches).toEqual([]);
    expect(states.length).toBeGreaterThan(300);
    if (broken) expect(violations).toBeGreaterThan(0);
    else expect(violations).toBe(0);
  });
});
