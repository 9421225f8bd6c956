/**
 * A digest of an exhaustive run of the replication model with every property: state and
 * transition counts, action counts, and per property its status, witnesses, counterexample
 * (action labels) and explanation. Speed work on the explorer, the encoding, the memos and the
 * property checks (issue 17) must leave it unchanged byte for byte (pinned-runs tests).
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import replication from '../../model/index.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import type { ExhaustiveStats } from '../../src/engine/result.ts';
import { formatAction, type Model } from '../../src/engine/model.ts';

/** The pinned summary of one run (the counts readable, the rest as a hash). */
export interface RunDigest {
  states: number;
  transitions: number;
  statuses: Record<string, string>;
  witnesses: Record<string, number>;
  /** sha256 (first 16 hex digits) of the counterexamples, explanations and action counts. */
  hash: string;
}

/** Exhausts `config` under `mechanism` with every property and digests the result. */
export async function runDigest(config: string, mechanism = 'hierarchical', knobs: Record<string, string> = {}): Promise<RunDigest> {
  const t = await replication.create({ params: {}, config, mechanism, knobs, cwd: process.cwd() });
  const model = t.model as Model<unknown, unknown>;
  const r = await exhaustive(model, t.properties as never);
  const stats = r.stats as ExhaustiveStats;
  const detail = r.properties.map((p) => ({
    name: p.name,
    path: p.path?.map((s) => (s.action === null ? 'init' : formatAction(model, s.action))),
    explanation: p.explanation,
    loop: p.loop,
    doomedAt: p.doomedAt,
    stuck: p.stuck,
  }));
  const hash = createHash('sha256').update(JSON.stringify({ detail, actions: stats.actionCounts, depth: stats.maxDepth })).digest('hex').slice(0, 16);
  return {
    states: stats.distinctStates,
    transitions: stats.transitions,
    statuses: Object.fromEntries(r.properties.map((p) => [p.name, p.status])),
    witnesses: Object.fromEntries(r.properties.map((p) => [p.name, p.witnesses ?? -1])),
    hash,
  };
}

/** One pinned run. */
export interface Pinned {
  config: string;
  mechanism: string;
  knobs: Record<string, string>;
  states: number;
  transitions: number;
  violated: string[];
  witnesses: number[];
  hash: string;
}

/** Runs one pinned case and compares. */
export async function expectPinned(p: Pinned): Promise<void> {
  const d = await runDigest(p.config, p.mechanism, p.knobs);
  expect({
    states: d.states,
    transitions: d.transitions,
    violated: Object.entries(d.statuses).filter(([, v]) => v !== 'holds').map(([k]) => k),
    witnesses: Object.values(d.witnesses),
    hash: d.hash,
  }).toEqual({ states: p.states, transitions: p.transitions, violated: p.violated, witnesses: p.witnesses, hash: p.hash });
}

