/**
 * The replication model's part of the trace format: the semantic actions a trace step carries and
 * the state view each step records. The model (`model/`) uses the view as its state; the
 * properties (`properties/`) are predicates over it; the reference engine (`reference/`) maps its
 * own, fuller state onto it (the abstraction function) so a trace replays there. Nothing else is
 * shared between the model and the engine.
 *
 * Indexing: nodes, objects and items are numbered in the order the resolved configuration lists
 * them (see {@link NodeIndex}); update ids are positions in `updates` (generation order).
 * In actions, everything is named (node ids, `origin#seq` update names, `from/n` instance names)
 * so traces are readable and independent of list positions.
 *
 * Additive changes only: a field or action type may be added (documented here); none is renamed.
 */
import type { CheckpointView, FaultsConfig } from './replication-faults.ts';

/** The resident IIRA's activities (seed 001, 3.4.3). */
export type AgentState = 'monitoring' | 'retrieving' | 'creating' | 'migrating' | 'executing' | 'removing';

/** The order of {@link AgentState}s every instance must follow. */
export const AGENT_STATES: readonly AgentState[] = ['monitoring', 'retrieving', 'creating', 'migrating', 'executing', 'removing'];

/**
 * What an agent instance carries (seed 001, 3.4.1 and 3.5.1):
 * `RU` RU-Propagation-VLDS (recent updates going up; at cells and zones its body is the
 * ordered content of their Collection-VLDS); `ReRU` ReRU-Propagation-VLDS (totally ordered
 * updates going down); `IR` Objects-Information-VLDS plus the data of the selected objects
 * (initial replication, going down to a joining host or one that changed interests); `ROI`
 * Replicated-Objects-Information-VLDS (a host's replicated objects, climbing to the MS);
 * `PEER` recent updates exchanged between mobile hosts in one cell.
 */
export type VldsKind = 'RU' | 'ReRU' | 'IR' | 'ROI' | 'PEER';

/** Node kinds, in the order the configuration's tree lists them. */
export type NodeKind = 'master' | 'zone' | 'cell' | 'mobile' | 'fixed';

/** Names and static facts for the indices used in the view; derived from the configuration, not part of the state. */
export interface NodeIndex {
  nodes: { id: string; kind: NodeKind; parent: number }[];
  objects: { id: string; kind: 'frequent' | 'infrequent'; items: number[]; related: number[] }[];
  items: { id: string; object: number }[];
}

/** One generated update (the history entry the properties reason about). */
export interface UpdateView {
  /** Node index of the host (or server) that generated it. */
  origin: number;
  /** Per-origin sequence number, from 1. */
  seq: number;
  /** Item index. */
  item: number;
  /** The value written (1..values). */
  value: number;
  /**
   * Update ids visible at the origin when this update was generated (merged into its replica,
   * by any path), ascending. Together with `seq` this is the direct happens-before relation.
   */
  deps: number[];
  /** Global ID assigned by the MS, 0 while it has none. */
  gid: number;
  /** Mechanism metadata attached at generation (Lamport clock, physical time, vector clock); [] for hierarchical. */
  stamp: number[];
  /**
   * (Addition, issue 12; only in configurations with `faults`) true once the update's origin has
   * had it acknowledged by the level above (its flag turned T), even if a crash later rolled the
   * origin back: the history fact `durability` is about.
   */
  acked?: true;
}

/** An agent instance that exists: created and waiting to migrate, or arrived and waiting to execute. */
export interface InstanceView {
  /** Creating node and its per-node instance counter: the instance is named `<from id>/<n>`. */
  from: number;
  n: number;
  to: number;
  kind: VldsKind;
  /** `migrating` until the Host Manager's acknowledged transfer, then `executing` at the destination. */
  state: AgentState;
  /** Every state the instance has been in, in order (for the agent-lifecycle property). */
  trail: AgentState[];
  /** VLDS body: update ids, in the order the sender put them (RU, ReRU, PEER). */
  updates: number[];
  /**
   * IR and ROI: bitmask of the objects concerned. (Addition, issue 13, model/README.md finding 10)
   * ReRU to a host, under `moveCursorGuard` where hosts may both move and add objects
   * (`bounds.moves` and `bounds.interestChanges` > 0, not `oracle`): the objects its sender
   * filtered it on (the sender's Hosts-Replicated-Objects-Obj row of the host); 0 elsewhere
   * (none named, as in every trace written before). The host merges such a batch only when
   * these cover every object it holds (and `base` does not pass its cursor).
   */
  objects: number;
  /** IR: the data shipped, per item index (value sequence as update ids); [] for items not shipped. */
  snapshot: number[][];
  /**
   * IR: the sender's committed Global ID high-water mark the snapshot reflects.
   * ReRU (addition): the sender's committed Global ID when it sent the instance; executing it
   * advances the receiver's `committed` to at least this value (past Global IDs on items the
   * receiver does not hold). 0 for RU, ROI and PEER.
   */
  cursor: number;
  /** Failed migration attempts so far. */
  failures: number;
  /**
   * (Addition, issue 13; ROI instances without the knob `oracle`) The Hosts-Obj and
   * Hosts-Replicated-Objects-Obj row the instance reports: the host, the cell it registered in
   * (its Region), and the row's version (the number of the host's own instance that reported
   * it). With it, an ROI's `objects` is that host's object mask and its `cursor` the host's
   * Global ID cursor when the host created the report (a lower bound its server may rely on).
   */
  row?: { host: number; region: number; version: number };
  /**
   * (Addition, issue 13; knob `initialReplication: seed`) On an IR instance: true when it is the
   * IIRA-Initial-Replication-Instance of 3.5 carrying only the Objects-Information-VLDS (what can
   * be selected: `objects` is every object offered, no data); it executes at the host as a
   * `select` step. The data follows later in a separate IR instance (3.5 step 6).
   */
  offer?: true;
  /**
   * (Addition, issue 13; knob `initialReplication: seed`) On an ROI a host creates after a
   * selection: the objects it newly selected, whose data the cell owes it (3.5 step 6). Executing
   * the ROI at the cell creates that data instance (an IR instance in state `creating`).
   */
  added?: number;
  /**
   * (Addition, issue 13; knob `handoff=forward`) On a ReRU instance a new cell relays to a host
   * that moved: the old cell (node index) whose pending instances for the host it carries.
   */
  relay?: number;
  /**
   * (Addition, issue 13, model/README.md finding 10; present only under the conditions of a
   * ReRU's `objects`) On a ReRU to a host: the cursor its batch starts after (the sender's
   * acknowledged cursor for the host when it sent it). The host merges the batch only when this
   * is at or below its own cursor: else the batch would leave a gap below it.
   */
  base?: number;
  /**
   * (Addition, finding 10; same conditions) On an IR instance an interest change created: the
   * Global ID the host's Change-Replicated-Data request says the snapshot must reach (its
   * cursor, or a higher Global ID of another node's update it holds); the snapshot guard waits
   * until the server's cursor reaches it. (Same conditions, `initialReplication: seed`) Also on
   * a host's selection report (an ROI with `added`): the same Global ID, which the data instance
   * the cell creates from the report takes over (3.5 step 6).
   */
  need?: number;
  /**
   * Extra copies the Host Manager will deliver (duplicated delivery), executed as separate arrivals.
   * (Clarification) While copies remain the instance stays in the view in state `executing`, even
   * after its first execution; each `execute` consumes one arrival, and the instance is removed
   * with its last one. A suppressed copy does not run (its name is not added to `executed` again).
   */
  copies: number;
  /**
   * (Addition, issue 13: growing topology) IR to a joiner server: the metadata objects of the
   * serving parent at the snapshot (its Hosts-Obj and Hosts-Replicated-Objects-Obj rows and
   * registered servers; `acked` empty), installed by the new server with the data.
   */
  meta?: MetadataView;
}

