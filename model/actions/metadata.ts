/**
 * (Issue 13) The servers' metadata objects (seed 001 3.3 and 3.5): Hosts-Obj (each host's Region;
 * Host ID and Host Type are static), Hosts-Replicated-Objects-Obj (each host's objects, with the
 * version of the report) and the cursors a server's children acknowledged. Maintained only by
 * messages: a host's ROI instance (its report after an initial replication, an object dropped,
 * or its registration at a new cell after a move) is recorded at each server it reaches, climbs
 * to the MS and is disseminated down to every zone and cell (3.5 steps 7-8: "propagated to all
 * underlying hosts"); an executed ReRU or IR instance is acknowledged with the child's new cursor
 * (and, for IR, the objects the child now holds). Every decision a server takes about a child
 * (what to send down the ReRU stream, whether it may serve a snapshot, who its children are)
 * reads these through the functions below. With the knob `oracle` there is no metadata and the
 * same functions read the child's state (the behaviour before issue 13, kept for comparison).
 */
import type { InstanceView, MetadataView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import type { Topology } from '../topology.ts';
import { CELL, MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';

const NONE: readonly number[] = Object.freeze([]) as readonly number[];

/** The metadata every server starts with: the configuration's members, registered where they start. */
export function initialMeta(topo: Topology): MetadataView {
  const region: number[] = [];
  const objects: number[] = [];
  for (let i = topo.firstHost; i < topo.nodeCount; i++) {
    region.push(topo.joiner[i] ? -1 : topo.initialParent[i]!);
    objects.push(topo.joiner[i] ? 0 : topo.initialObjects[i]!);
  }
  return { region, objects, version: region.map(() => 0), acked: NONE as number[] };
}

/** The cursor child `c` last acknowledged to the server with metadata `m` (0 when none). */
export function ackedOf(m: MetadataView, c: number): number {
  const a = m.acked;
  for (let k = 0; k < a.length; k += 2) if (a[k] === c) return a[k + 1]!;
  return 0;
}

function withAcked(a: readonly number[], c: number, cursor: number): number[] {
  const out: number[] = [];
  let done = false;
  for (let k = 0; k < a.length; k += 2) {
    if (a[k] === c) continue;
    if (!done && a[k]! > c) {
      if (cursor > 0) out.push(c, cursor);
      done = true;
    }
    out.push(a[k]!, a[k + 1]!);
  }
  if (!done && cursor > 0) out.push(c, cursor);
  return out;
}

/** Server `p` learns child `c`'s cursor (an acknowledgement, or a registration). */
export function setAcked(d: Draft, p: number, c: number, cursor: number): void {
  const m = d.get(p).meta;
  if (!m || ackedOf(m, c) === cursor) return;
  d.node(p).meta = { ...m, acked: withAcked(m.acked, c, cursor) };
}

/** The cursor server `p` believes child `c` has merged. */
export function knownCursor(s: ReplicationState, p: number, c: number): number {
  const m = s.nodes[p]!.meta;
  return m ? ackedOf(m, c) : s.nodes[c]!.committed;
}

/** The objects server `p` believes child `c` holds (every object for a server child). */
export function knownObjects(ctx: Ctx, s: ReplicationState, p: number, c: number): number {
  const topo = ctx.topo;
  if (topo.isServer(c)) return topo.allObjects;
  const m = s.nodes[p]!.meta;
  return m ? m.objects[c - topo.firstHost]! : s.nodes[c]!.objects;
}

/**
 * The servers that currently treat `c` as their child and feed it the ReRU stream: a server's
 * static parent; for a host, every cell whose Hosts-Obj registers the host there (the cell it
 * registered at, and an old cell that has not yet learnt of a move). Oracle: the host's parent.
 */
export function feedersOf(ctx: Ctx, s: ReplicationState, c: number, out: number[]): void {
  const topo = ctx.topo;
  const n = s.nodes[c]!;
  if (topo.isServer(c) || !s.nodes[MASTER]!.meta) {
    if (n.member) out.push(n.parent);
    return;
  }
  const h = c - topo.firstHost;
  const p = n.parent;
  if (p >= 0 && s.nodes[p]!.meta!.region[h] === p) out.push(p);
  if (s.used.moves === 0) return;
  for (const q of topo.cellIndices) if (q !== p && s.nodes[q]!.meta!.region[h] === q) out.push(q);
}

/** True when cell `p` has host `h` registered in its Hosts-Obj as one of its own (always, under the oracle). */
export function registeredAt(ctx: Ctx, s: ReplicationState, p: number, h: number): boolean {
  const m = s.nodes[p]!.meta;
  return !m || m.region[h - ctx.topo.firstHost] === p;
}

/** Server `p` records host `h`'s row (the caller has checked the version). */
function writeRow(ctx: Ctx, d: Draft, p: number, h: number, region: number, objects: number, version: number): void {
  const m = d.get(p).meta!;
  const k = h - ctx.topo.firstHost;
  if (m.region[k] === region && m.objects[k] === objects && m.version[k] === version) return;
  const r = m.region.slice();
  const o = m.objects.slice();
  const v = m.version.slice();
  r[k] = region;
  o[k] = objects;
  v[k] = version;
  d.node(p).meta = { ...m, region: r, objects: o, version: v };
}

/** A join request reaches cell `p`: it creates the host's Hosts-Obj entry (3.5), objects unknown yet. */
export function registerJoin(ctx: Ctx, d: Draft, p: number, h: number): void {
  const m = d.get(p).meta;
  if (!m) return;
  const k = h - ctx.topo.firstHost;
  writeRow(ctx, d, p, h, p, m.objects[k]!, m.version[k]!);
}

/**
 * Host `h` executed IR instance `x` from server `x.from`: its acknowledgement carries its new
 * cursor and objects, versioned like the ROI report it creates (number `version`).
 */
export function acknowledgeIR(ctx: Ctx, d: Draft, x: InstanceView, version: number): void {
  const p = x.from;
  const m = d.get(p).meta;
  if (!m) return;
  const host = d.get(x.to);
  const k = x.to - ctx.topo.firstHost;
  if (version >= m.version[k]!) writeRow(ctx, d, p, x.to, m.region[k]!, host.objects, version);
  setAcked(d, p, x.to, host.committed);
}

/**
 * Server `p` executes ROI instance `x`: records the row unless it already has a newer version,
 * and returns where the report goes next (up to its parent when it came from below; down to its
 * server children except the one it came from), or [] when it was stale or `roiPropagation` is off.
 */
export function recordRoi(ctx: Ctx, d: Draft, x: InstanceView): number[] {
  const p = x.to;
  const m = d.get(p).meta;
  const row = x.row;
  if (!m || !row) return [];
  const topo = ctx.topo;
  const k = row.host - topo.firstHost;
  if (row.version < m.version[k]!) return [];
  writeRow(ctx, d, p, row.host, row.region, x.objects, row.version);
  if (x.from === row.host) setAcked(d, p, row.host, Math.max(ackedOf(d.get(p).meta!, row.host), x.cursor));
  if (!topo.knobs.roiPropagation) return [];
  const fromAbove = x.from === d.get(p).parent;
  const next: number[] = [];
  if (!fromAbove && p !== MASTER) next.push(d.get(p).parent);
  if (topo.kind[p] !== CELL) for (const c of topo.serverChildren[p]!) if (c !== x.from) next.push(c);
  return next;
}
