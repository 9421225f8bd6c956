/**
 * (Issue 12) The fault model's part of the trace format (split from replication.ts, which
 * re-exports it): checkpoints as the view records them, checkpoint policies, the resolved fault
 * model a trace's configuration carries, and where a crashed server recovers.
 */

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
