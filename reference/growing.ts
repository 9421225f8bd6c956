/**
 * (Issue 13) A growing topology (seed 001 3.3; 3.5, the server steps 1-9), implemented from
 * model/README.md ("Growing topology") and reference/README.md, not from the model's code.
 * - A configured joiner zone or cell server sends its join request to its parent once the parent
 *   is a member holding its full replica; the parent's IIRA creates its Hosts-Obj row (type ZS or
 *   CS) and an IIRA-Initial-Replication-Instance offering every object. The new server starts
 *   its own metadata objects from the configuration's (what it is built with).
 * - The IR is served by an ordinary `send` (propagation.ts): the parent's committed data of every
 *   object, its cursor and a copy of its metadata objects.
 * - At the new server (server steps 1-6): it creates its replicated database (every object),
 *   installs the data, takes the snapshot's cursor (knob `snapshotCursor`; false: its parent's
 *   cursor at that moment, a broken variant), merges the shipped metadata (per host the report
 *   with the higher version; the shipped one on a tie), and acknowledges its cursor to the
 *   parent; every server then has the new server's Hosts-Obj row (steps 8-9, in one step).
 * - A host configured with `leaves`, connected, with no F-flagged update and no instance from or
 *   to it, leaves: its Replicated-Objects-Information-VLDS unregisters it (Region none, no
 *   objects, version = the instance's number) and it is no longer a member.
 */
import { demand, type Ctx } from './context.ts';
import { createInstance, requestMigration } from './iira.ts';
import { arrange, insertRow } from './replica.ts';
import type { InstanceRuntime, NodeRuntime, ServerMetadata } from './state.ts';
import { allObjects, isServerKind, relatedClosure } from './topology.ts';
import { acknowledge } from './metadata.ts';

/** True when server `i` takes join requests: a configured server, or a joining one that holds its full replica. */
export function holdsFullReplica(ctx: Ctx, i: number): boolean {
  const rt = ctx.rt(i);
  return i === ctx.topo.master || !ctx.topo.nodes[i].joins || (rt.member && rt.store.objects === allObjects(ctx.topo));
}

/** The metadata objects a server is built with: every configured member registered where it starts, hosts with their objects. */
export function configuredMetadata(ctx: Ctx): ServerMetadata {
  const topo = ctx.topo;
  const type = (k: string) => (k === 'master' ? 'MS' : k === 'zone' ? 'ZS' : k === 'cell' ? 'CS' : k === 'mobile' ? 'MH' : 'FH') as ServerMetadata['hostsObj'][number]['type'];
  return {
    hostsObj: topo.nodes.flatMap((n, i) => (!n.joins ? [{ host: i, type: type(n.kind), region: n.parent }] : [])),
    hostsReplicatedObjects: topo.nodes.flatMap((n, i) => {
      if (n.joins || isServerKind(n.kind)) return [];
      const objects = relatedClosure(topo, n.interests);
      return [{ host: i, objects, items: topo.items.map((_, d) => d).filter((d) => objects & (1 << topo.items[d].object)), version: 0 }];
    }),
    acknowledged: [],
  };
}

/** Applies a server's `join {host: server, objects: every object}`. */
export function applyServerJoin(ctx: Ctx, id: string, objects: string[]): void {
  const i = ctx.node(id);
  const n = ctx.topo.nodes[i];
  const rt = ctx.rt(i);
  demand(n.joins, `${id} is configured as a member from the start; it does not join`);
  demand(!rt.member, `${id} has already joined`);
  demand(holdsFullReplica(ctx, rt.parent), `${ctx.ids[rt.parent]} has not completed its own initial replication: ${id}'s join request waits`);
  const all = allObjects(ctx.topo);
  const named = objects.map((o) => ctx.object(o)).reduce((m, o) => m | (1 << o), 0);
  demand(named === all, `a server replicates every object [${ctx.objectNames(all).join(', ')}], not [${objects.join(', ')}]`);
  rt.member = true;
  if (!ctx.topo.knobs.oracle) rt.metadata = configuredMetadata(ctx);
  const pm = ctx.rt(rt.parent).metadata;
  if (pm && !pm.hostsObj.some((r) => r.host === i)) pm.hostsObj.push({ host: i, type: n.kind === 'zone' ? 'ZS' : 'CS', region: rt.parent });
  const inst = createInstance(ctx, rt.parent, i, 'IR');
  inst.vlds.objectsInformation = { offered: ctx.topo.objects.map((_, o) => o), selected: all, data: [], cursor: 0 };
}

/** A copy of server `i`'s metadata objects for an IR to a joining server (acknowledged cursors are the parent's own). */
export function metadataSnapshot(ctx: Ctx, i: number): ServerMetadata | undefined {
  const m = ctx.rt(i).metadata;
  return m ? { ...structuredClone(m), acknowledged: [] } : undefined;
}

