/**
 * A node's fault status in the reference engine (issue 12; the fault model is described in
 * faults.ts): whether it is down or lost and its link cut, what its stable storage holds, the
 * checkpoint its policy writes after an execution, and the checks the other actions make
 * before anything passes to or from a node.
 */
import type { CheckpointPolicy, FaultsConfig } from '../traces/replication.ts';
import { demand, type Ctx } from './context.ts';
import type { FlagRow, NodeRuntime } from './state.ts';
import { unregistered } from './replacement.ts';

/** What a node's stable storage holds as its last checkpoint. */
export interface StableImage {
  objects: number;
  rows: number[][];
  log: number[];
  committed: number;
  flags: FlagRow[];
  collection: number[];
  executed: string[];
  jointWith: number;
}

/** A node's fault status, as its Host Manager reports it. */
export interface FaultRuntime {
  down: boolean;
  lost: boolean;
  /** Cells and zones: the link to the parent is partitioned. */
  cut: boolean;
  /** The last checkpoint (on-ack, every-k), if one was written. */
  stable?: StableImage;
  /** A server recovered on a replacement: the neighbours that have not re-registered with it yet (replacement.ts). */
  awaiting?: number[];
}

/** The configuration's fault model, or a refusal naming the action. */
export function faultModel(ctx: Ctx, what: string): FaultsConfig {
  const f = ctx.topo.config.faults;
  demand(f, `${what}: the configuration has no fault model (faults)`);
  return f;
}

/** The checkpoint policy of node `i`'s kind. */
export function policyOf(f: FaultsConfig, kind: string): CheckpointPolicy {
  return kind === 'master' ? 'always' : f.checkpoint[kind as 'cell'];
}

/** Node `rt`'s fault status (made on first use). */
export function faultOf(rt: NodeRuntime): FaultRuntime {
  return rt.fault ?? (rt.fault = { down: false, lost: false, cut: false });
}

/** True when node `i` is down (crashed or lost). */
export function isDown(ctx: Ctx, i: number): boolean {
  return ctx.rt(i).fault?.down === true;
}

/** True when the link between `a` and `b` (one the other's parent) is partitioned. */
export function linkCut(ctx: Ctx, a: number, b: number): boolean {
  const ra = ctx.rt(a), rb = ctx.rt(b);
  return (ra.fault?.cut === true && ra.parent === b) || (rb.fault?.cut === true && rb.parent === a);
}

/** Why nothing passes between `a` and `b` now (a partition, or a replacement not re-registered with), or undefined. */
export function linkBlocked(ctx: Ctx, a: number, b: number): string | undefined {
  if (linkCut(ctx, a, b)) return `the link between ${ctx.ids[a]} and ${ctx.ids[b]} is partitioned`;
  return unregistered(ctx, a, b);
}

/** Refuses when node `i` is down. */
export function demandUp(ctx: Ctx, i: number): void {
  if (isDown(ctx, i)) demand(false, `${ctx.ids[i]} is down (${ctx.rt(i).fault!.lost ? 'lost for good' : 'crashed'})`);
}

/** The persistent part of a node now. */
export function imageOf(rt: NodeRuntime, jointWith = -1): StableImage {
  return structuredClone({
    objects: rt.store.objects, rows: rt.store.rows, log: rt.store.log, committed: rt.store.committed,
    flags: rt.iira.flags, collection: rt.iira.collection, executed: rt.hm.executed, jointWith,
  });
}

/** Restores node `rt`'s persistent part from `img` (a crash under a checkpointing policy). */
export function restoreImage(rt: NodeRuntime, img: StableImage): void {
  const c = structuredClone(img);
  rt.store.objects = c.objects;
  rt.store.rows = c.rows;
  rt.store.log = c.log;
  rt.store.committed = c.committed;
  rt.iira.flags = c.flags;
  rt.iira.collection = c.collection;
  rt.hm.executed = c.executed;
}

/** After node `i` executed an instance: the checkpoint its policy writes (on-ack; every k-th under every-k). */
export function afterExecution(ctx: Ctx, i: number): void {
  const f = ctx.topo.config.faults;
  if (!f) return;
  const policy = policyOf(f, ctx.topo.nodes[i].kind);
  const rt = ctx.rt(i);
  if (policy === 'on-ack' || (policy === 'every-k' && rt.hm.executed.length % f.every === 0)) faultOf(rt).stable = imageOf(rt);
}
