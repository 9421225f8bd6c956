/**
 * Composition of the default model's parts that src/ must not know about: the reference engine
 * (reference/) that `replay` runs traces in, the property library (properties/) it
 * re-evaluates verdicts with, and the plugin hooks through which the engine runs a plugin
 * mechanism: the plugin contract (model/mechanism.ts) is the model's, so checking a plugin
 * module and building the context object its methods receive (`{ topo }`, the configuration's
 * static facts) happen here, not in reference/. bin/main.ts calls it before the CLI runs; tests
 * that drive the CLI in-process call it too, so they exercise the same wiring users get.
 */
import type { Property } from '../src/engine/property.ts';
import { registerReferenceEngine } from '../src/engine/reference.ts';
import { referenceNodeIndex, replicationReferenceWith, type PluginHooks, type PluginMechanism } from '../reference/index.ts';
import { replicationProperties } from '../properties/index.ts';
import { pluginError } from '../model/mechanisms/index.ts';
import { Topology } from '../model/topology.ts';
import type { ResolvedConfig } from '../traces/replication.ts';

/** The plugin contract's checks and context, for the reference engine. */
export const pluginHooks: PluginHooks = {
  mechanismOf(file, module) {
    const problem = pluginError(file, module);
    if (problem) return problem.replace(/^--mechanism /, 'mechanismPlugin ');
    return (module.default ?? module.mechanism) as PluginMechanism;
  },
  context: (config: ResolvedConfig) => ({ topo: new Topology(config) }),
};

/** Registers the replication reference engine with its property evaluator and plugin hooks (idempotent). */
export function wireReplication(): void {
  registerReferenceEngine({
    ...replicationReferenceWith(pluginHooks),
    properties: (setup) => {
      const config = setup.config as ResolvedConfig;
      return replicationProperties({ index: referenceNodeIndex(config), config }) as Property<unknown>[];
    },
    // Issue 16: every name the model defines (ca-state:stable needs the model's successors, so its
    // traces replay with the verdict unchecked); other names are refused.
    propertyNames: (setup) => {
      const config = setup.config as ResolvedConfig;
      return replicationProperties({ index: referenceNodeIndex(config), config, successors: () => [] }).map((p) => p.name);
    },
  });
}
