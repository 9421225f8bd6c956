/**
 * `--knob name=value` (issue 6): design knobs given on the command line override those of the
 * configuration. Names are the keys of {@link DEFAULT_KNOBS}; a boolean knob takes true/false
 * (or on/off), a numeric one a non-negative integer. Every problem is a one-line UsageError.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { CheckpointPolicy, FaultsConfig, ResolvedConfig } from '../traces/replication.ts';
import { refuseIneffective, resolveFaults, resolveRecovery, type FaultTree } from './faults-config.ts';
import { DEFAULT_KNOBS, KNOB_ALIASES, KNOB_WORDS, normalizeKnobs, type Knobs } from './config-types.ts';
import { parsePlacement } from './placement.ts';
import { didYouMean } from '../src/engine/near-miss.ts';

/** The largest fault budget or `every` a knob may set (the configuration schema's maximum). */
const FAULT_MAX = 100000;

/** The fault-model knobs (issue 12), for messages. */
const FAULT_KNOBS = ['faults.crashes', 'faults.losses', 'faults.partitions', 'faults.permanent', 'faults.every', 'faults.joint', 'faults.jointQuiescence',
  'faults.reregister', 'faults.recovery', 'checkpoint.mobile', 'checkpoint.fixed', 'checkpoint.cell', 'checkpoint.zone'];

/** Parses one knob value by the type of its default. */
function parseKnob(name: keyof Knobs, raw: string, given: string = name): boolean | number | string {
  const words = KNOB_WORDS[name];
  if (words) {
    if (!words.includes(raw)) throw new UsageError(`--knob ${given} must be ${words.join(' or ')} (got "${raw}")`);
    return raw;
  }
  if (name === 'primaryPlacement') return raw;
  if (typeof DEFAULT_KNOBS[name] === 'boolean') {
    if (raw === 'true' || raw === 'on') return true;
    if (raw === 'false' || raw === 'off') return false;
    throw new UsageError(`--knob ${given} must be true or false (got "${raw}")`);
  }
  if (!/^\d+$/.test(raw)) throw new UsageError(`--knob ${given} must be a non-negative integer (got "${raw}")`);
  // (Issue 13) A selection names at least one object (def 3.1.3).
  if (name === 'selectMax' && (Number(raw) < 1 || Number(raw) > 30)) throw new UsageError(`--knob selectMax must be an integer from 1 to 30 (got "${raw}")`);
  return Number(raw);
}

/** The node ids, kinds and parent ids of `config`, as fault resolution reads them. */
function treeOf(config: ResolvedConfig): FaultTree {
  return {
    ids: [config.master.id, ...config.zones.map((z) => z.id), ...config.cells.map((c) => c.id), ...config.hosts.map((h) => h.id)],
    kinds: ['master', ...config.zones.map(() => 'zone' as const), ...config.cells.map(() => 'cell' as const), ...config.hosts.map((h) => h.kind)],
    parents: [null, ...config.zones.map(() => config.master.id), ...config.cells.map((c) => c.zone), ...config.hosts.map((h) => h.cell)],
  };
}

/**
 * (Issue 12) The fault model a `--knob faults.*` or `checkpoint.*` flag starts from when the
 * configuration has none: every zone, cell and host may fail, no budget, write-ahead everywhere.
 */
function defaultFaults(tree: FaultTree): FaultsConfig {
  // Budgets written as 0 (the knobs give them): resolveFaults refuses a faults section with none.
  return resolveFaults({ crashes: 0, nodes: tree.ids.slice(1) }, tree);
}

