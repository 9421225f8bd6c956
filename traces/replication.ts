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
  /** IR and ROI: bitmask of the objects concerned. */
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
   * Extra copies the Host Manager will deliver (duplicated delivery), executed as separate arrivals.
   * (Clarification) While copies remain the instance stays in the view in state `executing`, even
   * after its first execution; each `execute` consumes one arrival, and the instance is removed
   * with its last one. A suppressed copy does not run (its name is not added to `executed` again).
   */
  copies: number;
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
}

/** (Addition, issue 12) The persistent part of a node as of its last checkpoint. */
export interface CheckpointView {
  objects: number;
  order: number[][];
  applied: number[];
  flagF: number[];
  flagT: number[];
  collected: number[];
  committed: number;
  executed: string[];
  /** The node it was taken jointly with (seed 002 13.2.1: a parent and a child), or -1. */
  with: number;
}

/** (Addition, issue 12) Checkpoint policies, per node kind. */
export type CheckpointPolicy = 'always' | 'every-k' | 'on-ack' | 'never';

/** (Addition, issue 12) The resolved fault model of a configuration. */
export interface FaultsConfig {
  /** Crashes (of any node in `nodes`) a run may take. */
  crashes: number;
  /** Instances lost in transit after their sender was acknowledged. */
  losses: number;
  /** Link partitions (each heals later). */
  partitions: number;
  /** Hosts (among `nodes`) lost for good. */
  permanent: number;
  /** Ids of the nodes that may crash (hosts among them may also be lost permanently). */
  nodes: string[];
  /** Ids of the cells and zones whose link to their parent may be partitioned. */
  links: string[];
  /** Checkpoint policy per node kind (the MS is always write-ahead). */
  checkpoint: { mobile: CheckpointPolicy; fixed: CheckpointPolicy; cell: CheckpointPolicy; zone: CheckpointPolicy; master: 'always' };
  /** `every-k`: a node checkpoints after every k-th instance it executes. */
  every: number;
  /** Joint checkpoints of a cell or zone with its parent are offered (seed 002 13.2.1). */
  joint: boolean;
  /** Joint checkpoints only when nothing is in transit between the two (13.2.1's consistency rule); false: a broken variant. */
  jointQuiescence: boolean;
  /**
   * (Addition, issue 12; seed 002 13.2.2) Where a crashed server recovers, per server kind:
   * `in-place` (default) or `replacement` (another capsule takes over its role, starting from
   * the checkpoint storage, and its parent and children must re-register with it). Absent: in
   * place everywhere.
   */
  recovery?: { cell: RecoveryPlace; zone: RecoveryPlace; master: RecoveryPlace };
  /** (Addition, issue 12) false: nothing re-registers with a replacement server (a broken variant); absent or true: they do. */
  reregister?: boolean;
}

/** (Addition, issue 12) Where a crashed server recovers (seed 002 13.2.2). */
export type RecoveryPlace = 'in-place' | 'replacement';

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
  };
  /** Update attempts refused (infrequently changed objects at a host other than the MS). */
  refused: number;
}

/**
 * A step's semantic action. Nodes by id, updates by name `<origin id>#<seq>`, instances by name
 * `<from id>/<n>`, objects and items by id.
 */
