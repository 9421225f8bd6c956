/**
 * The model's internal actions (indices, for speed) and their two renderings: the shared
 * semantic vocabulary {@link ReplicationAction} (names, never indices) and one-line text.
 * Actions carry what their enumeration computed (instance numbers, update ids, the update table
 * they refer to) so that formatting needs no state.
 */
import type { ReplicationAction, UpdateView, VldsKind } from '../../traces/replication.ts';
import type { Topology } from '../topology.ts';

/** An update id list plus the update table it indexes (for names). */
interface WithUpdates {
  ids: readonly number[];
  ups: readonly UpdateView[];
}

/** An internal action. */
export type Act =
  | { t: 'update'; node: number; item: number; value: number; seq: number }
  | { t: 'refused'; node: number; item: number }
  | { t: 'read'; node: number; item: number }
  | ({ t: 'send'; from: number; to: number; kind: VldsKind; n: number; objects: number } & WithUpdates)
  | { t: 'migrate'; from: number; n: number; ok: boolean }
  | { t: 'duplicate'; from: number; n: number }
  | { t: 'execute'; from: number; n: number }
  | ({ t: 'order'; node: number; firstGid: number } & WithUpdates)
  | ({ t: 'peer'; from: number; to: number } & WithUpdates)
  | { t: 'disconnect'; node: number }
  | { t: 'reconnect'; node: number }
  | { t: 'move'; node: number; to: number }
  | { t: 'join'; node: number; objects: number; refused?: boolean }
  // Initial replication in the seed's order (issue 13, actions/initial-replication.ts)
  | { t: 'select'; from: number; n: number; node: number; objects: number; unselected: readonly number[] }
  | { t: 'crd'; node: number; stage: 'invoke' | 'message' }
  | { t: 'interests'; node: number; add: number; remove: number }
  // Growing topology (issue 13, actions/growing.ts); a server's join is a `join`
  | { t: 'leave'; node: number }
  // Faults (issue 12, actions/faults.ts)
  | { t: 'crash'; node: number }
  | { t: 'recover'; node: number }
  | { t: 'reregister'; node: number; with: number }
  | { t: 'ckpt'; node: number; with: number }
  | { t: 'lose'; from: number; n: number }
  | { t: 'loseHost'; node: number }
  | { t: 'cut'; node: number }
  | { t: 'heal'; node: number }
  // (Issue 13) Handoff of a moved host (actions/handoff.ts): old cell `from`, new cell `to`, the old cell's instance numbers `ns`; `ids` are relayed.
  | ({ t: 'handoff'; from: number; host: number; to: number; ns: readonly number[] } & WithUpdates);

/** The name of update `id`: `<origin id>#<seq>`. */
export function updateName(topo: Topology, ups: readonly UpdateView[], id: number): string {
  const u = ups[id]!;
  return `${topo.ids[u.origin]}#${u.seq}`;
}

/** The name of instance `from/n`. */
export function instanceName(topo: Topology, from: number, n: number): string {
  return topo.instanceName(from, n);
}

function objectNames(topo: Topology, mask: number): string[] {
  const out: string[] = [];
  for (let o = 0; o < topo.objectCount; o++) if (mask & (1 << o)) out.push(topo.config.objects[o]!.id);
  return out;
}

function names(topo: Topology, a: WithUpdates): string[] {
  return a.ids.map((id) => updateName(topo, a.ups, id));
}

