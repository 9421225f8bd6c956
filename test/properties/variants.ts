/**
 * Builds a model variant and its properties for the both-ways tests: a preset with overrides
 * (bounds, knobs, writers, objects, hosts), a mechanism (built-in name or a mutant from
 * mutants/mechanisms.ts), and optionally a model mutant from mutants/models.ts. The properties
 * are always built from the *real* configuration's index, with `successors` from the variant's
 * model (so `ca-state:stable` is included), and selected with `selectProperties`.
 */
import { createReplicationModel, PRESETS, resolveConfig, type ReplicationModel } from '../../model/index.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import type { OrderingMechanism } from '../../model/mechanism.ts';
import type { ConfigInput } from '../../model/config-types.ts';
import { replicationProperties, selectProperties } from '../../properties/index.ts';
import type { Property } from '../../src/engine/property.ts';
import type { ReplicationState, ResolvedConfig } from '../../traces/replication.ts';

/** What a variant changes. */
export interface VariantSpec {
  preset: 'tiny' | 'small' | 'handoff' | `crash-${string}` | 'new-server';
  /** Shallow overrides of the preset; `bounds` and `knobs` are merged field by field. */
  override?: Partial<ConfigInput>;
  mechanism?: string | OrderingMechanism;
  /** A model mutant: wraps the model, or builds it from the configuration. */
  mutant?: (model: ReplicationModel, config: ResolvedConfig) => ReplicationModel;
}

/** The resolved configuration of a spec. */
export function configOf(spec: VariantSpec): ResolvedConfig {
  const base = PRESETS[spec.preset]!;
  const o = spec.override ?? {};
  const input: ConfigInput = {
    ...base, ...o,
    bounds: { ...(base.bounds ?? {}), ...(o.bounds ?? {}) },
    knobs: { ...(base.knobs ?? {}), ...(o.knobs ?? {}) },
  };
  return resolveConfig(input, spec.preset);
}

/** The variant's model and the selected properties (all when `names` is empty). */
export function buildVariant(spec: VariantSpec, names: string[] = []): { model: ReplicationModel; properties: Property<ReplicationState>[] } {
  const config = configOf(spec);
  const mech = typeof spec.mechanism === 'object' ? spec.mechanism : builtinMechanism(spec.mechanism ?? 'hierarchical');
  const real = createReplicationModel(config, mech);
  const model = spec.mutant ? spec.mutant(real, config) : real;
  const all = replicationProperties({
    index: real.topology.index,
    config,
    successors: (s) => model.actions(s).map((a) => ({ action: model.actionToJson(a), state: model.next(s, a) })),
  });
  return { model, properties: selectProperties(all, names) };
}
