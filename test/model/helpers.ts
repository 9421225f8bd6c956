/**
 * Test helpers for the replication model: building a model from a preset or an inline
 * configuration, taking actions by their one-line label, and deep-freezing states so that any
 * mutation by `next()` throws.
 */
import type { ReplicationState } from '../../traces/replication.ts';
import type { Act } from '../../model/actions/types.ts';
import { resolveConfig } from '../../model/config.ts';
import type { ConfigInput } from '../../model/config-types.ts';
import { MECHANISMS } from '../../model/mechanisms/index.ts';
import { PRESETS } from '../../model/presets.ts';
import type { ReplicationModel } from '../../model/replication.ts';
import { createReplicationModel } from '../../model/replication.ts';

/** A model for a preset name or an inline configuration. */
export function modelOf(config: string | ConfigInput, mechanism = 'hierarchical', symmetry = true): ReplicationModel {
  const input = typeof config === 'string' ? PRESETS[config]! : config;
  return createReplicationModel(resolveConfig(structuredClone(input)), MECHANISMS[mechanism]!, { symmetry });
}

/** The labels of the actions enabled in `s`. */
export function labels(m: ReplicationModel, s: ReplicationState): string[] {
  return m.actions(s).map((a) => m.formatAction!(a));
}

/** The enabled action whose label is `label` (throws, listing the enabled ones, if none). */
export function find(m: ReplicationModel, s: ReplicationState, label: string): Act {
  const a = m.actions(s).find((x) => m.formatAction!(x) === label);
  if (!a) throw new Error(`no enabled action "${label}"; enabled: ${labels(m, s).join(' | ')}`);
  return a;
}

/** Takes the actions with the given labels in turn (each state deep-frozen first). */
export function run(m: ReplicationModel, s: ReplicationState, ...steps: string[]): ReplicationState {
  let cur = s;
  for (const label of steps) cur = m.next(deepFreeze(cur), find(m, cur, label))!;
  return cur;
}

/** Freezes a value and everything reachable from it (so writes throw in strict mode). */
export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/** The initial state of a model. */
export function init(m: ReplicationModel): ReplicationState {
  return m.init()[0]!;
}

/** Node index by id. */
export function idx(m: ReplicationModel, id: string): number {
  const i = m.topology.nodeByName.get(id);
  if (i === undefined) throw new Error(`no node ${id}`);
  return i;
}
