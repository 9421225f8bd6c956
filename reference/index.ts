/**
 * The reference engine's entry point: a {@link ReferenceEngineFactory} for `replication` traces.
 * It implements every mechanism of model/mechanisms/README.md (mechanisms/index.ts); other
 * names (plugin mechanism files) are reported as not supported. The factory carries no
 * properties: the composition root (bin/main.ts) attaches `properties` from properties/ (see
 * reference/README.md, "Wiring"). This folder never imports model/ or properties/.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { ReferenceDriver, ReferenceEngineFactory, TraceSetup } from '../src/engine/reference.ts';
import type { NodeIndex, ReplicationAction, ResolvedConfig } from '../traces/replication.ts';
import type { EngineMechanism } from './context.ts';
import { describeAction, ReferenceEngine } from './engine.ts';
import { isMechanismName, MECHANISM_NAMES } from './mechanisms/index.ts';
import { nodeIndexOf, topologyOf } from './topology.ts';

export { ReferenceEngine, describeAction } from './engine.ts';
export { runSchedule, seededChoices, traceChoices, engineEnabled } from './scheduler.ts';

/** Mechanisms the engine implements. */
export const ENGINE_MECHANISMS: readonly EngineMechanism[] = MECHANISM_NAMES;

function mechanismOf(setup: TraceSetup): EngineMechanism | undefined {
  const m = setup.mechanism ?? 'hierarchical';
  return isMechanismName(m) ? m : undefined;
}

function configOf(setup: TraceSetup): ResolvedConfig {
  if (typeof setup.config !== 'object' || setup.config === null) throw new UsageError('the trace has no resolved configuration (config) to start the reference engine with');
  return setup.config as ResolvedConfig;
}

/** The node index of a configuration as the engine numbers it (the view's indices). */
export function referenceNodeIndex(config: ResolvedConfig): NodeIndex {
  return nodeIndexOf(topologyOf(config));
}

/** The factory `replay` uses for `replication` traces. */
export const replicationReference: ReferenceEngineFactory = {
  model: 'replication',
  description: 'reference engine of the hierarchical replication strategy and its alternative ordering mechanisms (reference/)',
  unsupported(setup) {
    if (setup.model !== 'replication') return `model '${setup.model}' is not supported by the reference engine`;
    if (!mechanismOf(setup)) return `mechanism '${setup.mechanism}' is not supported by the reference engine (it implements ${ENGINE_MECHANISMS.join(', ')})`;
    return undefined;
  },
  start(setup): ReferenceDriver {
    const engine = new ReferenceEngine(configOf(setup), mechanismOf(setup) ?? 'hierarchical');
    return {
      apply(action) {
        const refusal = engine.apply(action as ReplicationAction);
        return refusal === undefined ? { ok: true } : { ok: false, message: refusal };
      },
      view: () => engine.view(),
      describe: (action) => describeAction(action as ReplicationAction),
    };
  },
};
