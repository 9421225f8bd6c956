/**
 * The reference engine's reading of a resolved configuration: the replication architecture's
 * tree (MS, zone servers, cell servers, mobile and fixed hosts; seed 001, 3.3), the objects and
 * their data items with the Object-Related-List (def 3.5.1.1), the writers and the knobs.
 * Written independently of model/: only `traces/replication.ts` is shared.
 */
import { UsageError } from '../src/engine/errors.ts';
import type { NodeIndex, NodeKind, ResolvedConfig } from '../traces/replication.ts';

/** Protocol switches (ResolvedConfig.knobs) the engine implements, with the seed strategy's defaults. */
export interface EngineKnobs {
  duplicateSuppression: boolean;
  flagOnSend: boolean;
  causalHoldBack: boolean;
  peerExchange: boolean;
  roiPropagation: boolean;
  snapshotGuard: boolean;
  refusals: number;
  /** sequencer and primary-copy hold back per-origin gaps (MS commit, sequencer's peer delivery). */
  fifoHoldBack: boolean;
  /** A node with an own update not committed at itself can neither write nor read (`eager` is its old name, still read). */
  waitOwnCommit: boolean;
  /** Deprecated name of waitOwnCommit (traces written before issue 14). */
  eager: boolean;
  /** `eager`: a write returns when every member replica holding its item has it, and the item is locked until then. */
  propagation: string;
  /** primary-copy: `object=node,...`, the node holding each placed object's primary. */
  primaryPlacement: string;
  /** `redirect` or `reject`: what becomes of a write at a secondary of a placed object. */
  secondaryWrites: string;
  /** lww: ticks the first writer's physical clock runs ahead. */
  clockSkew: number;
  /** (Issue 11) Disconnections do not count against bounds.disconnects: hosts may fail and come back forever. */
  recurringDisconnects: boolean;
  /** (Issue 13) Servers decide by reading their children's stores instead of their metadata objects (the view then has no `meta`). */
  oracle: boolean;
  /**
   * (Issue 13) ROI reports travel from server to server as instances (true); by default (false)
   * once the cell a host reported to has recorded it, every other server records it in the same step.
   */
  roiHops: boolean;
  /** (Issue 13) `seed`: 3.5's order (offer, selection at the host, report, then data); `shortcut`: configured selection, data first. */
  initialReplication: string;
  /** (Issue 13, seed) Join requests a cell may refuse per run. */
  joinRefusals: number;
  /** (Issue 13, seed) A selection names at most this many objects. */
  selectMax: number;
  /** (Issue 13, seed) The user picks data items too (item-level partial replicas). */
  itemSelection: boolean;
  /** (Issue 13) A joining server's cursor is its snapshot's (true); false (broken): its parent's when it installs. */
  snapshotCursor: boolean;
  /** (Issue 13) Handoff of a moved host's pending instances: none, forward (relayed by the new cell) or resend (dropped; handoff.ts). */
  handoff: 'none' | 'forward' | 'resend';
  /** (Issue 13) The forwarded batch is de-duplicated (false: a broken variant). */
  handoffDedup: boolean;
  /** (Issue 13, cross-zone gap) A host's cursor follows the cell it is registered at; a cell's stream waits for a report of objects it does not know; where hosts may move and add objects, object-filter.ts (false: a broken variant). */
  moveCursorGuard: boolean;
  /** (Issue 13) Peer exchange as PEER instances (reference/peer.ts), fixed hosts included. */
  peerInstances: boolean;
  /** (Issue 13) A peer exchange's receiver carries what it received up in its own RU. */
  peerRelay: boolean;
  /** (Issue 13) Servers ignore an update id they already collected, ordered or committed. */
  relayDedup: boolean;
}