/** `config` with the `--knob` overrides applied (the configuration itself is not changed). */
export function withKnobs(config: ResolvedConfig, knobs: Record<string, string> | undefined): ResolvedConfig {
  if (!knobs || Object.keys(knobs).length === 0) return config;
  const valid = Object.keys(DEFAULT_KNOBS);
  const merged: Record<string, boolean | number | string> = { ...DEFAULT_KNOBS, ...normalizeKnobs(config.knobs ?? {}) };
  let faults = config.faults;
  const tree = treeOf(config);
  for (const [given, raw] of Object.entries(knobs)) {
    // (Issue 14) Deprecated names (`eager`) set the knob they stand for.
    const name = Object.hasOwn(KNOB_ALIASES, given) ? KNOB_ALIASES[given]! : given;
    // (Issue 12) `checkpoint.<kind>=<policy>` overrides the fault model's checkpoint policy.
    const cp = /^checkpoint\.(mobile|fixed|cell|zone)$/.exec(name);
    if (cp || name.startsWith('faults.')) faults ??= defaultFaults(tree);
    if (cp) {
      if (!['always', 'every-k', 'on-ack', 'never'].includes(raw)) throw new UsageError(`--knob ${name} must be always, every-k, on-ack or never (got "${raw}")`);
      const base: FaultsConfig = faults!;
      faults = { ...base, checkpoint: { ...base.checkpoint, [cp[1]!]: raw as CheckpointPolicy } };
      continue;
    }
    // (Issue 12) `faults.recovery=<place>` sets where every server kind recovers (seed 002 13.2.2).
    if (name === 'faults.recovery') {
      if (raw !== 'in-place' && raw !== 'replacement') throw new UsageError(`--knob ${name} must be in-place or replacement (got "${raw}")`);
      faults = { ...faults!, recovery: resolveRecovery(raw) };
      continue;
    }
    // (Issue 12) `faults.<field>=<value>` overrides a budget or switch of the fault model.
    const ff = /^faults\.(crashes|losses|partitions|permanent|every|joint|jointQuiescence|reregister)$/.exec(name);
    if (ff) {
      const field = ff[1]!;
      let value: number | boolean;
      if (field === 'joint' || field === 'jointQuiescence' || field === 'reregister') {
        if (!['true', 'on', 'false', 'off'].includes(raw)) throw new UsageError(`--knob ${name} must be true or false (got "${raw}")`);
        value = raw === 'true' || raw === 'on';
      } else {
        // (Sweep 30b) At most the configuration's own maximum: a budget of 200000 ran until killed.
        if (!/^\d+$/.test(raw) || (field === 'every' && raw === '0') || Number(raw) > FAULT_MAX) {
          throw new UsageError(`--knob ${name} must be ${field === 'every' ? 'an integer from 1' : 'an integer from 0'} to ${FAULT_MAX} (got "${raw}")`);
        }
        value = Number(raw);
      }
      faults = { ...faults!, [field]: value };
      continue;
    }
    if (!valid.includes(name)) {
      throw new UsageError(`unknown --knob '${name}'${didYouMean(name, [...valid, ...FAULT_KNOBS])} (valid: ${valid.join(', ')}; fault model: ${FAULT_KNOBS.join(', ')})`);
    }
    merged[name] = parseKnob(name as keyof Knobs, raw, given);
  }
  const faultKnobs = Object.keys(knobs).map((k) => (Object.hasOwn(KNOB_ALIASES, k) ? KNOB_ALIASES[k]! : k)).filter((k) => k.startsWith('faults.') || k.startsWith('checkpoint.'));
  // (Sweep 30b) A fault model set up by knobs alone with every budget 0 tests nothing (the run
  // passed, and read as "replacement recovery checked").
  if (config.faults === undefined && faults !== undefined && faults.crashes + faults.losses + faults.partitions + faults.permanent === 0) {
    throw new UsageError(`--knob ${faultKnobs.join(', --knob ')} sets up a fault model, but nothing can fail (its budgets are all 0 and the configuration has no faults section); add --knob faults.crashes=N (or faults.losses, faults.partitions, faults.permanent)`);
  }
  // (Sweep 30b, 31a) Settings the knobs made that cannot take effect are refused as in a file, naming the knob.
  if (faults !== undefined && faultKnobs.length > 0) {
    const kindOf = new Map(tree.ids.map((id, i) => [id, tree.kinds[i]!]));
    const byKnob = (field: string) => faultKnobs.filter((k) => k === `faults.${field}` || (field === 'checkpoint' && k.startsWith('checkpoint.')));
    const name = (field: string) => {
      const set = byKnob(field);
      return set.length > 0 ? `--knob ${set.join(', --knob ')}` : `config.faults.${field}`;
    };
    refuseIneffective(faults, (id) => kindOf.get(id), name, (field) => byKnob(field).length > 0);
  }
  const out = { ...config, knobs: merged, ...(faults ? { faults } : {}) };
  parsePlacement(String(merged.primaryPlacement ?? ''), out, knobs.primaryPlacement !== undefined ? '--knob primaryPlacement' : undefined);
  return out;
}
