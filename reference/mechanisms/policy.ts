/**
 * The reference engine's ordering policies: everything that answers "in which order" in the
 * engine's own terms. The protocol (IIRAs, instances, Host Managers, flags, the ReRU stream,
 * initial replication) is fixed; a policy decides what each update's UT-DI carries (its clock),
 * what a CSR/ZSR-IIRA releases from its Collection-VLDS, what the MSR-IIRA commits (assigns
 * Global IDs to) and holds back, how a replica manager arranges a value sequence when it merges,
 * what a peer exchange delivers, and whether a writer applies its own write at once.
 * Written from model/mechanisms/README.md (the normative description), not from model/ code.
 */
import type { Ctx } from '../context.ts';

/** The mechanisms the engine implements (`--mechanism NAME`). */
export type MechanismName = 'hierarchical' | 'arrival-order' | 'sequencer' | 'lamport' | 'vector-causal' | 'lww' | 'primary-copy' | 'bayou';

/**
 * The clock a mechanism's UT-DI carries: none; a Lamport clock; a physical timestamp (a global
 * time that ticks once per write, plus the writer's skew); a vector clock; `custom`: whatever the
 * policy's `stamp` returns (plugin mechanisms, mechanisms/plugin-adapter.ts).
 */
export type ClockKind = 'none' | 'lamport' | 'physical' | 'vector' | 'custom';

/** One mechanism's ordering decisions. Every method reads the engine state through `ctx` and is deterministic. */
export interface OrderingPolicy {
  /** A built-in {@link MechanismName}, or a plugin's own name. */
  readonly name: string;
  /** One sentence: who decides the order. */
  readonly description: string;
  /** Global IDs are a total order every replica's merge follows (otherwise only positions in the ReRU stream). */
  readonly totalOrder: boolean;
  /** A node other than the MS inserts its own write into its replica at once (false: it waits for the committed stream). */
  readonly localApply: boolean;
  /** What the UT-DI of a new update is stamped with. */
  readonly clock: ClockKind;
  /** Clock `custom` only: the UT-DI stamp of the update `origin` is generating on `item` (state before the update). */
  stamp?(ctx: Ctx, origin: number, item: number): number[];
  /** Why a server holds updates back (refusal messages of `order`). */
  readonly holdBack: string;
  /** CSR/ZSR-IIRA at server `server`: what to release from `pending` (its Collection-VLDS, arrival order), in order. */
  release(ctx: Ctx, server: number, pending: readonly number[]): number[];
  /** MSR-IIRA: which of `pending` get the next Global IDs now, in order (the rest is held back). */
  commit(ctx: Ctx, pending: readonly number[]): number[];
  /** The replica manager of `node` arranges its value sequence of `item` after a merge (edits the store in place). */
  arrange(ctx: Ctx, node: number, item: number): void;
  /** Peer exchange from `from` to `to`: which `candidates` (the sender's order) to deliver, in delivery order. */
  peer(ctx: Ctx, from: number, to: number, candidates: readonly number[]): number[];
}
