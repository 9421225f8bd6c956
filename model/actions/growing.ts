/**
 * (Issue 13) A growing topology (seed 001 3.3; 3.5, the server steps 1-9): joiner zone and cell
 * servers and hosts that leave.
 * - Server join: a configured joiner server whose parent is a member holding its full replica
 *   sends its join request; the parent registers it (a CS/ZS row of its Hosts-Obj, in
 *   `meta.servers`) and creates an IIRA-Initial-Replication-Instance for it (state `creating`),
 *   served by the ordinary `send` (propagate.ts) with the parent's committed value sequences of
 *   every object, its cursor and its metadata objects.
 * - Install (execute of that IR at the new server, server steps 1-6): the new server holds every
 *   object, merges the data, takes the snapshot's cursor (knob `snapshotCursor`; false, a broken
 *   variant: the parent's cursor at that moment) and the shipped metadata (a row it already
 *   recorded with a newer version is kept, else the shipped one); its acknowledgement carries its cursor to the
 *   parent, and the registration reaches every other server in the same step (steps 8-9, fused
 *   like the default ROI dissemination). From then on it follows its parent's ReRU stream and its
 *   configured children (joiners themselves) may join.
 * - Leave: a member host configured with `leaves`, connected and flushed (nothing flagged F, no
 *   instance from or to it in existence: it has no unacknowledged update, so nothing is lost),
 *   unregisters with an ROI instance (Region -1, no objects, the next version) to its server and
 *   stops being a member (`left`); the report is recorded and disseminated like any other.
 */
import type { InstanceView, MetadataView, ReplicationState } from '../../traces/replication.ts';
import type { Draft } from '../state.ts';
import { MASTER } from '../topology.ts';
import type { Ctx } from './context.ts';
import { insertUpdates } from './merge.ts';
import { createInstance, createPendingIR } from './propagate.ts';
import { rowOf, setAcked } from './metadata.ts';
import type { Act } from './types.ts';

const NONE: readonly number[] = Object.freeze([]) as readonly number[];

/** True when server `p`'s metadata registers server child `c` (configured servers always; no metadata: a member). */
export function serverRegistered(s: ReplicationState, topo: Ctx['topo'], p: number, c: number): boolean {
  if (!topo.joiner[c]) return true;
  const m = s.nodes[p]!.meta;
  return m ? (m.servers ?? NONE).includes(c) : s.nodes[c]!.member;
}

/**
 * True when server `i` can take a child's join request: a configured server (as before issue 13,
 * whatever its fault state), or a joiner that joined and whose initial replication completed.
 */
export function serverReady(ctx: Ctx, s: ReplicationState, i: number): boolean {
  const n = s.nodes[i]!;
  return i === MASTER || !ctx.topo.joiner[i] || (n.member && n.objects === ctx.topo.allObjects);
}

/** Growing-topology actions of node `i`: a joiner server's join, a host's leave. */
export function enumerateGrowing(ctx: Ctx, s: ReplicationState, i: number, out: Act[]): void {
  const topo = ctx.topo;
  const n = s.nodes[i]!;
  if (n.down) return;
  if (topo.isServer(i)) {
    if (topo.joiner[i] && !n.member && serverReady(ctx, s, n.parent)) out.push({ t: 'join', node: i, objects: topo.allObjects });
    return;
  }
  if (!topo.leaver[i] || !n.member || !n.connected || n.flagF.length) return;
  if (s.instances.some((x) => x.from === i || x.to === i)) return;
  out.push({ t: 'leave', node: i });
}

function addServer(d: Draft, p: number, c: number): void {
  const m = d.get(p).meta;
  if (!m) return;
  const list = m.servers ?? NONE;
  if (list.includes(c)) return;
  d.node(p).meta = { ...m, servers: [...list, c].sort((a, b) => a - b) };
}

/** Applies a server's join: the parent registers it and creates the IR instance (served later). */
export function applyServerJoin(ctx: Ctx, d: Draft, i: number): void {
  const p = d.get(i).parent;
  const n = d.node(i);
  n.member = true;
  if (!ctx.topo.knobs.oracle) n.meta = { rows: NONE as number[], acked: NONE as number[] };
  addServer(d, p, i);
  createPendingIR(d, p, i, ctx.topo.allObjects);
}

/** The metadata an IR to a server ships: the parent's rows and registered servers. */
export function shippedMeta(m: MetadataView | undefined): MetadataView | undefined {
  return m ? { rows: m.rows, acked: NONE as number[], ...(m.servers ? { servers: m.servers } : {}) } : undefined;
}

/**
 * Merges shipped rows into own rows: per host the row with the newer version wins, the shipped
 * one on a tie (rows not listed are the configuration's, version 0).
 */
function mergeRows(topo: Ctx['topo'], own: MetadataView, shipped: MetadataView): number[] {
  const hosts = new Set<number>();
  for (let j = 0; j < own.rows.length; j += 4) hosts.add(own.rows[j]!);
  for (let j = 0; j < shipped.rows.length; j += 4) hosts.add(shipped.rows[j]!);
  const out: number[] = [];
  for (const k of [...hosts].sort((a, b) => a - b)) {
    const o = rowOf(topo, own, k);
    const sh = rowOf(topo, shipped, k);
    const [region, objects, version] = o[2] > sh[2] ? o : sh;
    const [r0, o0] = rowOf(topo, { rows: NONE as number[], acked: NONE as number[] }, k);
    if (region !== r0 || objects !== o0 || version !== 0) out.push(k, region, objects, version);
  }
  return out;
}

/** Executes an IR at a joiner server (server steps 1-9, see the file header). */
export function installServer(ctx: Ctx, d: Draft, x: InstanceView): void {
  const i = x.to;
  const topo = ctx.topo;
  const node = d.node(i);
  node.objects = topo.allObjects;
  const cursor = topo.knobs.snapshotCursor ? x.cursor : d.get(x.from).committed;
  const ids = x.snapshot.flat().sort((a, b) => d.updates[a]!.gid - d.updates[b]!.gid);
  insertUpdates(ctx, d, i, ids, { committed: Math.max(d.get(i).committed, cursor) });
  const own = d.get(i).meta;
  if (own && x.meta) {
    const servers = [...new Set([...(own.servers ?? NONE), ...(x.meta.servers ?? NONE)])].sort((a, b) => a - b);
    d.node(i).meta = { rows: mergeRows(topo, own, x.meta), acked: own.acked, ...(servers.length ? { servers } : {}) };
  }
  setAcked(d, x.from, i, d.get(i).committed);
  announceServer(ctx, d, i);
}

/**
 * The new server's Hosts-Obj row reaches every member server (server steps 8-9, fused). Also
 * (faults) when a joined server recovers: its installing instance may have been lost in the
 * crash, and it announces itself again, with the replica it restarts from.
 */
export function announceServer(ctx: Ctx, d: Draft, i: number): void {
  if (!ctx.topo.isServer(i) || !ctx.topo.joiner[i]) return;
  for (let q = 0; q < ctx.topo.firstHost; q++) if (d.get(q).member) addServer(d, q, i);
}

/** Applies a host's leave (see the file header). */
export function applyLeave(ctx: Ctx, d: Draft, h: number): void {
  const host = d.node(h);
  host.member = false;
  host.left = true;
  if (ctx.topo.knobs.oracle) return;
  createInstance(d, h, host.parent, 'ROI', 0, { host: h, region: -1, version: host.made + 1 }, host.committed);
}
