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
 * This module holds the whole state, the update and read records and the resolved configuration;
 * the node records (`replication-node.ts`), agent instances (`replication-instance.ts`), actions
 * (`replication-actions.ts`) and fault records (`replication-faults.ts`) have files of their own,
 * all re-exported here.
 *
 * Additive changes only: a field or action type may be added (documented where it is defined); none is renamed.
 */
import type { FaultsConfig } from './replication-faults.ts';
import type { InstanceView } from './replication-instance.ts';
import type { NodeView } from './replication-node.ts';

export { AGENT_STATES, type AgentState, type InstanceView, type VldsKind } from './replication-instance.ts';
export type { MetadataView, NodeView } from './replication-node.ts';
export type { CheckpointPolicy, CheckpointView, FaultsConfig, RecoveryPlace } from './replication-faults.ts';
export type { ReplicationAction } from './replication-actions.ts';

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

/** A read recorded for the session guarantees. */
export interface ReadView {
  host: number;
  item: number;
  /** The update ids in the host's current order for the item when it read (last one is the value read). */
  seen: number[];
  /** How many updates the host had generated before this read. */
  writesBefore: number;
}

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
