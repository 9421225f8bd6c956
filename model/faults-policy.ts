/**
 * Volatile and persistent state under the fault model (issue 12; model/README.md, "Faults"):
 * each node kind's checkpoint policy, the persistent part of a node (what a checkpoint holds),
 * and what a crash leaves: the live state under `always` (write-ahead), the last checkpoint under
 * `on-ack` and `every-k`, the initial state under `never`. Instance counters (`made`) and write
 * counters (`writes`) are stable storage under every policy (names are never reused).
 */
import type { CheckpointPolicy, CheckpointView, FaultsConfig, NodeView, ReplicationState } from '../traces/replication.ts';
import type { Topology } from './topology.ts';
import { KIND_NAMES } from './topology.ts';
import { EMPTY } from './state.ts';

/** Static fault facts of a topology (computed once per topology). */
export interface FaultFacts {
  readonly config: FaultsConfig;
  /** Per node: may crash. */
  readonly crashable: boolean[];
  /** Per node: its link to its parent may be cut. */
  readonly cuttable: boolean[];
  /** Per node: its checkpoint policy. */
  readonly policy: CheckpointPolicy[];
}

const cache = new WeakMap<Topology, FaultFacts | null>();

/** The fault facts of a topology, or undefined when its configuration has no `faults`. */
export function faultFacts(topo: Topology): FaultFacts | undefined {
  let f = cache.get(topo);
  if (f === undefined) {
    const c = topo.config.faults;
    f = c
      ? {
        config: c,
        crashable: topo.ids.map((id) => c.nodes.includes(id)),
        cuttable: topo.ids.map((id) => c.links.includes(id)),
        policy: topo.ids.map((_, i) => c.checkpoint[KIND_NAMES[topo.kind[i]!]!]),
      }
      : null;
    cache.set(topo, f);
  }
  return f ?? undefined;
}

/** True when node `i` is up (not crashed, not lost). */
export function isUp(s: ReplicationState, i: number): boolean {
  return s.nodes[i]!.down !== true;
}

/** True when the link between node `a` and node `b` (one the other's parent) is not cut. */
export function linkUp(s: ReplicationState, a: number, b: number): boolean {
  const na = s.nodes[a]!;
  const nb = s.nodes[b]!;
  if (na.cut && na.parent === b) return false;
  if (nb.cut && nb.parent === a) return false;
  // (Seed 002 13.2.2) A replacement server exchanges nothing with a neighbour that has not re-registered.
  if (na.rebind?.includes(b) || nb.rebind?.includes(a)) return false;
  return true;
}

/** True when a crashed server `i` recovers on a replacement (`faults.recovery`). */
export function recoversOnReplacement(topo: Topology, i: number): boolean {
  const r = topo.config.faults?.recovery;
  if (!r) return false;
  const kind = KIND_NAMES[topo.kind[i]!];
  return (kind === 'cell' || kind === 'zone' || kind === 'master') && r[kind] === 'replacement';
}

/**
 * The neighbours that must re-register with a replacement of server `i`: its parent (none for
 * the MS) and its current children that are members and not lost for good, ascending.
 */
export function neighboursOf(nodes: readonly NodeView[], i: number): number[] {
  const out: number[] = [];
  const p = nodes[i]!.parent;
  nodes.forEach((n, j) => {
    if (j === p || (n.parent === i && n.member && !n.lost)) out.push(j);
  });
  return out;
}

/** The persistent part of a node now (a checkpoint taken at this moment). */
export function snapshotOf(n: NodeView, withNode = -1): CheckpointView {
  return {
    objects: n.objects, order: n.order, applied: n.applied, flagF: n.flagF, flagT: n.flagT,
    collected: n.collected, committed: n.committed, executed: n.executed, with: withNode,
  };
}

/** The persistent part of node `i` at the start (what `never` recovers to). */
export function initialSnapshot(topo: Topology, i: number): CheckpointView {
  const order = Array.from({ length: topo.itemCount }, () => EMPTY as number[]);
  return {
    objects: topo.initialObjects[i]!, order, applied: EMPTY as number[], flagF: EMPTY as number[], flagT: EMPTY as number[],
    collected: EMPTY as number[], committed: 0, executed: [], with: -1,
  };
}

/** What survives a crash of node `i` under its policy. */
export function survivingSnapshot(topo: Topology, f: FaultFacts, n: NodeView, i: number): CheckpointView {
  switch (f.policy[i]) {
    case 'always': return snapshotOf(n);
    case 'never': return initialSnapshot(topo, i);
    default: return n.checkpoint ?? initialSnapshot(topo, i);
  }
}

/** True when the policy persists an arrival before acknowledging it (arrivals survive a crash). */
export function persistsArrivals(p: CheckpointPolicy): boolean {
  return p === 'always' || p === 'on-ack';
}

/** True when the policy keeps a `checkpoint` field (on-ack, every-k). */
export function keepsCheckpoint(p: CheckpointPolicy): boolean {
  return p === 'on-ack' || p === 'every-k';
}

/**
 * True when node `i` checkpoints after executing an instance, `executed` being its executed
 * list after the execution: every time under `on-ack`, every k-th time under `every-k`.
 */
export function checkpointsAfterExecute(f: FaultFacts, i: number, executedCount: number): boolean {
  const p = f.policy[i];
  return p === 'on-ack' || (p === 'every-k' && executedCount % f.config.every === 0);
}
