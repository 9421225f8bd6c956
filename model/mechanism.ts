/**
 * The ordering-mechanism seam: who decides the order of updates and how a replica merges what
 * it receives. The protocol skeleton (agents, instances, flags, the MS/zone/cell tree, the ReRU
 * stream, initial replication, the environment) is fixed in `actions/`; everything that answers
 * "in which order" is delegated to an {@link OrderingMechanism}. `hierarchical` (the seed's
 * strategy) is the default; `arrival-order` is a deliberately broken variant. A plugin file for
 * `--mechanism ./file.ts` default-exports an object of this type (see `mechanisms/index.ts`).
 *
 * What the engine guarantees:
 * - every method is called with a state the model reached and must be a pure, deterministic
 *   function of its arguments (no clock, no randomness, no hidden mutable state except caches of
 *   pure functions);
 * - `stamp` is called exactly once per generated update, in the transition that generates it,
 *   with the state before the update; its result becomes `UpdateView.stamp`;
 * - `release` and `commit` are called when the model enumerates the `order` action of a server
 *   with a non-empty `collected` list; the result is what that action releases (an empty result
 *   disables the action), so they are called again whenever the state changes;
 * - `arrange` is called after every insertion into a replica's per-item order (local update,
 *   ReRU merge, snapshot install, peer exchange), once per touched item;
 * - `peer` is called when enumerating peer exchanges, with the candidates already restricted to
 *   updates the receiver lacks on items it holds (an empty result disables the exchange).
 * Mechanisms without a total order still see the MS hand out consecutive Global IDs from
 * `commit`: for them a Global ID is only a position in the ReRU dissemination stream
 * (`totalOrder: false` tells reports and properties not to read more into it, and tells the
 * ReRU sender that a replica's committed updates need not be in Global ID order).
 * The built-in mechanisms and their exact protocols are specified in `mechanisms/README.md`.
 */
import type { ReplicationState, UpdateView } from '../traces/replication.ts';
import type { Topology } from './topology.ts';

/** What a mechanism may consult besides the state: the configuration's static facts. */
export interface MechanismContext {
  /** Node, object and item tables, the tree, the knobs (`topo.knobs`). */
  readonly topo: Topology;
}

/** An ordering mechanism (see the file header for when each method is called). */
export interface OrderingMechanism {
  /** The name `--mechanism` selects it by and traces record. */
  readonly name: string;
  /** One sentence: who decides the order and what it guarantees. */
  readonly description: string;
  /**
   * True when the MS's Global IDs are a total order that every replica's merge follows: `arrange`
   * keeps each replica's committed updates in increasing Global ID order (the ReRU sender relies
   * on it to stop scanning at the receiver's cursor). False: Global IDs are stream positions only.
   */
  readonly totalOrder: boolean;
  /**
   * (Addition, issue 6) Whether a node's own write is inserted into its own replica when it is
   * generated (default true). False (primary copy): a write is forwarded only; the writer's
   * replica receives it like any other update, committed, through the ReRU stream. The MS's own
   * writes are committed at once either way.
   */
  readonly localApply?: boolean;
  /**
   * (Addition, issue 6) False when the mechanism's behaviour or stamps depend on node indices
   * (ties broken by host, per-host clock offsets, vector clocks naming nodes): interchangeable
   * hosts are then not interchangeable, and the model offers no symmetry reduction. Default true.
   */
  readonly symmetric?: boolean;
  /**
   * (Addition, issue 11) The property families this mechanism promises (e.g. `causal-order`,
   * `strong-convergence`); absent: every property. `check` judges the mechanism against them and
   * reports the others as `not promised` (still checked, never failing the run). A plugin that
   * promises a property it violates fails the run, as before.
   */
  readonly promises?: readonly string[];
  /**
   * (Stop 31) Whether the mechanism's hold-back reads updates' dependency lists (`deps`), so that
   * they travel with each update and `measure` charges their bytes (a committed cursor plus 8 B
   * per tentative dependency, model/timed/sizes.ts). Absent: true for a plugin (the cautious
   * reading); the built-ins declare theirs (hierarchical and bayou: true; the others: false), so a
   * plugin that spreads one keeps its costs.
   */
  readonly readsDeps?: boolean;
  /**
   * Phase 2: the metadata attached to an update `origin` is generating on `item` (a Lamport
   * clock, a physical time, a vector clock); [] when the mechanism needs none.
   */
  stamp(ctx: MechanismContext, s: ReplicationState, origin: number, item: number): number[];
  /**
   * Optional policy on who may update an item (default: infrequently changed objects only at
   * the MS, seed 001 3.2). Returning false makes the attempt a refused update.
   */
  mayUpdate?(ctx: MechanismContext, s: ReplicationState, node: number, item: number): boolean;
  /**
   * Phase 4 at a cell or zone: which of the collected update ids (in arrival order) to release
   * now, and in which order; released updates join the server's flag-F list and travel up.
   */
  release(ctx: MechanismContext, s: ReplicationState, server: number, collected: readonly number[]): number[];
  /**
   * Phase 4 at the MS: which collected update ids get the next Global IDs, in which order. The
   * MS merges them into its replica in that order.
   */
  commit(ctx: MechanismContext, s: ReplicationState, collected: readonly number[]): number[];
  /**
   * Phase 5: the order of one item at one replica after an insertion. `order` is the current
   * order with the new ids appended (in the order they were received); `committed` is the
   * replica's Global ID cursor (updates with 0 < gid <= committed are committed there);
   * `updates` is the update table as of this transition (Global IDs included). Must return a
   * permutation of `order` (it may return `order` itself when nothing moves).
   */
  arrange(ctx: MechanismContext, updates: readonly UpdateView[], node: number, order: readonly number[], committed: number): readonly number[];
  /**
   * Peer-to-peer exchange from `from` to `to` (same cell): which of `candidates` (the sender's
   * tentative updates on items the receiver holds that it lacks, in the sender's order) to
   * deliver, and in which order.
   */
  peer(ctx: MechanismContext, s: ReplicationState, from: number, to: number, candidates: readonly number[]): number[];
}

