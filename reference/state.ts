/**
 * The reference engine's full state: every host's replica manager and local store (objects,
 * data-item rows, the Propagation-Flag column), its resident IIRA and Host Manager, the servers'
 * metadata objects (Hosts-Obj, Hosts-Replicated-Objects-Obj, Objects-Details-Obj), the agent
 * instances with their VLDS, and a logical clock. `abstraction.ts` maps it onto the shared view.
 */
import type { AgentState, ReadView } from '../traces/replication.ts';
import type { Vlds } from './vlds.ts';
import type { FaultRuntime } from './faults.ts';

/** IIRA types by level (seed 001, 3.4.2). */
export type IiraType = 'MHR' | 'CSR' | 'ZSR' | 'MSR';

/** One generated update, as its origin's replica manager recorded it. */
export interface UpdateRecord {
  origin: number;
  seq: number;
  item: number;
  value: number;
  /** Updates ever merged into the origin's replica (its application log, even for objects it dropped since) when it was generated, ascending. */
  deps: number[];
  /** Global ID (0 until the MS assigns one). */
  gid: number;
  /** Logical generation time (UT-DI). */
  generated: number;
  /** The mechanism's clock in the UT-DI (Lamport clock, physical timestamp or vector clock); {} when it has none. */
  clock: UpdateClock;
  /** (Issue 12) Its origin's Host Manager once acknowledged its transfer up (faults configurations only). */
  acknowledged?: boolean;
}

/** UT-DI clock fields; a mechanism sets the one it uses (mechanisms/clocks.ts). */
export interface UpdateClock {
  lamport?: number;
  physical?: number;
  /** Dense, by node index. */
  vector?: number[];
  /** A plugin mechanism's own stamp (clock kind `custom`). */
  custom?: number[];
}

/** A replica manager's clocks: the highest Lamport time and the vector clock of everything it generated or merged. */
export interface ReplicaClocks {
  lamport: number;
  /** Dense, by node index. */
  vector: number[];
}

/** One row of the Propagation-Flag column: an update this node must send up (F) or has sent and had acknowledged (T). */
export interface FlagRow {
  update: number;
  flag: 'F' | 'T';
}

/** The replicated database on one node (full on servers, partial on hosts). */
export interface LocalStore {
  /** Replicated objects (mask). */
  objects: number;
  /** Per item index: the update ids of its value sequence, in order ([] for items not held). */
  rows: number[][];
  /** Every insertion of an update, in order (the replica manager's application log). */
  log: number[];
  /** Highest Global ID merged here (the ReRU stream's cursor). */
  committed: number;
  /** (Issue 13, item selection) Items of replicated objects the user did not select (not stored). */
  unselected?: number[];
  /**
   * (Stop 25, seed order) Items the user selected whose data has not come yet (ascending): their
   * schema exists (3.5 step 2), their data comes with step 6's instance; until then they are not
   * replicated here (not in `objects`, or listed in `unselected` when their object is).
   */
  owed?: number[];
}

/** The resident IIRA of a node. */
export interface Iira {
  type: IiraType;
  /** Current activity (seed 001, 3.4.3). */
  state: AgentState;
  /** Instances created so far (the next is number made + 1). */
  made: number;
  /** Propagation-Flag column, F rows in flagging order, T rows in the order they turned T. */
  flags: FlagRow[];
  /** Servers: Collection-VLDS, updates received from below and not yet ordered, in arrival order. */
  collection: number[];
  /**
   * (Issue 13) Servers: the UT-DI send times each collected update arrived with (the earlier hops,
   * one entry per hop), extended by one when this node ships it up; absent until an RU arrives.
   */
  sendTimes?: { update: number; sent: number[] }[];
}

/** The Host Manager of a node: connectivity, and the instances it let execute (by VLDS header name). */
export interface HostManager {
  connected: boolean;
  /** Names of the instances executed here, in order. */
  executed: string[];
  /** Acknowledgements it sent back to senders, counted. */
  acks: number;
}

/** Hosts-Obj row: a host known to a server (seed 001, 3.3: Host ID, Host Type, Region). */
export interface HostRow {
  host: number;
  type: 'MS' | 'ZS' | 'CS' | 'MH' | 'FH';
  region: number;
}

/** Hosts-Replicated-Objects-Obj row: the objects and items a host replicates. */
export interface ReplicatedObjectsRow {
  host: number;
  objects: number;
  items: number[];
  /** (Issue 13) The number of the host's instance whose report this row is (0: the configuration's). */
  version: number;
}

/** (Issue 13) A cursor a child acknowledged to this server. */
export interface AcknowledgedCursor {
  child: number;
  cursor: number;
}

/** Metadata objects replicated on every server (seed 001, 3.1 and appendix A). */
export interface ServerMetadata {
  hostsObj: HostRow[];
  hostsReplicatedObjects: ReplicatedObjectsRow[];
  /** (Issue 13) The cursors the server's children acknowledged (executed ReRU and IR instances, registrations). */
  acknowledged: AcknowledgedCursor[];
}

/** One node: a server or a host with its replica manager, IIRA and Host Manager. */
export interface NodeRuntime {
  member: boolean;
  /** Current server above (-1 for the MS). */
  parent: number;
  store: LocalStore;
  iira: Iira;
  hm: HostManager;
  /** Updates generated here. */
  writes: number;
  /** Reads recorded here. */
  reads: number;
  /** The replica manager's clocks (mechanisms with clocks stamp from them). */
  clocks: ReplicaClocks;
  /** Servers only. */
  metadata?: ServerMetadata;
  /** (Issue 13, seed order) The user invoked Change-Replicated-Data; its message waits for the connection (3.5 CRD steps 1-3). */
  changeRequested?: boolean;
  /** (Issue 13) The host left the system (`leave`). */
  left?: boolean;
  /** (Issue 12) Crash, loss and partition status and stable storage (faults.ts); absent until a fault touches the node. */
  fault?: FaultRuntime;
}

/** An IIRA instance: its VLDS, lifecycle and transfer bookkeeping. */
export interface InstanceRuntime {
  vlds: Vlds;
  state: AgentState;
  trail: AgentState[];
  /** Transfers the Host Manager failed (the agent asked again). */
  failures: number;
  /** Extra deliveries pending (duplicated delivery). */
  copies: number;
  /** Where the instance is: at its sender waiting to migrate, or delivered at its destination. */
  at: 'sender' | 'destination';
}

/** Environment budgets used (mirrors the view's `used`). */
export interface Budgets {
  disconnects: number;
  moves: number;
  failures: number;
  duplicates: number;
  joins: number;
  interestChanges: number;
  /** (Issue 12) Fault budgets used; present when the configuration has faults. */
  crashes?: number;
  losses?: number;
  partitions?: number;
  permanent?: number;
  /** (Issue 13, seed order) Join requests refused. */
  refusedJoins?: number;
  /** (Issue 13) Handoff steps taken; present when the knob handoff is forward or resend. */
  handoffs?: number;
}

/** The whole engine state. */
export interface EngineState {
  /** Logical clock: one tick per applied action. */
  clock: number;
  nodes: NodeRuntime[];
  updates: UpdateRecord[];
  instances: InstanceRuntime[];
  /** The MS's next Global ID. */
  nextGid: number;
  reads: ReadView[];
  used: Budgets;
  refused: number;
}

/** An instance's name `<sender id>/<n>`. */
export function instanceName(ids: readonly string[], inst: InstanceRuntime): string {
  return `${ids[inst.vlds.header.sender]}/${inst.vlds.header.instanceId}`;
}
