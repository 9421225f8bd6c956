/**
 * The public surface for writing an ordering-mechanism plugin (`replcheck/mechanism`): the
 * {@link OrderingMechanism} interface and its context, the helpers the built-in mechanisms are
 * made of (model/mechanisms/common.ts), and the replication state view a mechanism reads.
 *
 * @example
 * ```ts
 * import type { OrderingMechanism } from 'replcheck/mechanism';
 * import { arrangeByGid, releaseCausally } from 'replcheck/mechanism';
 * ```
 */
export type { OrderingMechanism, MechanismContext } from './mechanism.ts';
export { mechanismProblems, isOrderingMechanism, MECHANISM_MEMBERS } from './mechanism.ts';
export type { Topology } from './topology.ts';
export {
  arrangeByGid, pastCovered, releaseCausally, committedAt, orderedAt, visibleAt, fifoPreds, releaseFifo,
  compareKey, arrangeByGidThenKey, arrangeByKey, lamportClock,
} from './mechanisms/common.ts';
export { peerCausally, peerFifo } from './mechanisms/peer-filters.ts';
export type {
  AgentState, VldsKind, NodeKind, NodeIndex, UpdateView, InstanceView, ReadView, NodeView, ReplicationState,
  ReplicationAction, ResolvedConfig,
} from '../traces/replication.ts';
export { MECHANISMS } from './mechanisms/index.ts';