/** A read recorded for the session guarantees. */
export interface ReadView {
  host: number;
  item: number;
  /** The update ids in the host's current order for the item when it read (last one is the value read). */
  seen: number[];
  /** How many updates the host had generated before this read. */
  writesBefore: number;
}

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

export type { CheckpointPolicy, CheckpointView, FaultsConfig, RecoveryPlace } from './replication-faults.ts';

/** The whole state: what a trace step records and what every property reads. */
export interface ReplicationState {
  nodes: NodeView[];
  updates: UpdateView[];
  /** Existing agent instances, sorted by (from, n). */
  instances: InstanceView[];
  /** The next Global ID the MS will assign (1 + the number assigned). */
  nextGid: number;
  reads: ReadView[];
  /**
   * Environment budgets used so far (bounded by the configuration's `bounds`). (Addition, issue
   * 12) `crashes`, `losses`, `partitions`, `permanent` are present exactly when the configuration
   * has `faults`.
   */
  used: {
    disconnects: number; moves: number; failures: number; duplicates: number; joins: number; interestChanges: number;
    crashes?: number; losses?: number; partitions?: number; permanent?: number;
    /** (Addition, issue 13; present exactly under `initialReplication: seed`) join requests the cells refused. */
    refusedJoins?: number;
    /** (Addition, issue 13) Handoff steps taken (present exactly when the knob `handoff` is forward or resend). */
    handoffs?: number;
  };
  /** Update attempts refused (infrequently changed objects at a host other than the MS). */
  refused: number;
}

export type { ReplicationAction } from './replication-actions.ts';

/**
 * The resolved configuration a trace carries (presets and topology shorthands expanded). Node,
 * object and item indices in the view follow the order of these lists: nodes are the master,
 * then zones, cells, and hosts, each group in listing order (see `model/config.ts`).
 */
export interface ResolvedConfig {
  name?: string;
  master: { id: string };
  /** (Addition, issue 13) `joins`: a zone server that starts outside the system and joins during the run. */
  zones: { id: string; joins?: boolean }[];
  /** (Addition, issue 13) `joins`: a cell server that starts outside the system and joins during the run. */
  cells: { id: string; zone: string; joins?: boolean }[];
  hosts: {
    id: string;
    kind: 'mobile' | 'fixed';
    /** The server the host attaches to: a cell; (addition, issue 13) a fixed host may name a zone or the master. */
    cell: string;
    /** Objects the host selects (its related objects are added to them). */
    interests: string[];
    /** True when the host is not a member at the start and joins during the run. */
    joins?: boolean;
    /** (Addition, issue 13) True when the host may leave the system during the run (`leave`). */
    leaves?: boolean;
  }[];
  objects: { id: string; kind: 'frequent' | 'infrequent'; items: string[]; related: string[] }[];
  bounds: {
    /** Updates each member node may generate (the MS included). */
    updatesPerHost: number;
    /** Values an update may write (1..values). */
    values: number;
    /** Reads each host may record. */
    reads: number;
    disconnects: number;
    moves: number;
    failedMigrations: number;
    duplicates: number;
    joins: number;
    interestChanges: number;
  };
  /**
   * (Addition) Node ids allowed to generate updates (any of the MS, zones, cells, hosts);
   * absent means every member node. Lets small configurations keep one or two writers.
   */
  writers?: string[];
  /** Design knobs (issue 6); absent means the hierarchical strategy's defaults. */
  knobs?: Record<string, boolean | number | string>;
  /** (Addition, issue 12) The fault model; absent: nothing can crash, be lost or be partitioned. */
  faults?: FaultsConfig;
}