export type ReplicationAction =
  /** Phase 2, local update at `host` (any member node); refused (no update, `refused` + 1) on an infrequently changed object unless `host` is the MS. */
  | { type: 'update'; host: string; item: string; value: number }
  /** A local read, recorded for the session guarantees. */
  | { type: 'read'; host: string; item: string }
  /**
   * Phase 3: the resident IIRA at `from` retrieves what it must send, creates an instance carrying
   * a VLDS of `kind` addressed to `to`, and asks its Host Manager to migrate it (monitoring,
   * retrieving, creating, migrating fused: nothing observable can interleave inside one IIRA).
   */
  | { type: 'send'; from: string; to: string; kind: VldsKind; instance: string; updates: string[]; objects?: string[] }
  /** The Host Manager's transfer of a migrating instance: `ok` delivers it (state executing) and acknowledges (the sender's flags turn T); otherwise a failed transfer, retried later. */
  | { type: 'migrate'; instance: string; ok: boolean }
  /** The Host Manager delivers one more copy of an already transferred instance (a duplicated delivery). */
  | { type: 'duplicate'; instance: string }
  /**
   * The instance executes at its destination (inserting, ordering or merging its VLDS) and removes itself.
   * (Clarification, as the model implements it) executing an IR at a host also creates that host's
   * ROI instance to its current cell, and executing an ROI at a cell or zone creates the next
   * ROI instance one level up (both in state `migrating`; the knob `roiPropagation` turns them off).
   */
  | { type: 'execute'; instance: string }
  /** Phase 4: a cell or zone orders its collected updates causally (they join its flag-F list); the MS assigns Global IDs. */
  | { type: 'order'; server: string; updates: string[] }
  /** Peer-to-peer exchange of recent updates between mobile hosts in one cell (fused send and execute). */
  | { type: 'peer'; from: string; to: string; updates: string[] }
  | { type: 'disconnect'; host: string }
  | { type: 'reconnect'; host: string }
  /** A mobile host moves to another cell (possibly in another zone). */
  | { type: 'move'; host: string; to: string }
  /**
   * A host joins: its join request reaches its cell, which creates the IR instance (the `send` of the IR instance follows as its own step).
   * (Clarification) The created instance is in state `creating` with an empty snapshot; the `send`
   * (kind IR) fills the snapshot and cursor from the cell at that moment. `objects` lists every
   * object the host will hold (its interests and their related objects).
   */
  | { type: 'join'; host: string; objects: string[] }
  /**
   * Change-Replicated-Data: add or remove one object (with its related objects) at a host.
   * (Clarification) `add` creates an IR instance at the host's cell (state `creating`, like a join);
   * `remove` takes effect at once (the object's items are dropped) and creates the host's ROI instance.
   */
  | { type: 'changeInterests'; host: string; add?: string; remove?: string }
  /**
   * (Additions, issue 12: faults) `crash`: the node stops; it keeps only what its checkpoint
   * policy persisted; instances it sent and that were not transferred yet are lost, and so are
   * arrivals it had not persisted. `recover`: it restarts from that state (redo follows by the
   * protocol; a server whose `faults.recovery` is `replacement` comes up on a replacement that
   * waits for its neighbours to re-register, see `reregister`). `checkpoint`: a joint checkpoint of `node` and its parent `with` (13.2.1).
   * `lose`: the Host Manager acknowledged the transfer of `instance` (the sender's flags turn T)
   * but the instance never arrives. `loseHost`: a host is lost for good. `partition`/`heal`: the
   * link between a cell or zone `node` and its parent is cut / restored.
   */
  | { type: 'crash'; node: string }
  | { type: 'recover'; node: string }
  /**
   * (Addition, issue 12) `node`, a server recovered on a replacement, learns that its neighbour
   * `with` (its parent or a child) re-registered with it: a child re-sends its cursor (the
   * replacement's ReRU stream resumes from it), the parent learns the replacement's address.
   */
  | { type: 'reregister'; node: string; with: string }
  | { type: 'checkpoint'; node: string; with: string }
  | { type: 'lose'; instance: string }
  | { type: 'loseHost'; host: string }
  | { type: 'partition'; node: string }
  | { type: 'heal'; node: string };

/**
 * The resolved configuration a trace carries (presets and topology shorthands expanded). Node,
 * object and item indices in the view follow the order of these lists: nodes are the master,
 * then zones, cells, and hosts, each group in listing order (see `model/config.ts`).
 */
export interface ResolvedConfig {
  name?: string;
  master: { id: string };
  zones: { id: string }[];
  cells: { id: string; zone: string }[];
  hosts: {
    id: string;
    kind: 'mobile' | 'fixed';
    cell: string;
    /** Objects the host selects (its related objects are added to them). */
    interests: string[];
    /** True when the host is not a member at the start and joins during the run. */
    joins?: boolean;
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
