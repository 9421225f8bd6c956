/**
 * Composition of the default model's parts that src/ must not know about: the reference engine
 * (reference/) that `replay` runs traces in, the property library (properties/) it
 * re-evaluates verdicts with, and the plugin hooks through which the engine runs a plugin
 * mechanism: the plugin contract (model/mechanism.ts) is the model's, so checking a plugin
 * module and building the context object its methods receive (`{ topo }`, the configuration's
 * static facts) happen here, not in reference/. bin/main.ts calls it before the CLI runs (on the
 * plugin watchdog's thread, supervisor.ts); tests that drive the CLI in-process call it too, so
 * they exercise the same wiring users get. The plugin's methods run as plugin code there too
 * (guardMethods: a process.exit is bad input naming the plugin and the method, and the watchdog
 * ends a method that never returns).
 */
import type { Property } from '../src/engine/property.ts';
import { registerReferenceEngine } from '../src/engine/reference.ts';
import { referenceNodeIndex, replicationReferenceWith, type PluginHooks, type PluginMechanism } from '../reference/index.ts';
import { replicationProperties } from '../properties/index.ts';
import { pluginError } from '../model/mechanisms/index.ts';
import { ContractError, isOwnError, thrownText, UserCodeError } from '../src/engine/contract-error.ts';
import { guardMethods } from '../src/engine/plugin-guard.ts';
import { PluginContractError } from '../reference/index.ts';
import { Topology } from '../model/topology.ts';
import type { ResolvedConfig } from '../traces/replication.ts';

/** The plugin contract's methods (model/mechanism.ts). */
const PLUGIN_METHODS = ['stamp', 'release', 'commit', 'arrange', 'peer', 'mayUpdate'];

/** The plugin contract's checks and context, for the reference engine. */
export const pluginHooks: PluginHooks = {
  mechanismOf(file, module) {
    const problem = pluginError(file, module);
    if (problem) return problem.replace(/^--mechanism /, 'mechanismPlugin ');
    const m = (module.default ?? module.mechanism) as PluginMechanism;
    // A process.exit is bad input (replay: exit 2, one line), worded as check words it.
    // (Stop 28) What a method throws is the plugin's error, named as check names it: bad input, not a divergence.
    return guardMethods(m, PLUGIN_METHODS, file, (method, e) => new PluginContractError(new ContractError(`mechanism plugin ${file}`, method, e.message).message),
      (method, e) => (isOwnError(e) ? e : new PluginContractError(new UserCodeError(`mechanism plugin ${file}`, method, thrownText(e)).message)));
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
