/**
 * The replication model: Model<ReplicationState, Act> for one resolved configuration and one
 * ordering mechanism. The state is the shared view (traces/replication.ts); actions are internal
 * index-based records rendered as the shared vocabulary by `actionToJson`.
 */
import type { Model, WordSink } from '../src/engine/model.ts';
import type { ReplicationAction, ReplicationState, ResolvedConfig } from '../traces/replication.ts';
import { allActs, applyAct, sampleAct } from './actions/index.ts';
import type { Ctx } from './actions/context.ts';
import { makeCtx } from './actions/context.ts';
import type { Act } from './actions/types.ts';
import { actKind, allActKinds, formatAct, isDrainAct, toReplicationAction } from './actions/types.ts';
import { handoffOn } from './actions/handoff.ts';
import { encodeState } from './encode.ts';
import { NameTable } from './encode-cache.ts';
import type { OrderingMechanism } from './mechanism.ts';
import { initialState } from './state.ts';
import { canonicalState, swappedState } from './symmetry.ts';
import { explainStuck } from './stuck.ts';
import { guardMechanism } from './symmetry-guard.ts';
import { Topology } from './topology.ts';

/** The action kinds of the fault model (issue 12): enabled only when the configuration has `faults`. */
const FAULT_KINDS = new Set(['crash', 'recover', 'reregister', 'checkpoint', 'lose', 'loseHost', 'partition', 'heal']);

/**
 * The model, with the engine's optional fast-sampling hook `sample(s, choose, drainOnly)`
 * (an enabled action, a drain action when `drainOnly`, without listing them all; undefined
 * exactly when none is enabled) always provided.
 */
export interface ReplicationModel extends Model<ReplicationState, Act> {
  readonly topology: Topology;
  readonly mechanism: OrderingMechanism;
  readonly ctx: Ctx;
  sample(s: ReplicationState, choose: (n: number) => number, drainOnly: boolean): Act | undefined;
  actionToJson(a: Act): ReplicationAction;
}

/** Options of {@link createReplicationModel}. */
export interface ModelOptions {
  /**
   * Provide `canonical` (symmetry reduction over interchangeable mobile hosts); default true.
   * Never provided for a mechanism with `symmetric: false`.
   */
  symmetry?: boolean;
  /**
   * Install the symmetry guard (symmetry-guard.ts) under the reduction; default true. The CLI
   * turns it off for the built-in mechanisms (issue 17: it took every mechanism decision twice,
   * a sixth of a bare search on `small`): they are symmetric by construction, which
   * test/model/symmetry-guard.test.ts checks with the guard forced on, and the engine's sampled
   * symmetry probe still runs. Plugins always get it.
   */
  guard?: boolean;
}

/** (Issue 17) Random runs count distinct states for configurations of at most this many nodes. */
export const COVERAGE_NODES = 128;

/** Builds the model for a configuration and a mechanism. */
export function createReplicationModel(config: ResolvedConfig, mechanism: OrderingMechanism, options: ModelOptions = {}): ReplicationModel {
  const topology = new Topology(config);
  const names = new NameTable(topology);
  // (Issue 12) No symmetry reduction with a fault model: faults name their targets.
  const reduce = options.symmetry !== false && mechanism.symmetric !== false && topology.symmetryClasses.length > 0 && !config.faults;
  // Under the reduction, every mechanism decision is checked against swapped hosts (symmetry-guard.ts).
  const guard = reduce && options.guard !== false ? guardMechanism(mechanism, topology, names) : undefined;
  const ctx = makeCtx(topology, guard?.mechanism ?? mechanism);
  const initial = initialState(topology); // states are immutable: one shared initial state
  const ownedNodes = new WeakSet<readonly unknown[]>();
  const model: ReplicationModel = {
    name: 'replication',
    topology,
    mechanism,
    ctx,
    init: () => [initial],
    actions: (s) => allActs(ctx, s),
    next: (s, a) => applyAct(ctx, s, a),
    step: (s, a) => {
      // Nodes arrays made by an earlier `step` of the same walk may be written in place: the
      // engine never reads the state before a `step` again. Others (the initial state's, or
      // any `next` made) are copied first, and the copy is owned from then on.
      const owned = ownedNodes.has(s.nodes);
      const t = applyAct(ctx, s, a, owned);
      if (!owned && t.nodes !== s.nodes) ownedNodes.add(t.nodes);
      return t;
    },
    encode: (s: ReplicationState, out: WordSink) => encodeState(topology, names, s, out),
    formatAction: (a) => formatAct(topology, a),
    actionKind: (a) => actKind(a),
    // Fault actions exist only in configurations with a fault model (issue 12).
    // (Issue 13) The handoff step exists only with the knob handoff on.
    actionKinds: () => allActKinds().filter((k) => (config.faults || !FAULT_KINDS.has(k)) && (k !== 'handoff' || handoffOn(topology))),
    isDrain: (a) => isDrainAct(a),
    explainStuck: (s) => explainStuck(ctx, s, allActs(ctx, s)),
    stateToJson: (s) => s,
    actionToJson: (a) => toReplicationAction(topology, a),
    sample: (s, choose, drainOnly) => sampleAct(ctx, s, choose, drainOnly),
    // (Issue 17) The encoding writes four words a node (encode.ts), so the engine's default, at most
    // 4,096 encoded words, would count `large`'s states too (1.45x its default random run). This keeps
    // the rule the full encoding had, about 30 words a node: up to 128 nodes.
    coverage: topology.nodeCount <= COVERAGE_NODES,
  };
  if (reduce) {
    model.canonical = (s) => canonicalState(topology, names, s);
    model.permute = (s) => swappedState(topology, names, s);
    if (guard) model.asymmetry = () => guard.broken();
  }
  return model;
}
