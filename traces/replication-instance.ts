/**
 * The replication view's agent instances (part of the trace format, see `replication.ts`): the
 * resident IIRA's activities, the VLDS kinds an instance carries, and the instance record a
 * trace step lists. Named as in seed 001, 3.4 and 3.5.
 */
import type { MetadataView } from './replication-node.ts';

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