/** The members every {@link OrderingMechanism} must have, with their types, in documentation order. */
export const MECHANISM_MEMBERS: readonly (readonly [string, 'string' | 'boolean' | 'function'])[] = [
  ['name', 'string'], ['description', 'string'], ['totalOrder', 'boolean'], ['stamp', 'function'],
  ['release', 'function'], ['commit', 'function'], ['arrange', 'function'], ['peer', 'function'],
];

/** (Stop 29) Every member an {@link OrderingMechanism} may have, required and optional (a misspelling of one is refused when a plugin loads). */
export const MECHANISM_MEMBER_NAMES: readonly string[] = [
  'name', 'description', 'totalOrder', 'localApply', 'symmetric', 'promises', 'readsDeps', 'stamp', 'mayUpdate', 'release', 'commit', 'arrange', 'peer',
];

/**
 * What `x` lacks to be an {@link OrderingMechanism}: one phrase per missing or mistyped member
 * (`no function 'arrange'`, `no string 'name'`), also checking the optional `localApply`
 * (boolean) and `mayUpdate` (function); [] when it is one.
 */
export function mechanismProblems(x: unknown): string[] {
  if (typeof x !== 'object' || x === null) return [`is not an object (got ${x === null ? 'null' : typeof x})`];
  const m = x as Record<string, unknown>;
  const out: string[] = [];
  for (const [key, type] of MECHANISM_MEMBERS) {
    if (typeof m[key] !== type) out.push(`no ${type} '${key}'`);
  }
  if (m.localApply !== undefined && typeof m.localApply !== 'boolean') out.push(`a non-boolean 'localApply'`);
  if (m.symmetric !== undefined && typeof m.symmetric !== 'boolean') out.push(`a non-boolean 'symmetric'`);
  if (m.readsDeps !== undefined && typeof m.readsDeps !== 'boolean') out.push(`a non-boolean 'readsDeps'`);
  if (m.mayUpdate !== undefined && typeof m.mayUpdate !== 'function') out.push(`a non-function 'mayUpdate'`);
  if (m.promises !== undefined && (!Array.isArray(m.promises) || m.promises.some((p) => typeof p !== 'string'))) out.push(`a 'promises' that is not an array of property names`);
  return out;
}

/** Type guard for plugin modules (see {@link mechanismProblems} for what is checked). */
export function isOrderingMechanism(x: unknown): x is OrderingMechanism {
  return mechanismProblems(x).length === 0;
}
