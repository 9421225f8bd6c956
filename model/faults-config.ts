/**
 * The fault model's configuration (issue 12): what a user writes under `faults` and its
 * resolution into {@link FaultsConfig}, with the checks the schema cannot make (a crash of a
 * node that does not exist, a partition of a link that is not a cell-zone or zone-master edge),
 * each refused with one line naming the field.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { CheckpointPolicy, FaultsConfig, NodeKind, RecoveryPlace } from '../traces/replication.ts';

/** `faults` as written: every field optional. */
export interface FaultsInput {
  crashes?: number;
  losses?: number;
  partitions?: number;
  permanent?: number;
  /** Node ids that may crash (default: every zone and cell server). */
  nodes?: string[];
  /** Links `[child, parent]` that may be cut (default: every cell-zone and zone-master link). */
  links?: [string, string][];
  /** One policy for every kind but the MS, or one per kind (default `always`). */
  checkpoint?: CheckpointPolicy | Partial<Record<'mobile' | 'fixed' | 'cell' | 'zone', CheckpointPolicy> & { master: 'always' }>;
  every?: number;
  joint?: boolean;
  jointQuiescence?: boolean;
  /** (Seed 002 13.2.2) Where a crashed server recovers: one place for every server kind, or one per kind (default `in-place`). */
  recovery?: RecoveryPlace | Partial<Record<'cell' | 'zone' | 'master', RecoveryPlace>>;
  /** false: nothing re-registers with a replacement server (a broken variant). */
  reregister?: boolean;
}

/** The tree facts resolution needs: node ids, kinds and parent ids. */
export interface FaultTree {
  ids: string[];
  kinds: NodeKind[];
  parents: (string | null)[];
}

function fail(message: string): never {
  throw new UsageError(message);
}

/** Resolves `faults` against the configuration's tree (throws a one-line UsageError naming the field). */
export function resolveFaults(input: FaultsInput, tree: FaultTree): FaultsConfig {
  const kindOf = new Map(tree.ids.map((id, i) => [id, tree.kinds[i]!]));
  const parentOf = new Map(tree.ids.map((id, i) => [id, tree.parents[i]]));
  const servers = tree.ids.filter((_, i) => tree.kinds[i] === 'zone' || tree.kinds[i] === 'cell');
  const nodes = input.nodes ?? servers;
  nodes.forEach((id, i) => {
    if (!kindOf.has(id)) fail(`config.faults.nodes[${i}] names no node: "${id}" (nodes: ${tree.ids.slice(0, 8).join(', ')}${tree.ids.length > 8 ? ', ...' : ''})`);
  });
  const links = (input.links ?? servers.map((id) => [id, parentOf.get(id)!] as [string, string])).map(([child, parent], i) => {
    const k = kindOf.get(child);
    if (k !== 'cell' && k !== 'zone' || parentOf.get(child) !== parent) {
      const hint = k === 'cell' || k === 'zone' ? `${child}'s parent is ${parentOf.get(child)}` : `give [cell, its zone] or [zone, master]`;
      fail(`config.faults.links[${i}] ["${child}", "${parent}"] is not a cell-zone or zone-master link (${hint})`);
    }
    return child;
  });
  const p = input.checkpoint;
  const one = (kind: 'mobile' | 'fixed' | 'cell' | 'zone'): CheckpointPolicy => (typeof p === 'string' ? p : p?.[kind] ?? 'always');
  // (Stop 29) `every` counts steps between the checkpoints of the every-k policy alone: without one it did nothing.
  const policies = ['mobile', 'fixed', 'cell', 'zone'].map((k) => one(k as 'mobile'));
  if (input.every !== undefined && !policies.includes('every-k')) {
    fail(`config.faults.every applies only to the 'every-k' checkpoint policy, which no server kind has here; set config.faults.checkpoint to 'every-k' (for every kind or one), or drop every`);
  }
  // (Sweep 30b) Settings that cannot take effect are refused, as `every` without every-k is.
  if ((input.crashes ?? 0) > 0 && nodes.length === 0) fail('config.faults.crashes is above 0 but config.faults.nodes is empty: nothing can crash; name the nodes that may crash, or drop crashes');
  if (input.links !== undefined && input.links.length > 0 && (input.partitions ?? 0) === 0) {
    fail('config.faults.links names links to cut, but config.faults.partitions is 0: set partitions above 0, or drop links');
  }
  if (input.jointQuiescence !== undefined && input.joint !== true) fail('config.faults.jointQuiescence applies only to joint checkpoints: set config.faults.joint to true, or drop jointQuiescence');
  const recovery = input.recovery !== undefined ? resolveRecovery(input.recovery) : undefined;
  if (input.reregister !== undefined && (recovery === undefined || !Object.values(recovery).includes('replacement'))) {
    fail(`config.faults.reregister applies only to servers that recover on a replacement, and config.faults.recovery names none; set recovery to 'replacement' (for every server kind or one), or drop reregister`);
  }
  if (typeof input.recovery === 'object' && input.recovery !== null) {
    for (const kind of ['cell', 'zone', 'master'] as const) {
      if (input.recovery[kind] === 'replacement' && !nodes.some((id) => kindOf.get(id) === kind)) {
        fail(`config.faults.recovery.${kind} is 'replacement', but no ${kind === 'master' ? 'MS' : kind} is in config.faults.nodes, so none can crash; add one to nodes, or drop recovery.${kind}`);
      }
    }
  }
  const permanent = input.permanent ?? 0;
  if (permanent > 0 && !nodes.some((id) => kindOf.get(id) === 'mobile' || kindOf.get(id) === 'fixed')) {
    fail('config.faults.permanent needs a host in config.faults.nodes (only hosts can be lost for good)');
  }
  return {
    crashes: input.crashes ?? 0,
    losses: input.losses ?? 0,
    partitions: input.partitions ?? 0,
    permanent,
    nodes: [...new Set(nodes)],
    links: [...new Set(links)],
    checkpoint: { mobile: one('mobile'), fixed: one('fixed'), cell: one('cell'), zone: one('zone'), master: 'always' },
    every: input.every ?? 2,
    joint: input.joint ?? false,
    jointQuiescence: input.jointQuiescence ?? true,
    // Present only when written, so configurations without it resolve exactly as before.
    ...(recovery !== undefined ? { recovery } : {}),
    ...(input.reregister !== undefined ? { reregister: input.reregister } : {}),
  };
}

/** Resolves `faults.recovery` to one place per server kind. */
export function resolveRecovery(r: NonNullable<FaultsInput['recovery']>): NonNullable<FaultsConfig['recovery']> {
  const one = (k: 'cell' | 'zone' | 'master'): RecoveryPlace => (typeof r === 'string' ? r : r[k] ?? 'in-place');
  return { cell: one('cell'), zone: one('zone'), master: one('master') };
}