/** Defaults: the hierarchical strategy as seed 001 describes it. */
export const DEFAULT_ENGINE_KNOBS: Readonly<EngineKnobs> = Object.freeze({
  duplicateSuppression: true,
  flagOnSend: false,
  causalHoldBack: true,
  peerExchange: true,
  roiPropagation: true,
  snapshotGuard: true,
  refusals: 1,
  fifoHoldBack: true,
  waitOwnCommit: false,
  eager: false,
  propagation: 'lazy',
  primaryPlacement: '',
  secondaryWrites: 'redirect',
  clockSkew: 2,
  recurringDisconnects: false,
  oracle: false,
  roiHops: false,
  initialReplication: 'shortcut',
  joinRefusals: 0,
  selectMax: 1,
  itemSelection: false,
  snapshotCursor: true,
  handoff: 'none',
  handoffDedup: true,
  moveCursorGuard: true,
  peerInstances: false,
  peerRelay: false,
  relayDedup: true,
});

/** One node of the tree. Hosts' `cell` is where they start (a mobile host may move). */
export interface TopoNode {
  id: string;
  kind: NodeKind;
  /** Index of the server above at the start (-1 for the MS). */
  parent: number;
  /** Hosts: objects selected in the configuration (before the related closure), as a mask. */
  interests: number;
  /** Hosts, (issue 13) zones and cells: not a member at the start (joins during the run). */
  joins: boolean;
  /** (Issue 13) Hosts: may leave the system. */
  leaves?: boolean;
}

/** Static facts of one configuration, by index. */
export interface Topology {
  config: ResolvedConfig;
  nodes: TopoNode[];
  nodeById: Map<string, number>;
  objects: { id: string; kind: 'frequent' | 'infrequent'; items: number[]; related: number[] }[];
  objectById: Map<string, number>;
  items: { id: string; object: number }[];
  itemById: Map<string, number>;
  master: number;
  /** Node indices allowed to generate updates; undefined means every member node. */
  writers?: Set<number>;
  knobs: EngineKnobs;
  /** Object index -> the node holding its primary (knob primaryPlacement); objects not placed are absent. */
  primaries: Map<number, number>;
}

function bad(message: string): never {
  throw new UsageError(`configuration: ${message}`);
}