/** The semantic JSON form of an action (see traces/replication.ts). */
export function toReplicationAction(topo: Topology, a: Act): ReplicationAction {
  const id = (i: number) => topo.ids[i]!;
  const item = (i: number) => topo.index.items[i]!.id;
  switch (a.t) {
    case 'update': return { type: 'update', host: id(a.node), item: item(a.item), value: a.value };
    case 'refused': return { type: 'update', host: id(a.node), item: item(a.item), value: 1 };
    case 'read': return { type: 'read', host: id(a.node), item: item(a.item) };
    case 'send': {
      const out: ReplicationAction = { type: 'send', from: id(a.from), to: id(a.to), kind: a.kind, instance: instanceName(topo, a.from, a.n), updates: names(topo, a) };
      if (a.kind === 'IR' || a.kind === 'ROI') out.objects = objectNames(topo, a.objects);
      return out;
    }
    case 'migrate': return { type: 'migrate', instance: instanceName(topo, a.from, a.n), ok: a.ok };
    case 'duplicate': return { type: 'duplicate', instance: instanceName(topo, a.from, a.n) };
    case 'execute': return { type: 'execute', instance: instanceName(topo, a.from, a.n) };
    case 'order': return { type: 'order', server: id(a.node), updates: names(topo, a) };
    case 'peer': return { type: 'peer', from: id(a.from), to: id(a.to), updates: names(topo, a) };
    case 'disconnect': return { type: 'disconnect', host: id(a.node) };
    case 'reconnect': return { type: 'reconnect', host: id(a.node) };
    case 'move': return { type: 'move', host: id(a.node), to: id(a.to) };
    case 'join': return { type: 'join', host: id(a.node), objects: objectNames(topo, a.objects), ...(a.refused ? { refused: true as const } : {}) };
    case 'select': {
      const out: ReplicationAction = { type: 'select', instance: instanceName(topo, a.from, a.n), host: id(a.node), objects: objectNames(topo, a.objects) };
      if (topo.knobs.itemSelection) out.items = topo.itemsOf(a.objects).filter((d) => !a.unselected.includes(d)).map(item);
      return out;
    }
    case 'crd': return { type: 'changeInterests', host: id(a.node), stage: a.stage };
    case 'interests': {
      const out: ReplicationAction = { type: 'changeInterests', host: id(a.node) };
      if (a.add >= 0) out.add = topo.config.objects[a.add]!.id;
      if (a.remove >= 0) out.remove = topo.config.objects[a.remove]!.id;
      return out;
    }
    case 'leave': return { type: 'leave', host: id(a.node) };
    case 'crash': return { type: 'crash', node: id(a.node) };
    case 'recover': return { type: 'recover', node: id(a.node) };
    case 'reregister': return { type: 'reregister', node: id(a.node), with: id(a.with) };
    case 'ckpt': return { type: 'checkpoint', node: id(a.node), with: id(a.with) };
    case 'lose': return { type: 'lose', instance: instanceName(topo, a.from, a.n) };
    case 'loseHost': return { type: 'loseHost', host: id(a.node) };
    case 'cut': return { type: 'partition', node: id(a.node) };
    case 'heal': return { type: 'heal', node: id(a.node) };
    case 'handoff': return { type: 'handoff', host: id(a.host), from: id(a.from), to: id(a.to), instances: a.ns.map((n) => instanceName(topo, a.from, n)), updates: names(topo, a) };
  }
}

