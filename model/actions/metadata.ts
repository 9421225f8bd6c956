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
 * The index of which cells hold a row for each host is in metadata-index.ts.
 */
import type { InstanceView, MetadataView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import type { Topology } from '../topology.ts';
import { CELL, MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';
import { rowIndex } from './metadata-index.ts';

const NONE: readonly number[] = Object.freeze([]) as readonly number[];
const EMPTY_META: MetadataView = Object.freeze({ rows: NONE as number[], acked: NONE as number[] });

/** The metadata every server starts with: no row differs from the configuration's (members registered where they start). */
export function initialMeta(_topo: Topology): MetadataView {
  return EMPTY_META;
}

/**
 * (Stop 33) Where the record keyed `key` starts in `list`, a flat list of records of `stride`
 * numbers each, kept in ascending key order (the key first), or -1: a binary search. Rows
 * (stride 4, kept in host order by {@link withRow}, growing.ts `mergeRows` and rename.ts): the
 * MS and the zones hold one for every host of their subtree that moved or changed its objects
 * (thousands on `huge`). Acknowledged cursors (stride 2, in child order: {@link setAcked},
 * rename.ts): a drain sample asks a cell about many of its hosts (drain-filter.ts).
 */
function recordAt(list: readonly number[], stride: number, key: number): number {
  let lo = 0;
  let hi = list.length / stride - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = list[stride * mid]!;
    if (x === key) return stride * mid;
    if (x < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Host position `k`'s row at a server: [region, objects, version] (the configuration's when no row differs). */
export function rowOf(topo: Topology, m: MetadataView, k: number): [number, number, number] {
  const r = m.rows;
  const j = recordAt(r, 4, k);
  if (j >= 0) return [r[j + 1]!, r[j + 2]!, r[j + 3]!];
  const i = topo.firstHost + k;
  return topo.joiner[i] ? [-1, 0, 0] : [topo.initialParent[i]!, topo.initialObjects[i]!, 0];
}

/** Field `f` (0 region, 1 objects, 2 version) of host position `k`'s row at a server, like `rowOf(topo, m, k)[f]` without a tuple. */
export function rowField(topo: Topology, m: MetadataView, k: number, f: 0 | 1 | 2): number {
  const r = m.rows;
  const j = recordAt(r, 4, k);
  if (j >= 0) return r[j + 1 + f]!;
  const i = topo.firstHost + k;
  if (f === 2) return 0;
  if (topo.joiner[i]) return f === 0 ? -1 : 0;
  return f === 0 ? topo.initialParent[i]! : topo.initialObjects[i]!;
}

/** `rows` with host position `k`'s row replaced (dropped when it equals the configuration's). */
function withRow(topo: Topology, rows: readonly number[], k: number, region: number, objects: number, version: number): number[] {
  const i = topo.firstHost + k;
  const initial = topo.joiner[i] ? region === -1 && objects === 0 : region === topo.initialParent[i] && objects === topo.initialObjects[i];
  const out: number[] = [];
  let done = false;
  for (let j = 0; j < rows.length; j += 4) {
    if (rows[j] === k) continue;
    if (!done && rows[j]! > k) {
      if (!initial || version !== 0) out.push(k, region, objects, version);
      done = true;
    }
    out.push(rows[j]!, rows[j + 1]!, rows[j + 2]!, rows[j + 3]!);
  }
  if (!done && (!initial || version !== 0)) out.push(k, region, objects, version);
  return out;
}

/** The cursor child `c` last acknowledged to the server with metadata `m` (0 when none). */
export function ackedOf(m: MetadataView, c: number): number {
  const j = recordAt(m.acked, 2, c);
  return j >= 0 ? m.acked[j + 1]! : 0;
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
  return m ? rowField(topo, m, c - topo.firstHost, 1) : s.nodes[c]!.objects;
}

/**
 * The servers that currently treat `c` as their child and feed it the ReRU stream: a server's
 * static parent; for a host, every cell whose Hosts-Obj registers the host there (the cell it
 * registered at, and an old cell that has not yet learnt of a move). Oracle: the host's parent.
 * `alone` (stop 41): the caller knows {@link fedByParentAlone} holds for `c`, so no other cell is looked for.
 */
export function feedersOf(ctx: Ctx, s: ReplicationState, c: number, out: number[], alone = false): void {
  const topo = ctx.topo;
  const n = s.nodes[c]!;
  if (topo.isServer(c) || !s.nodes[MASTER]!.meta) {
    // (Issue 13) A joiner server is fed once its parent registered it.
    if (n.member && (!topo.joiner[c] || (s.nodes[n.parent]!.meta?.servers ?? []).includes(c) || !s.nodes[MASTER]!.meta)) out.push(n.parent);
    return;
  }
  const p = n.parent;
  if (p >= 0 && rowField(topo, s.nodes[p]!.meta!, c - topo.firstHost, 0) === p) out.push(p);
  if (s.used.moves === 0 || alone) return;
  otherCells(ctx, s, c, out);
}

/**
 * The cells other than its parent that register host `c` as their own (after a move), in index
 * order. (Issue 17) A cell registers the host only by a row of its own or, without one, as the
 * host's initial cell: those cells, in the order of a scan of every cell, not all 100.
 */
function otherCells(ctx: Ctx, s: ReplicationState, c: number, out: number[]): void {
  const topo = ctx.topo;
  const h = c - topo.firstHost;
  const p = s.nodes[c]!.parent;
  const rowsAt = rowIndex(topo, s).cellsOf[h];
  const home = topo.joiner[c] ? -1 : topo.initialParent[c]!;
  let homeDone = home < 0 || home === p || topo.kind[home] !== CELL;
  if (rowsAt !== undefined) {
    for (let j = 0; j < rowsAt.length; j++) {
      const q = rowsAt[j]!;
      if (!homeDone && home < q) {
        homeDone = true;
        if (rowField(topo, s.nodes[home]!.meta!, h, 0) === home) out.push(home);
      }
      if (q === home) homeDone = true;
      if (q !== p && rowField(topo, s.nodes[q]!.meta!, h, 0) === q) out.push(q);
    }
  }
  if (!homeDone && rowField(topo, s.nodes[home]!.meta!, h, 0) === home) out.push(home);
}

/**
 * (Issue 17) True when nothing but `c`'s parent feeds `c` ({@link feedersOf}): a server, any node
 * under the oracle, a host in a run without moves, or a host no other cell registers
 * ({@link otherCells}). What it is owed then reads its node, its parent's and the updates
 * (drain-filter.ts remembers it); the answer changes only with `c`'s parent, the move count or a
 * row for `c` (drain-index.ts keeps it).
 */
export function fedByParentAlone(ctx: Ctx, s: ReplicationState, c: number): boolean {
  if (ctx.topo.isServer(c) || !s.nodes[MASTER]!.meta || s.used.moves === 0) return true;
  FED.length = 0;
  otherCells(ctx, s, c, FED);
  return FED.length === 0;
}
/** Scratch for {@link fedByParentAlone} (synchronous, not reentrant). */
const FED: number[] = [];

/** True when cell `p` has host `h` registered in its Hosts-Obj as one of its own (always, under the oracle). */
export function registeredAt(ctx: Ctx, s: ReplicationState, p: number, h: number): boolean {
  const m = s.nodes[p]!.meta;
  return !m || rowField(ctx.topo, m, h - ctx.topo.firstHost, 0) === p;
}

/** Server `p` records host `h`'s row (the caller has checked the version). */
function writeRow(ctx: Ctx, d: Draft, p: number, h: number, region: number, objects: number, version: number): void {
  const m = d.get(p).meta!;
  const k = h - ctx.topo.firstHost;
  const [r, o, v] = rowOf(ctx.topo, m, k);
  if (r === region && o === objects && v === version) return;
  d.node(p).meta = { ...m, rows: withRow(ctx.topo, m.rows, k, region, objects, version) };
}

/** A join request reaches cell `p`: it creates the host's Hosts-Obj entry (3.5), objects unknown yet. */
export function registerJoin(ctx: Ctx, d: Draft, p: number, h: number): void {
  const m = d.get(p).meta;
  if (!m) return;
  const [, objects, version] = rowOf(ctx.topo, m, h - ctx.topo.firstHost);
  writeRow(ctx, d, p, h, p, objects, version);
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
  const [region, , known] = rowOf(ctx.topo, m, x.to - ctx.topo.firstHost);
  if (version >= known) writeRow(ctx, d, p, x.to, region, host.objects, version);
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
  if (row.version < rowField(topo, m, row.host - topo.firstHost, 2)) return [];
  writeRow(ctx, d, p, row.host, row.region, x.objects, row.version);
  if (x.from === row.host) setAcked(d, p, row.host, Math.max(ackedOf(d.get(p).meta!, row.host), x.cursor));
  if (!topo.knobs.roiPropagation) return [];
  const fromAbove = x.from === d.get(p).parent;
  const next: number[] = [];
  if (!fromAbove && p !== MASTER) next.push(d.get(p).parent);
  // (Issue 13) Down to the server children it has registered (a joiner server once it joined).
  if (topo.kind[p] !== CELL) for (const c of topo.serverChildren[p]!) if (c !== x.from && (!topo.joiner[c] || (d.get(p).meta!.servers ?? []).includes(c))) next.push(c);
  return next;
}
