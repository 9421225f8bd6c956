/**
 * The reference engine's entry point: a {@link ReferenceEngineFactory} for `replication` traces.
 * It implements every mechanism of model/mechanisms/README.md (mechanisms/index.ts) and runs a
 * plugin mechanism (`setup.plugin`, loaded by `replay`) through mechanisms/plugin-adapter.ts.
 * Its drivers carry the engine's own judge (judge/) and the liveness exploration (explore.ts).
 * The factory carries no properties: the composition root (bin/wiring.ts) attaches
 * `properties` from properties/ and the plugin's context (see reference/README.md, "Wiring").
 * This folder never imports model/ or properties/.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { ReferenceDriver, ReferenceEngineFactory, TraceSetup } from '../src/engine/reference.ts';
import type { NodeIndex, ReplicationAction, ResolvedConfig } from '../traces/replication.ts';
import type { EngineMechanism } from './context.ts';
import { describeAction, ReferenceEngine } from './engine.ts';
import { exploreCompleting, type Goal } from './explore.ts';
import { engineEnabled } from './scheduler.ts';
import { judgeGoal, judgeLoop, judgeRun } from './judge/index.ts';
import { isMechanismName, MECHANISM_NAMES } from './mechanisms/index.ts';
import { pluginPolicy, pluginUnsupported, type PluginMechanism } from './mechanisms/plugin-adapter.ts';
import type { OrderingPolicy } from './mechanisms/policy.ts';
import type { EngineState } from './state.ts';
import { nodeIndexOf, topologyOf } from './topology.ts';

export { ReferenceEngine, describeAction } from './engine.ts';
export { runSchedule, seededChoices, traceChoices, engineEnabled } from './scheduler.ts';
export { judgeRun, judgeStates, judgeGoal, judges, JUDGED, type JudgeVerdict } from './judge/index.ts';
export { exploreCompleting, isCompleting } from './explore.ts';
export { PluginContractError, type PluginMechanism } from './mechanisms/plugin-adapter.ts';

/** Mechanisms the engine implements. */
export const ENGINE_MECHANISMS: readonly EngineMechanism[] = MECHANISM_NAMES;

/** The completing steps the liveness exploration takes (explore.ts), for messages. */
const COMPLETING = 'send, migrate (ok), execute, order, peer, reconnect, recover, reregister, heal';

/** What the composition root supplies for plugin mechanisms: the plugin's mechanism object (or why the module is not one) and its context object. */
export interface PluginHooks {
  /** The module's mechanism, or a one-line reason it is not one (e.g. a built-in mechanism's name). */
  mechanismOf(file: string, module: Record<string, unknown>): PluginMechanism | string;
  /** The context object the plugin contract passes to every decision, for a configuration. */
  context(config: ResolvedConfig): unknown;
}

function configOf(setup: TraceSetup): ResolvedConfig {
  if (typeof setup.config !== 'object' || setup.config === null) throw new UsageError('the trace has no resolved configuration (config) to start the reference engine with');
  const config = setup.config as ResolvedConfig;
  return predatesMetadata(setup, config) ? { ...config, knobs: { ...(config.knobs ?? {}), oracle: true } } : config;
}

/**
 * (Issue 13) A trace written before servers had metadata: its initial state records no `meta`
 * at the MS although its configuration does not choose the `oracle` knob. It is replayed with the
 * protocol it was found with (`oracle`: servers read their children's state).
 */
function predatesMetadata(setup: TraceSetup, config: ResolvedConfig): boolean {
  const init = setup.initial as { nodes?: { meta?: unknown }[] } | undefined;
  if (!init || !Array.isArray(init.nodes) || init.nodes.length === 0) return false;
  return init.nodes[0]!.meta === undefined && config.knobs?.oracle === undefined;
}

/** The node index of a configuration as the engine numbers it (the view's indices). */
export function referenceNodeIndex(config: ResolvedConfig): NodeIndex {
  return nodeIndexOf(topologyOf(config));
}

/** A driver over an engine, remembering every state it went through (for the judge and the liveness check). */
function driverOf(engine: ReferenceEngine): ReferenceDriver {
  const history: ReferenceEngine[] = [engine.fork()];
  const actions: ReplicationAction[] = [];
  const states = (): EngineState[] => history.map((e) => e.current);
  return {
    apply(action) {
      const refusal = engine.apply(action as ReplicationAction);
      if (refusal !== undefined) return { ok: false, message: refusal };
      history.push(engine.fork());
      actions.push(action as ReplicationAction);
      return { ok: true };
    },
    view: () => engine.view(),
    describe: (action) => describeAction(action as ReplicationAction),
    judge: (property) => {
      if (property.kind === 'always') return judgeRun(engine.topo, property.name, states());
      return undefined;
    },
    explore(from, property, goals, maxStates) {
      const start = history[Math.max(0, Math.min(from, history.length - 1))];
      const all: Record<string, Goal> = {};
      for (const [k, g] of Object.entries(goals)) all[k] = (view) => g(view);
      const own = judgeGoal(engine.topo, property.name);
      if (own) all.reference = (_view, state) => own(state);
      return { ...exploreCompleting(start, all, maxStates), steps: COMPLETING };
    },
    judgeLoop(property, loop) {
      if (property.kind !== 'eventually' || loop < 0 || loop > history.length - 1) return undefined;
      const span = history.slice(loop);
      const out = judgeLoop(engine.topo, property.name, {
        states: span.map((e) => e.current), actions: actions.slice(loop), enabled: span.map((e) => engineEnabled(e)),
      });
      if (!out) return undefined;
      return out.verdict === 'violated' ? { verdict: 'violated', step: loop, facts: out.facts } : { verdict: 'holds', facts: out.facts };
    },
  };
}

/** The `replication` factory, with the composition root's plugin hooks (without them, plugin traces are not supported). */
export function replicationReferenceWith(hooks?: PluginHooks): ReferenceEngineFactory {
  const policyOf = (setup: TraceSetup): OrderingPolicy | string => {
    if (!setup.plugin) return `mechanism '${setup.mechanism}' is not supported by the reference engine (it implements ${ENGINE_MECHANISMS.join(', ')}; a plugin mechanism replays when the trace records mechanismPlugin)`;
    if (!hooks) return `plugin mechanism ${setup.plugin.file} cannot be replayed: no plugin hooks are wired`;
    const m = hooks.mechanismOf(setup.plugin.file, setup.plugin.module);
    if (typeof m === 'string') return m;
    return pluginUnsupported(m) ?? pluginPolicy(m, hooks.context(configOf(setup)));
  };
  return {
    model: 'replication',
    description: 'reference engine of the hierarchical replication strategy and its alternative ordering mechanisms (reference/)',
    unsupported(setup) {
      if (setup.model !== 'replication') return `model '${setup.model}' is not supported by the reference engine`;
      if (!setup.plugin && isMechanismName(setup.mechanism ?? 'hierarchical')) return undefined;
      const p = policyOf(setup);
      return typeof p === 'string' ? p : undefined;
    },
    start(setup): ReferenceDriver {
      const m = setup.mechanism ?? 'hierarchical';
      if (!setup.plugin && isMechanismName(m)) return driverOf(new ReferenceEngine(configOf(setup), m));
      const p = policyOf(setup);
      if (typeof p === 'string') throw new UsageError(p);
      return driverOf(new ReferenceEngine(configOf(setup), p));
    },
  };
}

/** The factory `replay` uses for `replication` traces of built-in mechanisms (bin/wiring.ts adds plugin hooks and properties). */
export const replicationReference: ReferenceEngineFactory = replicationReferenceWith();
