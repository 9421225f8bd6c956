/**
 * The replication view's per-node records (part of the trace format, see `replication.ts`): one
 * host or server's replica, flags, agent activity and fault marks, and a server's metadata rows
 * (seed 001, 3.3 and 3.5).
 */
import type { AgentState } from './replication-instance.ts';
import type { CheckpointView } from './replication-faults.ts';

/** One host or server. */
export interface NodeView {
  /** False for a host that has not joined yet (it joins during the run). */
  member: boolean;
  connected: boolean;
  /** The server above (a cell for hosts, changes when a mobile host moves); -1 for the MS. */
  parent: number;
  /** Bitmask of the objects held (all objects on servers). */
  objects: number;
  /** Per item index: the current order of update ids (the value sequence); [] for items not held. */
  order: number[][];
  /** Application log: every insertion of an update into the replica, in order (a duplicate application appears twice). */
  applied: number[];
  /** Propagation-Flag F: updates this node must still send up (own updates on hosts; ordered collected updates on cells and zones). */
  flagF: number[];
  /** Propagation-Flag T: updates this node sent up and the node above acknowledged. */
  flagT: number[];
  /** Servers: updates received from below and not yet ordered (Collection-VLDS). */
  collected: number[];
  /** Highest Global ID merged here (the ReRU stream's cursor); servers and hosts alike. */
  committed: number;
  /** The resident IIRA's current activity. */
  agent: AgentState;
  /** Names (`from/n`) of the instances executed here, in order (for exactly-once delivery of instances). */
  executed: string[];
  /** Instances created here so far (the next one is number `made + 1`). */
  made: number;
  /** Updates generated here so far. */
  writes: number;
  /** (Addition, issue 12) Present and true while the node is crashed (or lost for good): it takes no step, nothing reaches it. */
  down?: true;
  /** (Addition, issue 12) Present and true for a host lost permanently (it never recovers). */
  lost?: true;
  /** (Addition, issue 12) Present and true on a cell or zone whose link to its parent is partitioned. */
  cut?: true;
  /**
   * (Addition, issue 12) The node's last checkpoint (what survives a crash) under the `on-ack`
   * and `every-k` policies; absent when none was taken (a crash then restores the initial state)
   * and under `always` (write-ahead: the live state is the persistent one) and `never`.
   */
  checkpoint?: CheckpointView;
  /**
   * (Addition, issue 12) A server recovered on a replacement (`faults.recovery`): the indices of
   * its parent and children that have not re-registered with it yet (ascending). No transfer
   * passes between it and one of them until that one re-registers (`reregister`). Absent when
   * none is pending.
   */
  rebind?: number[];
  /**
   * (Addition, issue 13; servers only, absent with the knob `oracle`) The server's metadata
   * objects, as messages told it (seed 001 3.3, 3.5): every decision it takes about a child reads
   * these, never the child's state.
   */
  meta?: MetadataView;
  /**
   * (Addition, issue 13; knob `initialReplication: seed`) Present and true on a host whose user
   * invoked Change-Replicated-Data (3.5 CRD step 1) and whose Change-Replicated-Data-Msg has not
   * reached its cell yet (steps 2-3: it waits for the connection).
   */
  crd?: true;
  /**
   * (Addition, issue 13; knob `itemSelection`) Item-level partial replica (def 3.1.3, 3.1.4): the
   * items of objects the host holds that its user did not select (ascending; absent: every item
   * of every held object). The host neither stores, writes, reads nor merges them.
   */
  unselected?: number[];
  /**
   * (Addition, stop 25; knob `initialReplication: seed`) The items a host's user selected whose
   * data has not been installed yet (ascending): 3.5 step 2 creates their schema, step 6's
   * instance brings their data. The host does not hold them (def 3.1.3: a replica is a copy of
   * the object's data): it neither stores, writes, reads nor merges them, and every property
   * sees the replica without them; its reports (a move's registration, a recovery's) name their
   * objects with the ones it holds. An owed item of an object the host already holds (with
   * `itemSelection`) is also listed in `unselected` until its data comes. Absent when none is owed.
   */
  owed?: number[];
  /** (Addition, issue 13: growing topology) Present and true on a host that left the system (`leave`); it never rejoins. */
  left?: true;
}

/**
 * (Addition, issue 13) A server's metadata, as the rows that differ from the configuration's: a
 * host's initial row is Region = the cell it starts in, objects = its interests with their
 * related objects, version 0 (a joiner's: Region -1, no objects, version 0).
 */
export interface MetadataView {
  /**
   * Hosts-Obj and Hosts-Replicated-Objects-Obj rows that differ from the initial ones, as flat
   * quadruples `[host position, region, objects, version, ...]` sorted by host position (node
   * index minus the index of the first host). Region -1: not registered here; version: the
   * number of the host's instance that reported the row.
   */
  rows: number[];
  /** Cursors this server's children acknowledged: flat pairs `[child node index, cursor, ...]` sorted by child, only children with a non-zero cursor. */
  acked: number[];
  /**
   * (Addition, issue 13: growing topology; only in configurations with joiner servers) The
   * Hosts-Obj rows of type CS/ZS for the configured joiner servers registered here (node
   * indices, ascending): a joiner server is registered at its parent by its join request and at
   * every other server once its initial replication is acknowledged (3.5 server steps 6-9).
   * Configured (non-joiner) servers are implicit.
   */
  servers?: number[];
}
