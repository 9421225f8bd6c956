/**
 * The abstraction function: the engine's full state mapped onto the shared view
 * (traces/replication.ts ReplicationState), field by field as reference/README.md documents.
 * Everything the view does not have (VLDS headers' send times, UT-DI, metadata objects, the
 * logical clock, Host Manager acknowledgements, transfer locations) is dropped.
 */
import type { InstanceView, MetadataView, NodeView, ReplicationState, UpdateView } from '../traces/replication.ts';
import type { EngineState, InstanceRuntime, NodeRuntime, ServerMetadata, UpdateRecord } from './state.ts';
import { stampView } from './mechanisms/clocks.ts';
import { bodyUpdates } from './vlds.ts';
import { relatedClosure, type Topology } from './topology.ts';

function nodeView(n: NodeRuntime, hosts: number[], initial: [number, number][], joiners: number[]): NodeView {
  return {
    member: n.member,
    connected: n.hm.connected,
    parent: n.parent,
    objects: n.store.objects,
    order: n.store.rows.map((r) => [...r]),
    applied: [...n.store.log],
    flagF: n.iira.flags.filter((r) => r.flag === 'F').map((r) => r.update),
    flagT: n.iira.flags.filter((r) => r.flag === 'T').map((r) => r.update),
    collected: [...n.iira.collection],
    committed: n.store.committed,
    agent: n.iira.state,
    executed: [...n.hm.executed],
    made: n.iira.made,
    writes: n.writes,
    ...(n.changeRequested ? { crd: true as const } : {}),
    ...(n.store.unselected?.length ? { unselected: [...n.store.unselected] } : {}),
    ...(n.store.owed?.length ? { owed: [...n.store.owed] } : {}),
    ...faultView(n),
    ...(n.metadata ? { meta: metaView(n.metadata, hosts, initial, joiners) } : {}),
    ...(n.left ? { left: true as const } : {}),
  };
}

/**
 * (Issue 13) A server's metadata objects as the view's rows: every host whose row differs from
 * its configured one (`initial`: [region, objects] by host position; version 0), in host order.
 */
function metaView(m: ServerMetadata, hosts: number[], initial: [number, number][], joiners: number[]): MetadataView {
  const rows: number[] = [];
  hosts.forEach((h, k) => {
    const ro = m.hostsReplicatedObjects.find((r) => r.host === h);
    const region = m.hostsObj.find((r) => r.host === h)?.region ?? -1;
    const objects = ro?.objects ?? 0;
    const version = ro?.version ?? 0;
    if (region !== initial[k][0] || objects !== initial[k][1] || version !== 0) rows.push(k, region, objects, version);
  });
  // (Issue 13) The Hosts-Obj rows of joining servers registered here.
  const servers = joiners.filter((j) => m.hostsObj.some((r) => r.host === j));
  return {
    rows, acked: [...m.acknowledged].filter((a) => a.cursor > 0).sort((a, b) => a.child - b.child).flatMap((a) => [a.child, a.cursor]),
    ...(servers.length ? { servers } : {}),
  };
}

/** (Issue 12) The Host Manager's fault report and the last checkpoint in stable storage. */
function faultView(n: NodeRuntime): Partial<NodeView> {
  const f = n.fault;
  if (!f) return {};
  const out: Partial<NodeView> = {};
  if (f.down) out.down = true;
  if (f.lost) out.lost = true;
  if (f.cut) out.cut = true;
  if (f.awaiting?.length) out.rebind = [...f.awaiting].sort((a, b) => a - b);
  const c = f.stable;
  if (c) {
    out.checkpoint = {
      objects: c.objects, order: c.rows.map((r) => [...r]), applied: [...c.log],
      flagF: c.flags.filter((r) => r.flag === 'F').map((r) => r.update), flagT: c.flags.filter((r) => r.flag === 'T').map((r) => r.update),
      collected: [...c.collection], committed: c.committed, executed: [...c.executed], with: c.jointWith,
    };
  }
  return out;
}

function updateView(u: UpdateRecord): UpdateView {
  return { origin: u.origin, seq: u.seq, item: u.item, value: u.value, deps: [...u.deps], gid: u.gid, stamp: stampView(u.clock), ...(u.acknowledged ? { acked: true as const } : {}) };
}

function instanceView(i: InstanceRuntime, hosts: number[], initial: [number, number][], joiners: number[]): InstanceView {
  const v = i.vlds;
  const ir = v.objectsInformation;
  const roi = v.replicatedObjects;
  return {
    from: v.header.sender,
    n: v.header.instanceId,
    to: v.header.destination,
    kind: v.kind,
    state: i.state,
    trail: [...i.trail],
    updates: bodyUpdates(v.updates),
    objects: ir ? ir.selected : roi ? roi.objects : v.filter ?? 0,
    snapshot: ir ? ir.data.map((d) => [...d]) : [],
    cursor: ir ? ir.cursor : roi?.registration ? roi.registration.cursor : v.cursor,
    failures: i.failures,
    copies: i.copies,
    ...(roi?.registration ? { row: { host: roi.host, region: roi.registration.region, version: roi.registration.version } } : {}),
    ...(ir?.offerOnly ? { offer: true as const } : {}),
    ...(roi?.owed ? { added: roi.owed } : {}),
    ...(ir?.metadata ? { meta: metaView(ir.metadata, hosts, initial, joiners) } : {}),
    ...(v.header.relay !== undefined ? { relay: v.header.relay } : {}),
    ...(v.base !== undefined ? { base: v.base } : {}),
    ...(ir?.need !== undefined ? { need: ir.need } : roi?.need !== undefined ? { need: roi.need } : {}),
  };
}

/** The view of an engine state. Instances are listed sorted by (from, n). */
export function abstractState(s: EngineState, topo: Topology): ReplicationState {
  const hosts = s.nodes.map((n, i) => (n.iira.type === 'MHR' ? i : -1)).filter((i) => i >= 0);
  const initial = hosts.map((h): [number, number] => (!topo.nodes[h].joins ? [topo.nodes[h].parent, relatedClosure(topo, topo.nodes[h].interests)] : [-1, 0]));
  const joiners = topo.nodes.map((n, i) => (n.joins && (n.kind === 'zone' || n.kind === 'cell') ? i : -1)).filter((i) => i >= 0);
  const instances = s.instances.map((x) => instanceView(x, hosts, initial, joiners)).sort((a, b) => a.from - b.from || a.n - b.n);
  return {
    nodes: s.nodes.map((n) => nodeView(n, hosts, initial, joiners)),
    updates: s.updates.map(updateView),
    instances,
    nextGid: s.nextGid,
    reads: s.reads.map((r) => ({ ...r, seen: [...r.seen] })),
    used: { ...s.used },
    refused: s.refused,
  };
}