/** Executes an IR at a joining server (see the file header). */
export function installServer(ctx: Ctx, inst: InstanceRuntime): void {
  const i = inst.vlds.header.destination;
  const parent = inst.vlds.header.sender;
  const info = inst.vlds.objectsInformation!;
  const store = ctx.rt(i).store;
  store.objects = allObjects(ctx.topo);
  const shipped = info.data.flat().sort((a, b) => ctx.s.updates[a].gid - ctx.s.updates[b].gid);
  for (const u of shipped) insertRow(ctx, i, u);
  const cursor = ctx.topo.knobs.snapshotCursor ? info.cursor : ctx.rt(parent).store.committed;
  if (cursor > store.committed) store.committed = cursor;
  arrange(ctx, i);
  const own = ctx.rt(i).metadata;
  if (own && info.metadata) mergeMetadata(ctx, own, info.metadata);
  acknowledge(ctx, parent, i, store.committed);
  announceServer(ctx, i);
}

/** Every member server gets joined server `i`'s Hosts-Obj row (server steps 8-9; again when it recovers from a crash). */
export function announceServer(ctx: Ctx, i: number): void {
  const n = ctx.topo.nodes[i];
  if (!n.joins || !isServerKind(n.kind)) return;
  for (const rt of ctx.s.nodes) {
    const m = rt.metadata;
    if (rt.member && m && !m.hostsObj.some((r) => r.host === i)) m.hostsObj.push({ host: i, type: n.kind === 'zone' ? 'ZS' : 'CS', region: ctx.rt(i).parent });
  }
}

/** Per host, the shipped report replaces the own one unless the own one has a higher version; server rows are united. */
function mergeMetadata(ctx: Ctx, own: ServerMetadata, shipped: ServerMetadata): void {
  const version = (m: ServerMetadata, h: number) => m.hostsReplicatedObjects.find((r) => r.host === h)?.version ?? 0;
  ctx.topo.nodes.forEach((n, h) => {
    if (isServerKind(n.kind)) {
      const row = shipped.hostsObj.find((r) => r.host === h);
      if (row && !own.hostsObj.some((r) => r.host === h)) own.hostsObj.push({ ...row });
      return;
    }
    if (version(own, h) > version(shipped, h)) return;
    own.hostsObj = own.hostsObj.filter((r) => r.host !== h);
    own.hostsReplicatedObjects = own.hostsReplicatedObjects.filter((r) => r.host !== h);
    const row = shipped.hostsObj.find((r) => r.host === h);
    const ro = shipped.hostsReplicatedObjects.find((r) => r.host === h);
    if (row) own.hostsObj.push({ ...row });
    if (ro) own.hostsReplicatedObjects.push({ ...ro, items: [...ro.items] });
  });
}

/** Why host `h` cannot leave now, or undefined. */
export function leaveBlocked(ctx: Ctx, h: number): string | undefined {
  const rt = ctx.rt(h);
  const id = ctx.ids[h];
  if (!ctx.topo.nodes[h].leaves) return `${id} is not configured to leave`;
  if (!rt.member) return `${id} is not a member`;
  if (!rt.hm.connected) return `${id} is disconnected: its unregistration cannot reach its server`;
  if (rt.fault?.down) return `${id} is down`;
  if (rt.iira.flags.some((r) => r.flag === 'F')) return `${id} still has updates flagged F: it leaves only once flushed`;
  const busy = ctx.s.instances.find((x) => x.vlds.header.sender === h || x.vlds.header.destination === h);
  if (busy) return `instance ${ctx.instanceName(busy)} from or to ${id} still exists`;
  return undefined;
}

/** Applies `leave {host}`. */
export function applyLeave(ctx: Ctx, host: string): void {
  const h = ctx.node(host);
  const why = leaveBlocked(ctx, h);
  demand(!why, why ?? '');
  const rt = ctx.rt(h);
  rt.member = false;
  rt.left = true;
  if (ctx.topo.knobs.oracle) return;
  const inst = createInstance(ctx, h, rt.parent, 'ROI');
  inst.vlds.replicatedObjects = { host: h, objects: 0, items: [], registration: { region: -1, version: inst.vlds.header.instanceId, cursor: rt.store.committed } };
  requestMigration(ctx, inst);
}

/**
 * What a crashed node restarts from when nothing was persisted: its configured start, except that
 * a joining server (it can only crash once it joined) restarts as an empty replica of every
 * object with cursor 0, like a configured server; the ReRU stream redoes the rest.
 */
export function restartImage(ctx: Ctx, i: number, initial: NodeRuntime): NodeRuntime {
  if (!ctx.topo.nodes[i].joins || !isServerKind(ctx.topo.nodes[i].kind)) return initial;
  return { ...initial, store: { ...initial.store, objects: allObjects(ctx.topo) } };
}