/** A readable one-liner, e.g. `mh1 writes x=2 (mh1#1)`, `send RU mh1/1 mh1->c1 [mh1#1]`. */
export function formatAct(topo: Topology, a: Act): string {
  const id = (i: number) => topo.ids[i]!;
  const item = (i: number) => topo.index.items[i]!.id;
  const list = (x: WithUpdates) => `[${names(topo, x).join(', ')}]`;
  switch (a.t) {
    case 'update': return `${id(a.node)} writes ${item(a.item)}=${a.value} (${id(a.node)}#${a.seq})`;
    case 'refused': return `${id(a.node)} tries to write ${item(a.item)} (infrequently changed): refused`;
    case 'read': return `${id(a.node)} reads ${item(a.item)}`;
    case 'send': {
      const what = a.kind === 'IR' || a.kind === 'ROI' ? `{${objectNames(topo, a.objects).join(', ')}} ` : '';
      return `send ${a.kind} ${instanceName(topo, a.from, a.n)} ${id(a.from)}->${id(a.to)} ${what}${list(a)}`;
    }
    case 'migrate': return `migrate ${instanceName(topo, a.from, a.n)} ${a.ok ? 'ok' : 'fails'}`;
    case 'duplicate': return `duplicate ${instanceName(topo, a.from, a.n)} (one extra copy delivered)`;
    case 'execute': return `execute ${instanceName(topo, a.from, a.n)}`;
    case 'order':
      if (a.firstGid > 0) {
        const last = a.firstGid + a.ids.length - 1;
        const range = last === a.firstGid ? `${a.firstGid}` : `${a.firstGid}..${last}`;
        return `${id(a.node)} assigns gid ${range} ${list(a)}`;
      }
      return `${id(a.node)} orders ${list(a)}`;
    case 'peer': return `peer ${id(a.from)}->${id(a.to)} ${list(a)}`;
    case 'disconnect': return `${id(a.node)} disconnects`;
    case 'reconnect': return `${id(a.node)} reconnects`;
    case 'move': return `${id(a.node)} moves to ${id(a.to)}`;
    case 'join':
      if (a.refused) return `${id(a.node)}'s join request is refused`;
      return topo.knobs.initialReplication === 'seed' ? `${id(a.node)} joins (offer follows)` : `${id(a.node)} joins {${objectNames(topo, a.objects).join(', ')}}`;
    case 'select': {
      const items = topo.knobs.itemSelection ? ` items [${topo.itemsOf(a.objects).filter((d) => !a.unselected.includes(d)).map(item).join(', ')}]` : '';
      return `${id(a.node)} selects {${objectNames(topo, a.objects).join(', ')}}${items} (${instanceName(topo, a.from, a.n)})`;
    }
    case 'crd':
      return a.stage === 'invoke' ? `${id(a.node)} invokes Change-Replicated-Data` : `${id(a.node)}'s Change-Replicated-Data-Msg reaches its cell`;
    case 'interests':
      return a.add >= 0
        ? `${id(a.node)} adds ${topo.config.objects[a.add]!.id}`
        : `${id(a.node)} removes ${topo.config.objects[a.remove]!.id}`;
    case 'leave': return `${id(a.node)} leaves`;
    case 'crash': return `${id(a.node)} crashes`;
    case 'recover': return topo.config.faults?.recovery && isReplacementKind(topo, a.node) ? `${id(a.node)} recovers on a replacement` : `${id(a.node)} recovers`;
    case 'reregister': return `${id(a.with)} re-registers with ${id(a.node)}`;
    case 'ckpt': return `${id(a.node)} and ${id(a.with)} checkpoint jointly`;
    case 'lose': return `lose ${instanceName(topo, a.from, a.n)} (acknowledged, never arrives)`;
    case 'loseHost': return `${id(a.node)} is lost for good`;
    case 'cut': return `link ${id(a.node)}-${id(topo.initialParent[a.node]!)} partitioned`;
    case 'heal': return `link ${id(a.node)}-${id(topo.initialParent[a.node]!)} heals`;
    case 'handoff': {
      const held = a.ns.map((n) => instanceName(topo, a.from, n)).join(', ');
      return topo.knobs.handoff === 'forward'
        ? `${id(a.from)} hands ${id(a.host)} over to ${id(a.to)}: forwards ${held} ${list(a)}`
        : `${id(a.from)} hands ${id(a.host)} over to ${id(a.to)}: drops ${held}`;
    }
  }
}

/** Every action kind (the keys; a Record so that a kind added to ReplicationAction must be listed here). */
const ACT_KINDS: Record<ReplicationAction['type'], true> = {
  update: true, read: true, send: true, migrate: true, duplicate: true, execute: true, order: true, select: true,
  peer: true, disconnect: true, reconnect: true, move: true, join: true, changeInterests: true, leave: true,
  crash: true, recover: true, reregister: true, checkpoint: true, lose: true, loseHost: true, partition: true, heal: true,
  handoff: true,
};

/** (Issue 11) Every action kind {@link actKind} can return, for coverage reports (`stats.neverEnabled`). */
export function allActKinds(): string[] {
  return Object.keys(ACT_KINDS);
}

/** The action's kind for coverage counts: the semantic `type`. */
export function actKind(a: Act): ReplicationAction['type'] {
  switch (a.t) {
    case 'refused': return 'update';
    case 'interests': case 'crd': return 'changeInterests';
    case 'ckpt': return 'checkpoint';
    case 'cut': return 'partition';
    default: return a.t;
  }
}

/** Drain actions complete work already started and never create new work. */
export function isDrainAct(a: Act): boolean {
  switch (a.t) {
    case 'send': case 'execute': case 'order': case 'peer': case 'reconnect': case 'recover': case 'reregister': case 'heal': case 'select': case 'handoff': return true;
    case 'crd': return a.stage === 'message';
    case 'migrate': return a.ok;
    default: return false;
  }
}

/** True when node `i`'s kind recovers on a replacement (`faults.recovery`). */
function isReplacementKind(topo: Topology, i: number): boolean {
  const r = topo.config.faults?.recovery;
  const k = topo.kind[i];
  const name = k === 0 ? 'master' : k === 1 ? 'zone' : k === 2 ? 'cell' : undefined;
  return !!r && !!name && r[name] === 'replacement';
}
