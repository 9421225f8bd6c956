/**
 * The replication model's timed layer for `replcheck measure` (TimedModule, src/timed/contract.ts):
 * `--config` names a timed preset (presets.ts), a timed configuration file, or a replication
 * preset or file (then run with wan-small's network and workload, minus link classes its
 * topology does not use); each mechanism gets its own model and the same timed configuration.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { UsageError } from '../../src/engine/errors.ts';
import type { RowSpec, RunOutput, TimedExperiment, TimedModule } from '../../src/timed/contract.ts';
import type { Interval } from '../../src/timed/stats.ts';
import type { ResolvedConfig } from '../../traces/replication.ts';
import { loadConfig, resolveConfig } from '../config.ts';
import { withKnobs } from '../knob-flags.ts';
import { loadMechanism, MECHANISMS } from '../mechanisms/index.ts';
import { promisedNames } from '../mechanisms/promises.ts';
import { replicationProperties } from '../../properties/index.ts';
import { PRESETS } from '../presets.ts';
import { createReplicationModel, type ReplicationModel } from '../replication.ts';
import { checkTimedConfig, EDGE_KINDS, type TimedConfig } from './config.ts';
import { Network } from './network.ts';
import { TIMED_PRESETS } from './presets.ts';
import { simulateTimed } from './sim.ts';

/** A timed configuration by `--config` value, with the name to report. */
export function loadTimedConfig(selection: string, cwd: string): { config: TimedConfig; name: string; derived?: boolean } {
  const preset = TIMED_PRESETS[selection];
  if (preset) return { config: checkTimedConfig(preset), name: selection };
  if (PRESETS[selection]) {
    const base = TIMED_PRESETS['wan-small'] as Record<string, unknown>;
    return { config: checkTimedConfig({ ...base, name: selection, description: `replication preset ${selection} with wan-small's network and workload`, replication: selection }), name: selection, derived: true };
  }
  if (!/[./\\]/.test(selection)) {
    throw new UsageError(`--config must be a timed preset (${Object.keys(TIMED_PRESETS).join(', ')}), a replication preset (${Object.keys(PRESETS).join(', ')}) or a JSON file (got "${selection}")`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolvePath(cwd, selection), 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`--config file ${selection} cannot be read as JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const o = json as Record<string, unknown> | null;
  if (o && typeof o === 'object' && !Array.isArray(o) && o.replication === undefined && o.network === undefined) {
    // A replication configuration file: wan-small's network and workload around it.
    const base = TIMED_PRESETS['wan-small'] as Record<string, unknown>;
    return { config: checkTimedConfig({ ...base, name: selection, description: `${selection} with wan-small's network and workload`, replication: json }), name: selection, derived: true };
  }
  return { config: checkTimedConfig(json), name: selection };
}

/** The replication configuration of a timed one, with unbounded budgets (time bounds the run). */
function replicationOf(tc: TimedConfig, cwd: string, knobs?: Record<string, string>): ResolvedConfig {
  const base = typeof tc.replication === 'string' ? loadConfig(tc.replication, cwd).config : resolveConfig(tc.replication);
  const c = withKnobs(base, knobs);
  return {
    ...c,
    bounds: { ...c.bounds, updatesPerHost: Number.MAX_SAFE_INTEGER, reads: 0, failedMigrations: 0, duplicates: 0, disconnects: Number.MAX_SAFE_INTEGER, moves: 0 },
    knobs: { ...(c.knobs ?? {}), refusals: 0 },
  };
}

/** Link classes of a derived configuration that its topology never uses are dropped. */
function dropUnused(tc: TimedConfig, config: ResolvedConfig): TimedConfig {
  const present = new Set<string>(['cell-zone', 'zone-master']);
  if (config.hosts.some((h) => h.kind === 'mobile')) present.add('mobile-cell');
  if (config.hosts.some((h) => h.kind === 'fixed')) present.add('fixed-cell');
  const used = new Set(EDGE_KINDS.filter((e) => present.has(e)).map((e) => tc.network.edges[e]));
  const links = Object.fromEntries(Object.entries(tc.network.links).filter(([k]) => used.has(k)));
  return { ...tc, network: { ...tc.network, links } };
}

const ROWS: RowSpec[] = [
  { key: 'write-response.mean', label: 'write response mean', unit: 'ms' },
  { key: 'write-response.p50', label: 'write response p50', unit: 'ms' },
  { key: 'write-response.p95', label: 'write response p95', unit: 'ms' },
  { key: 'write-response.p99', label: 'write response p99', unit: 'ms' },
  { key: 'stale-reads.fraction', label: 'reads missing a committed update', unit: 'ratio' },
  { key: 'stale-count.mean', label: 'committed updates missing per read', unit: 'count' },
  { key: 'staleness.mean', label: 'age of oldest missing update (mean)', unit: 'ms' },
  { key: 'staleness.p99', label: 'age of oldest missing update (p99)', unit: 'ms' },
  { key: 'gid-time.mean', label: 'write to Global ID (mean)', unit: 'ms' },
  { key: 'gid-time.p99', label: 'write to Global ID (p99)', unit: 'ms' },
  { key: 'uncommitted.mean', label: 'updates never given a Global ID (share; final horizon excluded)', unit: 'ratio' },
  { key: 'visibility.mean', label: 'write visible at a reading replica (mean)', unit: 'ms' },
  { key: 'visibility.t95', label: 't-visibility 95% (t with P(seen) >= 0.95)', unit: 'ms' },
  { key: 'all-merged.mean', label: 'write merged at every reading replica (mean)', unit: 'ms' },
  { key: 'unseen.mean', label: 'updates never merged at every reading replica (share; final horizon excluded)', unit: 'ratio' },
  { key: 'metadata.bytes-per-update', label: 'ordering metadata per update', unit: 'bytes' },
  { key: 'ms.messages-per-s', label: 'MS load (messages in per s)', unit: 'per-s' },
  { key: 'zone.messages-per-s', label: 'zone load (messages in per s per zone)', unit: 'per-s' },
  { key: 'ms.utilisation', label: 'MS ordering utilisation', unit: 'ratio' },
];

/** (Issue 14) Rows of the eager companion run (the same workload under `propagation: eager`). */
const EAGER_ROWS: RowSpec[] = [
  { key: 'eager.write-response.mean', label: 'write response mean, eager propagation', unit: 'ms' },
  { key: 'eager.write-response.p99', label: 'write response p99, eager propagation', unit: 'ms' },
  { key: 'eager.stale-reads.fraction', label: 'reads missing a committed update, eager propagation', unit: 'ratio' },
];

/** (Issue 14) Rows of primary placement (only when the configuration places primaries). */
const PLACEMENT_ROWS: RowSpec[] = [
  { key: 'redirected-writes.fraction', label: 'writes redirected to a remote primary', unit: 'ratio' },
  { key: 'rejected-writes.fraction', label: 'writes rejected at a secondary', unit: 'ratio' },
];

function rowsFor(classes: string[], companion: boolean, placed: boolean): RowSpec[] {
  const per: RowSpec[] = classes.flatMap((c) => [
    { key: `messages-per-update.${c}`, label: `messages per update (${c})`, unit: 'count' as const },
    { key: `bytes-per-update.${c}`, label: `bytes per update (${c})`, unit: 'bytes' as const },
    { key: `packets-per-update.${c}`, label: `packets per update (${c})`, unit: 'count' as const },
  ]);
  return [...ROWS.slice(0, 4), ...(companion ? EAGER_ROWS : []), ...(placed ? PLACEMENT_ROWS : []), ...ROWS.slice(4, 16), ...per, ...ROWS.slice(16)];
}

const share = (x: number) => (x < 0.001 ? 'under 0.1%' : `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`);
const secs = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/**
 * (F7) What the figures leave out: the latency rows count only updates that got a Global ID or
 * reached a replica, so a mechanism that never commits some updates looks fast; and when no
 * client wrote at all every write, visibility and traffic cell is n/a.
 */
function runNotes(mechanism: string, intervals: Record<string, Interval>, horizonMs: number, durationMs: number, quiet: string): string[] {
  const m = (key: string) => intervals[key]?.mean ?? NaN;
  if (m('updates') === 0) return [`No update was written in any run, so the write, Global ID, visibility, metadata and per-update traffic rows are n/a: ${quiet}.`];
  const parts: string[] = [];
  if (m('uncommitted.mean') > 0) parts.push(`${share(m('uncommitted.mean'))} of the updates written before the last ${secs(horizonMs)} of each ${secs(durationMs)} run never got a Global ID`);
  if (m('unseen.mean') > 0) parts.push(`${share(m('unseen.mean'))} never reached every reading replica holding their item`);
  if (!parts.length) return [];
  return [`${mechanism}: ${parts.join(', and ')} (mean over runs); the Global ID, visibility, staleness and merge figures count only the updates that did.`];
}

/**
 * (Sweep 30e) The metrics that count only the updates that got a Global ID (staleness and
 * stale-count read committed updates, gid-time times them) or reached every reader (visibility):
 * a mechanism that committed nothing looked freshest, and staleness assertions held.
 */
function partialMetrics(intervals: Record<string, Interval>): string[] {
  const m = (key: string) => intervals[key]?.mean ?? 0;
  const out = new Set<string>();
  if (m('uncommitted.mean') > 0) for (const k of ['staleness', 'stale-count', 'gid-time', 'visibility']) out.add(k);
  if (m('unseen.mean') > 0) out.add('visibility');
  return [...out];
}

/** Why a run of this configuration may write nothing (for the note when none did). */
function noWrites(model: ReplicationModel, tc: TimedConfig): string {
  const topo = model.topology;
  const s = model.init()[0]!;
  const wl = tc.workload;
  const clientNodes: number[] = [];
  for (let i = 0; i < topo.nodeCount; i++) {
    const named = wl.clients[topo.ids[i]!];
    if ((named ?? (topo.isHost(i) && s.nodes[i]!.member ? wl.clientsPerHost : 0)) > 0) clientNodes.push(i);
  }
  const names = (xs: number[]) => xs.map((i) => topo.ids[i]!).join(', ');
  const writers = [...topo.ids.keys()].filter((i) => topo.writer[i]);
  if (!clientNodes.some((i) => topo.writer[i])) {
    return `no node with clients may write in this configuration (clients at ${names(clientNodes)}; writers: ${names(writers) || 'none'}), so every operation was a read (to measure writes, give a writer clients with workload.clients in a timed configuration file)`;
  }
  const allReads = wl.mix === 'fixed' ? Math.round(wl.opsPerTransaction * wl.readRatio) >= wl.opsPerTransaction : wl.readRatio >= 1;
  if (allReads) return `workload.readRatio ${wl.readRatio} makes every operation a read`;
  return 'no client could write an item it holds, or none wrote within the simulated time (writers, primary placement, infrequently changed objects, --duration)';
}

/** Adds the eager companion run's figures (`eager.` keys) to a lazy run's output. */
function withEager(lazy: RunOutput, eager: RunOutput): RunOutput {
  const scalars = { ...lazy.scalars };
  for (const k of ['write-response.mean', 'write-response.p99', 'stale-reads.fraction']) scalars[`eager.${k}`] = eager.scalars[k]!;
  return { ...lazy, events: lazy.events + eager.events, scalars };
}

/** The timed module of the replication model. */
export const timedReplication: TimedModule = {
  presets: Object.keys(TIMED_PRESETS),
  mechanisms: ['hierarchical', 'sequencer', 'primary-copy', 'bayou', 'lww'],
  metrics: {
    'write-response': { unit: 'ms', description: 'time from a write operation to its return to the client', stats: ['mean', 'p50', 'p95', 'p99'] },
    'read-response': { unit: 'ms', description: 'time of a read operation', stats: ['mean'] },
    staleness: { unit: 'ms', description: 'age of the oldest committed update missing at the replica read (0: none missing)', stats: ['mean', 'p99'] },
    'stale-count': { unit: 'count', description: 'committed updates missing at the replica read', stats: ['mean'] },
    'gid-time': { unit: 'ms', description: 'time from a write to its Global ID', stats: ['mean', 'p99'] },
    visibility: { unit: 'ms', description: 'time from a write until a reading replica has it', stats: ['mean'] },
    uncommitted: { unit: 'count', description: 'per update written before the final horizon: 1 when it never got a Global ID within the run, else 0 (mean: their share)', stats: ['mean'] },
    unseen: { unit: 'count', description: 'per update written before the final horizon: 1 when a reading replica holding its item never merged it within the run, else 0 (mean: their share)', stats: ['mean'] },
  },
  precisionKeys: ['write-response.mean', 'gid-time.mean', 'visibility.mean'],
  rows: ROWS,
  async prepare(sel): Promise<TimedExperiment & { rows: RowSpec[] }> {
    const loaded = loadTimedConfig(sel.config, sel.cwd);
    const config = replicationOf(loaded.config, sel.cwd, sel.knobs);
    const tc = loaded.derived ? dropUnused(loaded.config, config) : loaded.config;
    const mechanism = await loadMechanism(sel.mechanism, sel.cwd);
    const model = createReplicationModel(config, mechanism, { symmetry: false });
    // (Sweep 31c) A plugin promising a property that does not exist is refused here too, as check, simulate and compare refuse it.
    promisedNames(mechanism.name, mechanism.promises, replicationProperties({ index: model.topology.index, config }).map((p) => p.name));
    const probe = new Network(model.topology, tc.network, tc.binMs, tc.durationMs); // refuses unused or unmapped link classes now
    // A dry run of zero length checks the workload against the topology (client node names).
    simulateTimed(model, tc, 0, 1e-9);
    // (Issue 14) Unless the knob chose a propagation, each run also simulates eager propagation
    // with the same seed, so the table shows what waiting for every replica costs.
    const companion = sel.knobs?.propagation === undefined && model.topology.knobs.propagation === 'lazy'
      ? createReplicationModel({ ...config, knobs: { ...config.knobs, propagation: 'eager' } }, mechanism, { symmetry: false })
      : undefined;
    const quiet = noWrites(model, tc);
    return {
      mechanism: mechanism.name,
      config: loaded.name,
      defaultDurationMs: tc.durationMs,
      notes: (intervals, durationMs) => runNotes(mechanism.name, intervals, Math.min(tc.horizonMs, durationMs / 2), durationMs, quiet),
      partial: partialMetrics,
      rows: rowsFor(probe.classNames, companion !== undefined, model.topology.primaryOf.some((p) => p >= 0)),
      run: (seed, durationMs) => {
        const t = { ...tc, horizonMs: Math.min(tc.horizonMs, durationMs / 2) };
        const out = simulateTimed(model, t, seed, durationMs);
        return companion ? withEager(out, simulateTimed(companion, t, seed, durationMs)) : out;
      },
    };
  },
};

/** Mechanism names known to the model (for messages). */
export const TIMED_MECHANISMS = Object.keys(MECHANISMS);
