/**
 * (Issue 17) The word writers of the fingerprint encoding (encode.ts): each writes one part of a
 * state (node, instance, update list) at a position of an Int32Array and returns the position
 * after it, without a call per word; the caller makes room first with the part's bound.
 */
import type { AgentState, InstanceView, NodeView, UpdateView, VldsKind } from '../traces/replication.ts';
import type { NameTable } from './encode-cache.ts';

/** Index of an agent state in AGENT_STATES (the encoding's enum value). */
export function agentIndex(a: AgentState): number {
  switch (a) {
    case 'monitoring': return 0;
    case 'retrieving': return 1;
    case 'creating': return 2;
    case 'migrating': return 3;
    case 'executing': return 4;
    case 'removing': return 5;
    default: return -1;
  }
}

/** Index of an instance kind (RU, ReRU, IR, ROI, PEER). */
export function kindIndex(k: VldsKind): number {
  switch (k) {
    case 'RU': return 0;
    case 'ReRU': return 1;
    case 'IR': return 2;
    case 'ROI': return 3;
    case 'PEER': return 4;
    default: return -1;
  }
}

/** Writes a list at `p` (its length, then its entries); returns the position after it. */
export function list(w: Int32Array, p: number, xs: readonly number[]): number {
  const n = xs.length;
  w[p++] = n;
  for (let i = 0; i < n; i++) w[p++] = xs[i]!;
  return p;
}

/**
 * Writes instance names as (creator, number) pairs after their count. With `slot` (a node
 * position), the pairs of the list last written for that slot are reused when `executed` is
 * the same array (issue 17: a node changes far more often than its executed list).
 */
export function instanceNames(w: Int32Array, p: number, names: NameTable, executed: readonly string[], slot = -1): number {
  const n = executed.length;
  w[p++] = n;
  if (slot >= 0 && n > 0 && names.lastExecuted[slot] === executed) {
    const from = names.lastExecutedWords[slot]!;
    for (let j = 0; j < 2 * n; j++) w[p + j] = from[j]!;
    return p + 2 * n;
  }
  const at = p;
  for (let i = 0; i < n; i++) {
    const hit = names.parse(executed[i]!);
    w[p++] = hit[0];
    w[p++] = hit[1];
  }
  if (slot >= 0 && n > 0) {
    let keep = names.lastExecutedWords[slot]!;
    if (keep.length < 2 * n) keep = names.lastExecutedWords[slot] = new Int32Array(4 * n);
    for (let j = 0; j < 2 * n; j++) keep[j] = w[at + j]!;
    names.lastExecuted[slot] = executed;
  }
  return p;
}

/** An upper bound of a node's words (so {@link encodeNode} writes without checking room). */
export function nodeBound(itemCount: number, n: NodeView): number {
  let k = 16 + 2 * itemCount + n.applied.length + n.flagF.length + n.flagT.length + n.collected.length + 2 * n.executed.length;
  const order = n.order;
  for (let item = 0; item < itemCount; item++) k += order[item]!.length;
  if (n.unselected) k += n.unselected.length + 1;
  if (n.owed) k += n.owed.length + 1;
  const c = n.checkpoint;
  if (c) {
    k += 8 + 2 * itemCount + c.applied.length + c.flagF.length + c.flagT.length + c.collected.length + 2 * c.executed.length;
    for (let item = 0; item < itemCount; item++) k += c.order[item]!.length;
  }
  const m = n.meta;
  if (m) k += 4 + m.rows.length + m.acked.length + (m.servers?.length ?? 0);
  if (n.rebind) k += n.rebind.length + 1;
  return k;
}

/**
 * Writes one node at `p` (room checked by the caller with {@link nodeBound}); returns the position
 * after it. `slot`: the node's position, for the cache of executed lists ({@link instanceNames}).
 */
