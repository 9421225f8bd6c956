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
  // (Sweep 30b) Settings that cannot take effect are refused, as `every` without every-k is.
  // (Sweep 31d) `partitions: 0` written beside links is a control run, as `crashes: 0` beside nodes is.
  if (input.links !== undefined && input.links.length > 0 && input.partitions === undefined) {
    fail('config.faults.links names links to cut, but config.faults.partitions is not given: set partitions above 0 (0 for a control run), or drop links');
  }
  // (Sweep 31a) A faults section with no budget at all (`"faults": {}`) tests nothing; a budget written as 0 is a control run.
  if (!BUDGETS.some((b) => input[b] !== undefined)) {
    fail(`config.faults sets up a fault model, but nothing can fail (it gives none of ${BUDGETS.join(', ')}); give one a budget above 0, or drop faults`);
  }
  const recovery = input.recovery !== undefined ? resolveRecovery(input.recovery) : undefined;
  if (typeof input.recovery === 'object' && input.recovery !== null) {
    for (const kind of ['cell', 'zone', 'master'] as const) {
      if (input.recovery[kind] === 'replacement' && !nodes.some((id) => kindOf.get(id) === kind)) {
        fail(`config.faults.recovery.${kind} is 'replacement', but no ${kind === 'master' ? 'MS' : kind} is in config.faults.nodes, so none can crash; add one to nodes, or drop recovery.${kind}`);
      }
    }
  }
  const permanent = input.permanent ?? 0;
  const out: FaultsConfig = {
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
  const written = new Set(Object.keys(input));
  refuseIneffective(out, (id) => kindOf.get(id), (field) => `config.faults.${field}`, (field) => written.has(field));
  return out;
}

/** The fault budgets: a fault model with none of them above 0 lets nothing fail. */
const BUDGETS = ['crashes', 'losses', 'partitions', 'permanent'] as const;

/**
 * (Sweep 30b, 31a) Refuses a resolved fault model with a setting that cannot take effect, so a
 * run never reads as having tested it: a budget with nothing it can hit (crashes or permanent
 * losses without a node of the kind in `nodes`, partitions without a link), a replacement
 * recovery no crashing server can use, `jointQuiescence` without joint checkpoints, joint
 * checkpoints that no cell and zone policies allow, `reregister` without a replacement. Run on
 * a configuration's `faults` (resolveFaults) and again once `--knob` flags changed them
 * (knob-flags.ts). `name` says who set a field (for the message); a rule is asked only of a
 * field `given` there (written in the file, or set by a knob: a knob that turns a policy to
 * `never` on a configuration with joint checkpoints is an experiment, not a contradiction).
 */
export function refuseIneffective(f: FaultsConfig, kindOf: (id: string) => NodeKind | undefined, name: (field: string) => string, given: (field: string) => boolean): void {
  const has = (kinds: readonly NodeKind[]) => f.nodes.some((id) => kinds.includes(kindOf(id)!));
  // (Sweep 31d) The fix in the terms of whoever set the field: a knob, or the configuration file.
  const fix = (field: string, inFile: string, byKnob: string) => (name(field).startsWith('--knob') ? byKnob : inFile);
  const fileOnly = (what: string) => `a configuration file whose faults.${what} (no knob sets it), or drop the knob`;
  // (Stop 29) `every` counts steps between the checkpoints of the every-k policy alone: without one it did nothing.
  if (given('every') && !Object.values(f.checkpoint).includes('every-k')) {
    fail(`${name('every')} applies only to the 'every-k' checkpoint policy, which no server kind has here; ${fix('every', "set config.faults.checkpoint to 'every-k' (for every kind or one), or drop every", 'add --knob checkpoint.<kind>=every-k (mobile, fixed, cell or zone), or drop faults.every')}`);
  }
  if (given('crashes') && f.crashes > 0 && f.nodes.length === 0) {
    fail(`${name('crashes')} is above 0 but config.faults.nodes is empty: nothing can crash; ${fix('crashes', 'name the nodes that may crash, or drop crashes', `use ${fileOnly('nodes names the nodes that may crash')}`)}`);
  }
  if (given('permanent') && f.permanent > 0 && !has(['mobile', 'fixed'])) {
    fail(`${name('permanent')} needs a host in config.faults.nodes (only hosts can be lost for good); ${fix('permanent', 'add one, or drop permanent', `use ${fileOnly('nodes names a host')}`)}`);
  }
  if (given('partitions') && f.partitions > 0 && f.links.length === 0) {
    fail(`${name('partitions')} is above 0 but config.faults.links is empty: no link can be cut; ${fix('partitions', 'name the links that may be cut ([child, parent]), or drop partitions', `use ${fileOnly('links names them')}`)}`);
  }
  const replaced = (['cell', 'zone', 'master'] as const).filter((k) => f.recovery?.[k] === 'replacement');
  if (given('recovery') && replaced.length > 0 && !has(replaced)) {
    fail(`${name('recovery')} is 'replacement', but no server that recovers on one (${replaced.map((k) => (k === 'master' ? 'the MS' : `a ${k}`)).join(', ')}) is in config.faults.nodes, so none can crash; ${fix('recovery', 'add one to nodes, or drop recovery', `use ${fileOnly('nodes names a server')}`)}`);
  }
  if (given('reregister') && replaced.length === 0) {
    fail(`${name('reregister')} applies only to servers that recover on a replacement, and ${name('recovery')} names none; ${fix('reregister', "set recovery to 'replacement' (for every server kind or one), or drop reregister", 'add --knob faults.recovery=replacement, or drop the knob')}`);
  }
  // Joint checkpoints are taken by a cell and its zone when both keep checkpoints (faults.ts; the MS's write-ahead needs none).
  const keeps = (p: string) => p === 'on-ack' || p === 'every-k';
  const policies = `${name('checkpoint')}: cell ${f.checkpoint.cell}, zone ${f.checkpoint.zone}`;
  const allowed = keeps(f.checkpoint.cell) && keeps(f.checkpoint.zone);
  const makePolicies = (field: string) => fix(field, 'change those policies', 'add --knob checkpoint.cell=on-ack and --knob checkpoint.zone=on-ack (or every-k)');
  if (given('jointQuiescence') && !f.joint) {
    fail(`${name('jointQuiescence')} applies only to joint checkpoints: ${fix('jointQuiescence', `set ${name('joint')} to true, or drop jointQuiescence`, 'add --knob faults.joint=true, or drop the knob')}`);
  }
  // (Sweep 31d) Joint checkpoints on, but the policies allow none: the rule about them has nothing to act on either.
  if (given('jointQuiescence') && !allowed) {
    fail(`${name('jointQuiescence')} applies only to joint checkpoints, and none can be taken: they need a cell and its zone that both checkpoint 'on-ack' or 'every-k' (${policies}); ${makePolicies('jointQuiescence')}, or drop jointQuiescence`);
  }
  if (given('joint') && f.joint && !allowed) {
    fail(`${name('joint')} is true, but a joint checkpoint needs a cell and its zone that both checkpoint 'on-ack' or 'every-k' (${policies}), so none can be taken; ${makePolicies('joint')}, or drop joint`);
  }
}

/** Resolves `faults.recovery` to one place per server kind. */
export function resolveRecovery(r: NonNullable<FaultsInput['recovery']>): NonNullable<FaultsConfig['recovery']> {
  const one = (k: 'cell' | 'zone' | 'master'): RecoveryPlace => (typeof r === 'string' ? r : r[k] ?? 'in-place');
  return { cell: one('cell'), zone: one('zone'), master: one('master') };
}
