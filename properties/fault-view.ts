/**
 * Fault facts a property reads from the view (issue 12), shared by `durability`, `recovery-ca`
 * and the existing properties that must not demand what a permanently lost host held:
 * which nodes are lost for good, where an update is still *held* on its way to the MS
 * (collected or flagged F at a node, carried by an RU or PEER instance, or numbered), and which updates
 * are stranded only on lost hosts (the outcome "lost with mh3", not a consistency violation).
 */
import type { ReplicationState } from '../traces/replication.ts';
import type { Statics } from './context.ts';

/** True when node `i` is lost for good. */
export function isLost(s: ReplicationState, i: number): boolean {
  return s.nodes[i]?.lost === true;
}

/** True when some node is lost for good. */
export function anyLost(s: ReplicationState): boolean {
  for (const n of s.nodes) if (n.lost) return true;
  return false;
}

/**
 * Where update `u` is held on its way to the MS: 'numbered' (it has a Global ID), 'held' (a node
 * that is not lost collects it or flags it F, or an RU or (issue 13) PEER instance carries it), 'lost-with' plus the
 * lost nodes that hold it, or 'nowhere'.
 */
export function heldAt(s: ReplicationState, u: number): { at: 'numbered' | 'held' | 'nowhere' } | { at: 'lost-with'; nodes: number[] } {
  if (s.updates[u]!.gid !== 0) return { at: 'numbered' };
  // (Issue 13) A PEER instance in transit counts too: with peerRelay its receiver flags the update
  // F on arrival (without it the delivered copy is merged, not flagged, and is 'nowhere' again).
  for (const x of s.instances) if ((x.kind === 'RU' || x.kind === 'PEER') && x.updates.includes(u)) return { at: 'held' };
  const lostWith: number[] = [];
  s.nodes.forEach((n, i) => {
    if (!n.flagF.includes(u) && !n.collected.includes(u)) return;
    if (n.lost) lostWith.push(i);
    else lostWith.unshift(-1 - i);
  });
  if (lostWith.some((i) => i < 0)) return { at: 'held' };
  return lostWith.length ? { at: 'lost-with', nodes: lostWith } : { at: 'nowhere' };
}

/** Fault steps taken so far (crashes, losses, partitions, permanent losses). */
export function faultsUsed(s: ReplicationState): number {
  const u = s.used;
  return (u.crashes ?? 0) + (u.losses ?? 0) + (u.partitions ?? 0) + (u.permanent ?? 0);
}

const demandMemo = new WeakMap<ReplicationState, Set<number>>();
/** The answer before any fault: shared, never mutated (a ReadonlySet to every caller). */
const NONE_STRANDED: ReadonlySet<number> = new Set<number>();

/**
 * Updates no replica can be asked to have after a fault: those stranded on lost hosts (without a
 * Global ID and held by no node but lost ones: "lost with mh3"), and those a crash erased before
 * they were ever acknowledged (no Global ID, held nowhere, never flagged T at their origin: the
 * write was lost with its origin's volatile state). An acknowledged update held nowhere stays
 * demanded: that is a `durability` violation. Empty before any fault, so a broken variant that
 * drops updates without a fault is still caught by every property.
 */
export function strandedOnLost(s: ReplicationState): ReadonlySet<number> {
  // Before any fault (every state of a configuration without a fault model): nothing to memoise.
  if (faultsUsed(s) === 0) return NONE_STRANDED;
  let out = demandMemo.get(s);
  if (out) return out;
  out = new Set<number>();
  for (let u = 0; u < s.updates.length; u++) {
    const up = s.updates[u]!;
    if (up.gid !== 0) continue;
    const h = heldAt(s, u);
    if (h.at === 'lost-with' || (h.at === 'nowhere' && (!up.acked || isLost(s, up.origin)))) out.add(u);
  }
  demandMemo.set(s, out);
  return out;
}

/** "lost with mh3" for an update stranded on lost hosts (empty string otherwise). */
export function lostWithText(st: Statics, s: ReplicationState, u: number): string {
  const h = heldAt(s, u);
  if (h.at === 'lost-with') return `lost with ${h.nodes.map((i) => st.names[i]).join(', ')}`;
  if (h.at === 'nowhere' && isLost(s, s.updates[u]!.origin)) return `lost with ${st.names[s.updates[u]!.origin]}`;
  if (h.at === 'nowhere' && !s.updates[u]!.acked) return `lost in a crash of ${st.names[s.updates[u]!.origin]} before it was acknowledged`;
  return '';
}
