/**
 * (Issue 13) What a server knows about its children, from its metadata objects only (seed 001
 * 3.3, 3.5): Hosts-Obj (Host ID, Host Type, Region), Hosts-Replicated-Objects-Obj (objects and
 * items, with the version of the report) and the cursors its children acknowledged. Implemented
 * from model/README.md ("Metadata") and reference/README.md, not from the model's code.
 * - A join request makes the cell create the host's Hosts-Obj row.
 * - A host reports its row with a Replicated-Objects-Information-VLDS (after installing a
 *   snapshot, after dropping an object, and as its registration at a new cell after a move);
 *   a server records a report unless its row is of a newer version, then passes it up (from
 *   below) and down to its zone or cell children other than the one it came from.
 * - An executed ReRU or IR instance is acknowledged with the receiver's cursor (IR: also the
 *   objects the host now holds, versioned like the report it makes); a recovered node
 *   re-registers its cursor at its parent.
 * With the knob `oracle` servers have no metadata and read their children's stores instead.
 */
import type { Ctx } from './context.ts';
import type { ServerMetadata } from './state.ts';
import { isServerKind } from './topology.ts';

function md(ctx: Ctx, i: number): ServerMetadata | undefined {
  return ctx.rt(i).metadata;
}

/** The cursor server `i` relies on for child `c`. */
export function cursorKnown(ctx: Ctx, i: number, c: number): number {
  const m = md(ctx, i);
  if (!m) return ctx.rt(c).store.committed;
  return m.acknowledged.find((a) => a.child === c)?.cursor ?? 0;
}

/** The objects server `i` relies on for child `c` (servers hold every object). */
export function objectsKnown(ctx: Ctx, i: number, c: number): number {
  const m = md(ctx, i);
  if (isServerKind(ctx.topo.nodes[c].kind)) return ctx.topo.objects.reduce((mask, _, o) => mask | (1 << o), 0);
  if (!m) return ctx.rt(c).store.objects;
  return m.hostsReplicatedObjects.find((r) => r.host === c)?.objects ?? 0;
}

/** True when server `i` treats `c` as its child: a zone or cell below it, or a host its Hosts-Obj registers in it (oracle: a member currently below it). */
export function isChildOf(ctx: Ctx, i: number, c: number): boolean {
  const m = md(ctx, i);
  const kind = ctx.topo.nodes[c].kind;
  // (Issue 13) A joining server is a child once its join request registered it.
  if (!m || isServerKind(kind)) return ctx.rt(c).parent === i && ctx.rt(c).member && (!m || !ctx.topo.nodes[c].joins || m.hostsObj.some((r) => r.host === c));
  return m.hostsObj.some((r) => r.host === c && r.region === i);
}

/** The children server `i` feeds. */
export function knownChildren(ctx: Ctx, i: number): number[] {
  return ctx.s.nodes.map((_, c) => (c !== i && isChildOf(ctx, i, c) ? c : -1)).filter((c) => c >= 0);
}

/** Server `i` learns child `c`'s cursor. */
export function acknowledge(ctx: Ctx, i: number, c: number, cursor: number): void {
  const m = md(ctx, i);
  if (!m) return;
  m.acknowledged = m.acknowledged.filter((a) => a.child !== c);
  if (cursor > 0) m.acknowledged.push({ child: c, cursor });
}

/** Writes host `h`'s rows at server `i`. */
function writeRows(ctx: Ctx, m: ServerMetadata, h: number, region: number, objects: number, version: number): void {
  const row = m.hostsObj.find((r) => r.host === h);
  if (row) row.region = region;
  else m.hostsObj.push({ host: h, type: ctx.topo.nodes[h].kind === 'mobile' ? 'MH' : 'FH', region });
  const items = ctx.topo.items.map((it, d) => (objects & (1 << it.object) ? d : -1)).filter((d) => d >= 0);
  m.hostsReplicatedObjects = [...m.hostsReplicatedObjects.filter((r) => r.host !== h), { host: h, objects, items, version }];
}

function versionAt(m: ServerMetadata, h: number): number {
  return m.hostsReplicatedObjects.find((r) => r.host === h)?.version ?? 0;
}

/** The version of host `h`'s row at server `i` (0 when none, or without metadata). */
export function reportVersion(ctx: Ctx, i: number, h: number): number {
  const m = md(ctx, i);
  return m ? versionAt(m, h) : 0;
}

/** A join request reaches cell `cell`: the host's Hosts-Obj row (3.5). */
export function registerJoin(ctx: Ctx, cell: number, h: number): void {
  const m = md(ctx, cell);
  if (m && !m.hostsObj.some((r) => r.host === h)) m.hostsObj.push({ host: h, type: ctx.topo.nodes[h].kind === 'mobile' ? 'MH' : 'FH', region: cell });
}

/** Host `h` executed an IR instance from `i`; its acknowledgement carries its cursor and objects, versioned `version`. */
export function acknowledgeSnapshot(ctx: Ctx, i: number, h: number, version: number): void {
  const m = md(ctx, i);
  if (!m) return;
  if (version >= versionAt(m, h)) {
    const region = m.hostsObj.find((r) => r.host === h)?.region ?? -1;
    writeRows(ctx, m, h, region, ctx.rt(h).store.objects, version);
  }
  acknowledge(ctx, i, h, ctx.rt(h).store.committed);
}

/** A report of host `host` from `from` executes at server `i`: records it; returns the servers it goes on to. */
export function recordReport(ctx: Ctx, i: number, from: number, host: number, objects: number, reg: { region: number; version: number; cursor: number }): number[] {
  const m = md(ctx, i)!;
  if (reg.version < versionAt(m, host)) return [];
  writeRows(ctx, m, host, reg.region, objects, reg.version);
  if (from === host) acknowledge(ctx, i, host, Math.max(cursorKnown(ctx, i, host), reg.cursor));
  if (!ctx.topo.knobs.roiPropagation) return [];
  const parent = ctx.rt(i).parent;
  const next: number[] = [];
  if (from !== parent && i !== ctx.topo.master) next.push(parent);
  if (ctx.topo.nodes[i].kind !== 'cell') {
    ctx.topo.nodes.forEach((n, c) => { if (n.parent === i && c !== from && isServerKind(n.kind) && (!n.joins || m.hostsObj.some((r) => r.host === c))) next.push(c); });
  }
  return next;
}
