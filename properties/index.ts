/**
 * The replication property library: every property the CLI's `--property` can name, built for
 * one resolved configuration. Each property lives in its own file beside this one, with the seed
 * definition it implements; this file only lists them. Property names are `family` or
 * `family:variant` (see select.ts and README.md).
 */
import type { Property } from '../src/engine/property.ts';
import type { NodeIndex, ReplicationState, ResolvedConfig } from '../traces/replication.ts';
import { agentLifecycle } from './agent-lifecycle.ts';
import { caState, type Successor } from './ca-state.ts';
import { committedPrefix } from './committed-prefix.ts';
import { causalOrder } from './causal-order.ts';
import { makeStatics } from './context.ts';
import { eventualConsistency } from './eventual-consistency.ts';
import { exactlyOnce } from './exactly-once.ts';
import { fifoOrder } from './fifo-order.ts';
import { initialReplication } from './initial-replication.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { monotonicWrites } from './monotonic-writes.ts';
import { progress } from './progress.ts';
import { propagationFlag } from './propagation-flag.ts';
import { readYourWrites } from './read-your-writes.ts';
import { relatedClosure } from './related-closure.ts';
import { singlePublisher } from './single-publisher.ts';
import { strongConvergence } from './strong-convergence.ts';
import { totalOrder } from './total-order.ts';
import { writesFollowReads } from './writes-follow-reads.ts';
import { durability } from './durability.ts';
import { noDuplicateAfterRecovery } from './no-duplicate-after-recovery.ts';
import { checkpointConsistency } from './checkpoint-consistency.ts';
import { recoveryCA } from './recovery-ca.ts';
import { metadataConvergence } from './metadata-convergence.ts';

/** Selection by family name (see select.ts and README.md, "Names and families"). */
export { selectProperties, familyOf, families } from './select.ts';
/** One successor of a state, as `PropertyContext.successors` yields it. */
export type { Successor } from './ca-state.ts';

/** Everything a property may need besides the state: names and static facts of the configuration. */
export interface PropertyContext {
  index: NodeIndex;
  config: ResolvedConfig;
  /**
   * No longer used (kept so existing callers stay valid): `ca-state:stable` used to enumerate a
   * state's successors through it; since issue 11 it is a transition property the engine decides
   * on every explored step, built for every configuration.
   */
  successors?: (s: ReplicationState) => Iterable<Successor>;
}

/** All replication properties, in a stable order (the order reports list them in). */
export function replicationProperties(ctx: PropertyContext): Property<ReplicationState>[] {
  const st = makeStatics(ctx.index, ctx.config);
  return [
    causalOrder(st),
    totalOrder(st),
    fifoOrder(st),
    ...eventualConsistency(st),
    ...caState(st),
    committedPrefix(st),
    strongConvergence(st),
    progress(st),
    singlePublisher(st),
    exactlyOnce(st),
    propagationFlag(st),
    agentLifecycle(st),
    relatedClosure(st),
    initialReplication(st),
    readYourWrites(st),
    monotonicReads(st),
    monotonicWrites(st),
    writesFollowReads(st),
    metadataConvergence(st),
    // (Issue 12) the fault model's properties, built only for a configuration with a fault model
    // (without one nothing can crash, be lost or checkpoint: they could only pass vacuously).
    ...(ctx.config.faults ? [...durability(st), noDuplicateAfterRecovery(st), checkpointConsistency(st), recoveryCA(st)] : []),
  ];
}
