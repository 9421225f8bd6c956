/**
 * (Issue 17) Shallow copies of the state's records (nodes, instances, updates) written as object
 * literals with the same keys in the same order as a spread would give (states are written as
 * JSON), so that every record of a kind shares one V8 hidden class: spread copies made at many
 * sites gave `small` 9 node maps and 16 instance maps, and every field read in actions, encoding
 * and properties went megamorphic. A record with optional fields that come and go is spread.
 */
import type { InstanceView, NodeView, UpdateView } from '../traces/replication.ts';

/** The fields every node has, in the order `initialState` (state.ts) creates them. */
type FixedField = 'member' | 'connected' | 'parent' | 'objects' | 'order' | 'applied' | 'flagF' | 'flagT' | 'collected' |
  'committed' | 'agent' | 'executed' | 'made' | 'writes';
/** The fields only the fault model sets (issue 12). */
type FaultField = 'down' | 'lost' | 'cut' | 'checkpoint' | 'rebind';
/** (Issue 13) Server metadata (copied by the literal when it is the only optional field) and the optional host fields of issue 13. */
type ManagementField = 'meta' | 'crd' | 'unselected' | 'owed' | 'left';
/** Fails to compile when `NodeView` gains a field {@link copyNode} does not know (it would drop it). */
const COPY_NODE_KNOWS_EVERY_FIELD: [Exclude<keyof NodeView, FixedField | FaultField | ManagementField>] extends [never] ? true : never = true;
void COPY_NODE_KNOWS_EVERY_FIELD;

/**
 * A shallow copy of a node with the same keys in the same order (JSON of states is part of the
 * output). Written as a literal rather than `{ ...n }` (issue 17): V8 gives spread copies maps
 * on which adding a property later costs about 2 microseconds, and the property memo
 * (properties/node-memo.ts) adds a hidden field to most new nodes; a literal copy takes it in a
 * tenth of that. A node of the fault model (issue 12) or with
 * issue 13's optional host fields, which come and go, is spread as before; server metadata (issue
 * 13), created with the node, is copied last.
 */
export function copyNode(n: NodeView): NodeView {
  if (n.down !== undefined || n.lost !== undefined || n.cut !== undefined || n.checkpoint !== undefined || n.rebind !== undefined
    || n.crd !== undefined || n.unselected !== undefined || n.owed !== undefined || n.left !== undefined) return { ...n };
  if (n.meta !== undefined) {
    return {
      member: n.member, connected: n.connected, parent: n.parent, objects: n.objects, order: n.order, applied: n.applied,
      flagF: n.flagF, flagT: n.flagT, collected: n.collected, committed: n.committed, agent: n.agent, executed: n.executed,
      made: n.made, writes: n.writes, meta: n.meta,
    };
  }
  return {
    member: n.member, connected: n.connected, parent: n.parent, objects: n.objects, order: n.order, applied: n.applied,
    flagF: n.flagF, flagT: n.flagT, collected: n.collected, committed: n.committed, agent: n.agent, executed: n.executed,
    made: n.made, writes: n.writes,
  };
}

/**
 * A shallow copy of an instance with the same keys in the same order (issue 17): a literal, so
 * that every instance shares one hidden class (spread copies made at a dozen sites gave V8 a
 * dozen maps, and every read of an instance field went megamorphic). An instance with one of
 * issue 13's optional fields is spread as before.
 */
export function copyInstance(x: InstanceView): InstanceView {
  if (x.row !== undefined || x.offer !== undefined || x.added !== undefined || x.relay !== undefined || x.meta !== undefined || x.base !== undefined || x.need !== undefined) return { ...x };
  return {
    from: x.from, n: x.n, to: x.to, kind: x.kind, state: x.state, trail: x.trail, updates: x.updates, objects: x.objects,
    snapshot: x.snapshot, cursor: x.cursor, failures: x.failures, copies: x.copies,
  };
}

/** Fails to compile when `InstanceView` gains a field {@link copyInstance} does not know. */
const COPY_INSTANCE_KNOWS_EVERY_FIELD: [Exclude<keyof InstanceView, 'from' | 'n' | 'to' | 'kind' | 'state' | 'trail' | 'updates' | 'objects' |
  'snapshot' | 'cursor' | 'failures' | 'copies' | 'row' | 'offer' | 'added' | 'relay' | 'meta' | 'base' | 'need'>] extends [never] ? true : never = true;
void COPY_INSTANCE_KNOWS_EVERY_FIELD;

/** A shallow copy of an update, keys in the same order: a literal, for one hidden class (see {@link copyInstance}). */
export function copyUpdate(u: UpdateView): UpdateView {
  if (u.acked !== undefined) return { ...u };
  return { origin: u.origin, seq: u.seq, item: u.item, value: u.value, deps: u.deps, gid: u.gid, stamp: u.stamp };
}

/** Fails to compile when `UpdateView` gains a field {@link copyUpdate} does not know. */
const COPY_UPDATE_KNOWS_EVERY_FIELD: [Exclude<keyof UpdateView, 'origin' | 'seq' | 'item' | 'value' | 'deps' | 'gid' | 'stamp' | 'acked'>] extends [never] ? true : never = true;
void COPY_UPDATE_KNOWS_EVERY_FIELD;