/** Builds the topology; throws UsageError for an inconsistent configuration. */
export function topologyOf(config: ResolvedConfig): Topology {
  const objectById = new Map(config.objects.map((o, i) => [o.id, i]));
  if (objectById.size !== config.objects.length) bad('object ids must be unique');
  if (config.objects.length > 30) bad('at most 30 objects (objects are held as bitmasks)');
  const items: Topology['items'] = [];
  const objects = config.objects.map((o, i) => ({
    id: o.id,
    kind: o.kind,
    items: o.items.map((id) => (items.push({ id, object: i }), items.length - 1)),
    related: o.related.map((r) => objectById.get(r) ?? bad(`object ${o.id}: related object ${r} does not exist`)),
  }));
  const itemById = new Map(items.map((it, i) => [it.id, i]));
  if (itemById.size !== items.length) bad('item ids must be unique');
  const mask = (ids: string[], where: string) => ids.reduce((m, id) => m | (1 << (objectById.get(id) ?? bad(`${where}: object ${id} does not exist`))), 0);

  const nodes: TopoNode[] = [{ id: config.master.id, kind: 'master', parent: -1, interests: 0, joins: false }];
  const zoneIdx = new Map<string, number>();
  for (const z of config.zones) {
    zoneIdx.set(z.id, nodes.length);
    nodes.push({ id: z.id, kind: 'zone', parent: 0, interests: 0, joins: z.joins === true });
  }
  const cellIdx = new Map<string, number>();
  for (const c of config.cells) {
    cellIdx.set(c.id, nodes.length);
    nodes.push({ id: c.id, kind: 'cell', parent: zoneIdx.get(c.zone) ?? bad(`cell ${c.id}: zone ${c.zone} does not exist`), interests: 0, joins: c.joins === true });
  }
  // (Issue 13) A fixed host may attach to a zone server or the MS.
  const upper = new Map<string, number>([[config.master.id, 0], ...zoneIdx]);
  for (const h of config.hosts) {
    nodes.push({
      id: h.id,
      kind: h.kind,
      parent: cellIdx.get(h.cell) ?? (h.kind === 'fixed' ? upper.get(h.cell) : undefined) ?? bad(`host ${h.id}: cell ${h.cell} does not exist`),
      interests: mask(h.interests, `host ${h.id}`),
      joins: h.joins === true,
      ...(h.leaves ? { leaves: true } : {}),
    });
  }
  const nodeById = new Map(nodes.map((n, i) => [n.id, i]));
  if (nodeById.size !== nodes.length) bad('node ids must be unique');
  const writers = config.writers ? new Set(config.writers.map((w) => nodeById.get(w) ?? bad(`writer ${w} is not a node`))) : undefined;
  const knobs = { ...DEFAULT_ENGINE_KNOBS } as EngineKnobs;
  for (const [k, v] of Object.entries(config.knobs ?? {})) {
    if (!(k in knobs)) bad(`unknown knob ${k} (the engine knows ${Object.keys(knobs).join(', ')})`);
    if (typeof v !== typeof (knobs as unknown as Record<string, unknown>)[k]) bad(`knob ${k} must be a ${typeof (knobs as unknown as Record<string, unknown>)[k]}`);
    (knobs as unknown as Record<string, unknown>)[k] = v;
  }
  if (knobs.initialReplication !== 'seed' && knobs.initialReplication !== 'shortcut') bad('knob initialReplication must be seed or shortcut');
  if (!['none', 'forward', 'resend'].includes(knobs.handoff)) bad('knob handoff must be none, forward or resend');
  for (const k of ['refusals', 'clockSkew', 'joinRefusals', 'selectMax'] as const) if (!Number.isInteger(knobs[k]) || knobs[k] < 0) bad(`knob ${k} must be a whole number, at least 0`);
  if (!['lazy', 'eager'].includes(knobs.propagation)) bad(`knob propagation must be lazy or eager`);
  if (!['redirect', 'reject'].includes(knobs.secondaryWrites)) bad(`knob secondaryWrites must be redirect or reject`);
  const primaries = new Map<number, number>();
  for (const part of knobs.primaryPlacement ? knobs.primaryPlacement.split(',') : []) {
    const [o, n] = part.split('=');
    primaries.set(objectById.get(o ?? '') ?? bad(`knob primaryPlacement: object ${o} does not exist`), nodeById.get(n ?? '') ?? bad(`knob primaryPlacement: node ${n} does not exist`));
  }
  return { config, nodes, nodeById, objects, objectById, items, itemById, master: 0, writers, knobs, primaries };
}

/** The objects a selection brings with it: the selection plus its Object-Related-Lists, transitively. */
export function relatedClosure(topo: Topology, mask: number): number {
  let m = mask;
  for (let changed = true; changed; ) {
    changed = false;
    topo.objects.forEach((o, i) => {
      if (m & (1 << i)) for (const r of o.related) if (!(m & (1 << r))) { m |= 1 << r; changed = true; }
    });
  }
  return m;
}

/** Every object, as a mask (what servers hold). */
export function allObjects(topo: Topology): number {
  return topo.objects.length === 0 ? 0 : (2 ** topo.objects.length - 1) | 0;
}

/** True when the object mask covers the item. */
export function holdsItem(topo: Topology, mask: number, item: number): boolean {
  return (mask & (1 << topo.items[item].object)) !== 0;
}

/** True for the MS, zone servers and cell servers. */
export function isServerKind(kind: NodeKind): boolean {
  return kind === 'master' || kind === 'zone' || kind === 'cell';
}

/** The names and static facts the view's indices refer to (traces/replication.ts NodeIndex). */
export function nodeIndexOf(topo: Topology): NodeIndex {
  return {
    nodes: topo.nodes.map((n) => ({ id: n.id, kind: n.kind, parent: n.parent })),
    objects: topo.objects.map((o) => ({ id: o.id, kind: o.kind, items: [...o.items], related: [...o.related] })),
    items: topo.items.map((it) => ({ ...it })),
  };
}