export function encodeNode(w: Int32Array, p: number, itemCount: number, names: NameTable, n: NodeView, growing: boolean, slot = -1): number {
  w[p++] = (n.member ? 1 : 0) | (n.connected ? 2 : 0) | (n.down ? 4 : 0) | (n.lost ? 8 : 0) | (n.cut ? 16 : 0) | (n.rebind ? 32 : 0) | (n.crd ? 64 : 0) | (n.unselected ? 128 : 0) | (n.left ? 256 : 0) | (n.owed ? 512 : 0);
  if (n.unselected) p = list(w, p, n.unselected);
  if (n.owed) p = list(w, p, n.owed);
  w[p++] = n.parent;
  w[p++] = n.objects;
  w[p++] = n.committed;
  w[p++] = agentIndex(n.agent);
  w[p++] = n.made;
  w[p++] = n.writes;
  const order = n.order;
  for (let item = 0; item < itemCount; item++) p = list(w, p, order[item]!);
  p = list(w, p, n.applied);
  p = list(w, p, n.flagF);
  p = list(w, p, n.flagT);
  p = list(w, p, n.collected);
  p = instanceNames(w, p, names, n.executed, slot);
  const c = n.checkpoint;
  if (c) {
    // (Issue 12) The last checkpoint: what a crash would leave.
    w[p++] = 1 + c.with;
    w[p++] = c.objects;
    w[p++] = c.committed;
    for (let item = 0; item < itemCount; item++) p = list(w, p, c.order[item]!);
    p = list(w, p, c.applied);
    p = list(w, p, c.flagF);
    p = list(w, p, c.flagT);
    p = list(w, p, c.collected);
    p = instanceNames(w, p, names, c.executed);
  } else {
    w[p++] = -1;
  }
  const m = n.meta;
  // (Issue 13, growing topology) A joiner server has metadata once it joined, and registered servers.
  if (growing) w[p++] = m ? 1 : 0;
  if (m) {
    // (Issue 13) The server's metadata objects.
    p = list(w, p, m.rows);
    p = list(w, p, m.acked);
    if (growing) p = list(w, p, m.servers ?? EMPTY);
  }
  // (Issue 12) A replacement server: the neighbours that have not re-registered with it yet.
  if (n.rebind) p = list(w, p, n.rebind);
  return p;
}

const EMPTY: readonly number[] = [];

/** An upper bound of an instance's words. */
export function instanceBound(x: InstanceView): number {
  let k = 24 + x.trail.length + x.updates.length + x.snapshot.length;
  for (let i = 0; i < x.snapshot.length; i++) k += x.snapshot[i]!.length;
  if (x.meta) k += 2 + x.meta.rows.length + (x.meta.servers?.length ?? 0);
  if (x.base !== undefined || x.need !== undefined) k += 3;
  return k;
}

/** Writes one instance at `p` (room checked by the caller); returns the position after it. */
export function encodeInstanceAt(w: Int32Array, p: number, x: InstanceView): number {
  w[p++] = x.from;
  w[p++] = x.n;
  w[p++] = x.to;
  w[p++] = kindIndex(x.kind);
  w[p++] = agentIndex(x.state);
  const trail = x.trail;
  w[p++] = trail.length;
  for (let i = 0; i < trail.length; i++) w[p++] = agentIndex(trail[i]!);
  p = list(w, p, x.updates);
  w[p++] = x.objects;
  const snap = x.snapshot;
  w[p++] = snap.length;
  for (let i = 0; i < snap.length; i++) p = list(w, p, snap[i]!);
  w[p++] = x.cursor;
  w[p++] = x.failures;
  w[p++] = x.copies;
  const r = x.row;
  if (r) {
    w[p++] = r.host;
    w[p++] = r.region;
    w[p++] = r.version;
  } else if (x.relay !== undefined) {
    // (Issue 13) A relayed ReRU (never has a row): its old cell, below -1.
    w[p++] = -2 - x.relay;
  } else {
    w[p++] = -1;
  }
  // (Issue 13, seed order) Offer and owed-data marks, only when present (a negative marker no instance field can take).
  if (x.offer || x.added) {
    w[p++] = -7;
    w[p++] = x.offer ? 1 : 0;
    w[p++] = x.added ?? 0;
  }
  // (Finding 10) A ReRU's base, an IR's need, only when present (marker -9).
  if (x.base !== undefined || x.need !== undefined) {
    w[p++] = -9;
    w[p++] = x.base ?? -1;
    w[p++] = x.need ?? -1;
  }
  // (Issue 13, growing topology) Only IR instances to joiner servers, once served, ship metadata (marker -8).
  if (x.meta) {
    w[p++] = -8;
    p = list(w, p, x.meta.rows);
    p = list(w, p, x.meta.servers ?? EMPTY);
  }
  return p;
}

/** The update list's words (an upper bound of their count first). */
export function updatesBound(us: readonly UpdateView[]): number {
  let k = 1;
  for (let i = 0; i < us.length; i++) k += 7 + us[i]!.deps.length + us[i]!.stamp.length;
  return k;
}

export function encodeUpdatesAt(w: Int32Array, p: number, updates: readonly UpdateView[]): number {
  w[p++] = updates.length;
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i]!;
    w[p++] = u.origin;
    w[p++] = u.seq;
    w[p++] = u.item;
    w[p++] = u.value;
    w[p++] = u.gid | (u.acked ? 1 << 30 : 0);
    p = list(w, p, u.deps);
    p = list(w, p, u.stamp);
  }
  return p;
}
