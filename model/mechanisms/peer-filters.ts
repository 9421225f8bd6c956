/**
 * The peer exchange filters shared by ordering mechanisms (README, "Peer exchange"): which of
 * the updates a peer sends the receiver takes, causally (each one's causal past on the
 * receiver's items already there) or per origin (FIFO).
 */
import type { ReplicationState, UpdateView } from '../../traces/replication.ts';
import type { MechanismContext } from '../mechanism.ts';
import { fifoPreds } from './common.ts';

/**
 * The causal peer filter (README): delivers, in repeated passes over `candidates` (sender's
 * order), each candidate whose causal past on the receiver's items is visible there or delivered
 * earlier in the same exchange, looking through items the receiver does not hold.
 */
export function peerCausally(ctx: MechanismContext, s: ReplicationState, to: number, candidates: readonly number[]): number[] {
  const receiver = s.nodes[to]!;
  // (Issue 17) Short lists are scanned; Sets only for long ones. No closures (one per call was
  // a tenth of this function's time, and garbage).
  const applied = receiver.applied;
  const visible = applied.length > 16 ? new Set(applied) : undefined;
  const out: number[] = [];
  const sent = candidates.length > 16 ? new Set<number>() : undefined;
  for (let progress = true; progress;) {
    progress = false;
    for (const id of candidates) {
      if (sent === undefined ? out.includes(id) : sent.has(id)) continue;
      if (pastSeen(ctx, s.updates, id, receiver.objects, applied, visible, out, sent, undefined)) {
        out.push(id);
        sent?.add(id);
        progress = true;
      }
    }
  }
  return out;
}

/**
 * {@link pastCovered} for {@link peerCausally}: `holds` is "the receiver holding `objects` holds
 * the item", `have` is "visible at the receiver (`applied`, or `visible` when made) or delivered
 * earlier in this exchange (`out`, or `sent` when made)".
 */
function pastSeen(
  ctx: MechanismContext, updates: readonly UpdateView[], id: number, objects: number, applied: readonly number[],
  visible: Set<number> | undefined, out: readonly number[], sent: Set<number> | undefined, memo: Map<number, boolean> | undefined,
): boolean {
  const deps = updates[id]!.deps;
  for (let k = 0; k < deps.length; k++) {
    const d = deps[k]!;
    if (ctx.topo.holdsItem(objects, updates[d]!.item)) {
      if (!(visible === undefined ? applied.includes(d) : visible.has(d)) && !(sent === undefined ? out.includes(d) : sent.has(d))) return false;
      continue;
    }
    memo ??= new Map();
    let ok = memo.get(d);
    if (ok === undefined) {
      memo.set(d, true); // deps are acyclic; this only guards against malformed input
      ok = pastSeen(ctx, updates, d, objects, applied, visible, out, sent, memo);
      memo.set(d, ok);
    }
    if (!ok) return false;
  }
  return true;
}

/**
 * The FIFO peer filter (README): delivers each candidate whose origin's earlier updates on items
 * the receiver holds are visible there or delivered earlier in the same exchange.
 */
export function peerFifo(ctx: MechanismContext, s: ReplicationState, to: number, candidates: readonly number[]): number[] {
  const receiver = s.nodes[to]!;
  const visible = new Set(receiver.applied);
  const out: number[] = [];
  const sent = new Set<number>();
  for (let progress = true; progress;) {
    progress = false;
    for (const id of candidates) {
      if (sent.has(id)) continue;
      const ok = fifoPreds(s.updates, id).every((w) =>
        !ctx.topo.holdsItem(receiver.objects, s.updates[w]!.item) || visible.has(w) || sent.has(w));
      if (ok) {
        out.push(id);
        sent.add(id);
        progress = true;
      }
    }
  }
  return out;
}
