/**
 * Test helper for the mechanism suites: checks every property of the replication model
 * exhaustively for one configuration (preset name or fixture file), mechanism and knob set, and
 * returns the verdicts as `holds`, `incomplete`, or the length of the shortest counterexample.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../../../model/config.ts';
import replication from '../../../model/index.ts';
import type { MechanismContext } from '../../../model/mechanism.ts';
import { Topology } from '../../../model/topology.ts';
import type { ReplicationState, UpdateView } from '../../../traces/replication.ts';
import { exhaustive } from '../../../src/engine/exhaustive.ts';

/** The repository root (relative configuration and plugin paths resolve against it). */
export const REPO = resolve(import.meta.dirname, '..', '..', '..');

/** A fixture configuration of this suite, by base name. */
export function fixture(name: string): string {
  return `test/fixtures/mechanisms/${name}.json`;
}

/** The properties a moving writer's two updates can break: the ones about per-origin order. */
export const ORIGIN_ORDER = ['causal-order', 'total-order', 'fifo-order', 'monotonic-writes'];

/** A property's verdict: `holds`, `incomplete`, or the shortest counterexample's length in steps. */
export type Verdict = 'holds' | 'incomplete' | number;

/**
 * Every property's verdict (or only those named in `only`, to keep a run cheap), by property
 * name, plus the distinct state count.
 */
export async function verdicts(config: string, mechanism: string, knobs?: Record<string, string>, only?: string[]): Promise<{ verdicts: Record<string, Verdict>; states: number }> {
  const t = await replication.create({ params: {}, cwd: REPO, config, mechanism, ...(knobs ? { knobs } : {}) });
  const props = only ? t.properties.filter((p) => only.includes(p.name)) : t.properties;
  if (only && props.length !== only.length) throw new Error(`unknown property among ${only.join(', ')}`);
  const r = await exhaustive(t.model, props, {});
  const out: Record<string, Verdict> = {};
  for (const p of r.properties) {
    out[p.name] = p.status === 'violated' ? (p.path?.length ?? 1) - 1 : p.status;
  }
  return { verdicts: out, states: (r.stats as { distinctStates: number }).distinctStates };
}

/** Only the properties that do not hold (the rest must hold), for compact pinning. */
export function failures(v: Record<string, Verdict>): Record<string, Verdict> {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== 'holds'));
}

/** The mechanism context (static topology) of a configuration, for unit tests of a mechanism's methods. */
export function contextOf(config: string): MechanismContext {
  return { topo: new Topology(loadConfig(config, REPO).config) };
}

/** A minimal hand-built state: nodes with only `applied` and `writes`, and the given updates. */
export function sketch(nodes: { applied?: number[]; writes?: number }[], updates: Partial<UpdateView>[]): ReplicationState {
  return {
    nodes: nodes.map((n) => ({ applied: n.applied ?? [], writes: n.writes ?? 0 })),
    updates: updates.map((u) => ({ origin: 0, seq: 1, item: 0, value: 1, deps: [], gid: 0, stamp: [], ...u })),
  } as unknown as ReplicationState;
}

/**
 * The properties that tell the mechanisms apart on the peer pair (checked by the fast suites;
 * every property's verdict is pinned in peer-pair-matrix.long.test.ts).
 */
export const PEER_PAIR_KEY = ['causal-order', 'total-order', 'eventual-consistency', 'strong-convergence'];
