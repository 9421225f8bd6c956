/**
 * The static facts of one resolved configuration, computed once (never per state): node indices
 * and kinds, the MS/zone/cell tree (a graphlib graph, edges from parent to child), which hosts a
 * cell starts with, object/item tables, Object-Related-List closures as bitmasks, writers and
 * joiners, and the symmetry classes of interchangeable mobile hosts.
 */
import { Graph, alg } from '@dagrejs/graphlib';
import type { NodeIndex, NodeKind, ResolvedConfig } from '../traces/replication.ts';
import { knobsOf } from './config-types.ts';
import { parsePlacement } from './placement.ts';
import { UsageError } from '../src/engine/errors.ts';

/** (Issue 13) Items per object at most, with the knob `itemSelection` (2^n - 1 choices per object). */
const ITEM_SELECTION_MAX = 8;
import type { Knobs } from './config-types.ts';

/** Node kind codes (index into {@link KIND_NAMES}). */
export const MASTER = 0, ZONE = 1, CELL = 2, MOBILE = 3, FIXED = 4;
/** Kind names by code. */
export const KIND_NAMES: readonly NodeKind[] = ['master', 'zone', 'cell', 'mobile', 'fixed'];

/** Static facts of a configuration (see file header). */
export class Topology {
  readonly config: ResolvedConfig;
  readonly knobs: Knobs;
  /** The view's index (names and static facts) the properties also receive. */
  readonly index: NodeIndex;
  /** The tree as configured: MS -> zones -> cells -> hosts (initial cells); node keys are `n<index>`. */
  readonly graph: Graph;
  readonly nodeCount: number;
  readonly ids: string[];
  readonly kind: Uint8Array;
  /** Parent at the start (-1 for the MS); hosts may move, so a host's current parent is in the state. */
  readonly initialParent: Int32Array;
  /** Static server children of the MS and of zones; hosts are dynamic (see {@link hostsStartingIn}). */
  readonly serverChildren: number[][];
  /** Hosts that start in each cell (by cell node index; [] for other nodes). */
  readonly hostsStartingIn: number[][];
  readonly firstCell: number;
  readonly firstHost: number;
  readonly cellIndices: number[];
  readonly itemCount: number;
  readonly objectCount: number;
  readonly itemObject: Int32Array;
  readonly objectItems: number[][];
  readonly infrequentMask: number;
  readonly allObjects: number;
  /** Per object: the objects on its Object-Related-List, as a mask. */
  readonly relatedMask: Int32Array;
  /** Per node: objects held at the start (all on servers; interests + related on hosts; 0 for joiners). */
  readonly initialObjects: Int32Array;
  /** Per host: the objects it selects when it joins (its interests with their related objects). */
  readonly interestMask: Int32Array;
  readonly writer: Uint8Array;
  /** (Issue 14) Per object: the node holding its primary under knob `primaryPlacement`, or -1 (not placed). */
  readonly primaryOf: Int32Array;
  /** Nodes that start outside the system and join during the run: hosts with `joins`, (issue 13) zones and cells with `joins`. */
  readonly joiner: Uint8Array;
  /** (Issue 13) Hosts configured with `leaves`. */
  readonly leaver: Uint8Array;
  /** (Issue 13) The joiner zones and cells, ascending. */
  readonly joinerServers: number[];
  /** (Issue 13) Hosts attached to a zone or the master (fixed hosts above cell level). */
  readonly upperHosts: number[];
  readonly nodeByName: Map<string, number>;
  readonly itemByName: Map<string, number>;
  readonly objectByName: Map<string, number>;
  /** Groups (size >= 2) of interchangeable mobile hosts: same cell, interests, writer status; not joiners. */
  readonly symmetryClasses: number[][];
  private readonly itemsCache = new Map<number, number[]>();
  /** (Issue 17) Instance names by creator and number, made once: one string per name, compared by identity first. */
  private readonly names: string[][] = [];

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.knobs = knobsOf(config);
    // (Issue 13) Item selection explores every non-empty subset of a picked object's items: keep that bounded.
    if (this.knobs.itemSelection) {
      const big = config.objects.find((o) => o.items.length > ITEM_SELECTION_MAX);
      if (big) throw new UsageError(`knobs.itemSelection: object ${big.id} has ${big.items.length} items, at most ${ITEM_SELECTION_MAX} can be selected item by item; turn itemSelection off or use fewer items`);
    }
    const c = config;
    const nodes: { id: string; kind: NodeKind; parentId: string | null }[] = [
      { id: c.master.id, kind: 'master', parentId: null },
      ...c.zones.map((z) => ({ id: z.id, kind: 'zone' as const, parentId: c.master.id })),
      ...c.cells.map((x) => ({ id: x.id, kind: 'cell' as const, parentId: x.zone })),
      ...c.hosts.map((h) => ({ id: h.id, kind: h.kind, parentId: h.cell })),
    ];
    // Graph keys are node indices (`n0`, `n1`, ...), never the user's ids: graphlib keeps nodes in
    // plain objects, where an id such as `toString` would be found on the prototype (issue 16).
    const key = (i: number) => `n${i}`;
    const index = (k: string) => Number(k.slice(1));
    this.nodeCount = nodes.length;
    this.ids = nodes.map((n) => n.id);
    this.nodeByName = new Map(this.ids.map((id, i) => [id, i]));
    this.graph = new Graph({ directed: true });
    nodes.forEach((n, i) => this.graph.setNode(key(i), n.kind));
    nodes.forEach((n, i) => {
      if (n.parentId) this.graph.setEdge(key(this.nodeByName.get(n.parentId)!), key(i));
    });
    if (!alg.isAcyclic(this.graph)) throw new Error('configuration tree has a cycle');
    this.kind = Uint8Array.from(nodes.map((n) => KIND_NAMES.indexOf(n.kind)));
    this.initialParent = Int32Array.from(this.ids.map((_, i) => {
      const preds = this.graph.predecessors(key(i)) ?? [];
      return preds.length ? index(preds[0]!) : -1;
    }));
    this.firstCell = 1 + c.zones.length;
    this.firstHost = this.firstCell + c.cells.length;
    this.cellIndices = c.cells.map((_, i) => this.firstCell + i);
    const childrenOf = (i: number) => (this.graph.successors(key(i)) ?? []).map(index).sort((a, b) => a - b);
    this.serverChildren = this.ids.map((_, i) => (this.kind[i]! <= ZONE ? childrenOf(i).filter((c) => this.kind[c]! <= CELL) : []));
    this.hostsStartingIn = this.ids.map((_, i) => (this.kind[i] === CELL ? childrenOf(i) : []));
    // (Issue 13) Fixed hosts may attach to a zone or the master.
    this.upperHosts = [];
    for (let i = this.firstHost; i < this.nodeCount; i++) if (this.kind[this.initialParent[i]!]! < CELL) this.upperHosts.push(i);

    this.objectCount = c.objects.length;
    this.objectByName = new Map(c.objects.map((o, i) => [o.id, i]));
    const items: { id: string; object: number }[] = [];
    this.objectItems = c.objects.map((o, oi) => o.items.map((id) => (items.push({ id, object: oi }), items.length - 1)));
    this.itemCount = items.length;
    this.itemByName = new Map(items.map((it, i) => [it.id, i]));
    this.itemObject = Int32Array.from(items.map((it) => it.object));
    this.relatedMask = Int32Array.from(c.objects.map((o) => o.related.reduce((m, r) => m | (1 << this.objectByName.get(r)!), 0)));
    this.infrequentMask = c.objects.reduce((m, o, i) => (o.kind === 'infrequent' ? m | (1 << i) : m), 0);
    this.allObjects = this.objectCount === 0 ? 0 : (1 << this.objectCount) - 1;

    this.interestMask = new Int32Array(this.nodeCount);
    this.joiner = new Uint8Array(this.nodeCount);
    this.leaver = new Uint8Array(this.nodeCount);
    this.initialObjects = new Int32Array(this.nodeCount);
    c.zones.forEach((z, k) => { if (z.joins) this.joiner[1 + k] = 1; });
    c.cells.forEach((x, k) => { if (x.joins) this.joiner[this.firstCell + k] = 1; });
    this.joinerServers = [];
    for (let i = 0; i < this.firstHost; i++) {
      this.initialObjects[i] = this.joiner[i] ? 0 : this.allObjects;
      if (this.joiner[i]) this.joinerServers.push(i);
    }
    c.hosts.forEach((h, k) => {
      const i = this.firstHost + k;
      this.interestMask[i] = this.closure(h.interests.reduce((m, o) => m | (1 << this.objectByName.get(o)!), 0));
      this.joiner[i] = h.joins ? 1 : 0;
      this.leaver[i] = h.leaves ? 1 : 0;
      this.initialObjects[i] = h.joins ? 0 : this.interestMask[i]!;
    });
    const writers = c.writers ? new Set(c.writers) : undefined;
    this.writer = Uint8Array.from(this.ids.map((id) => (!writers || writers.has(id) ? 1 : 0)));
    this.primaryOf = new Int32Array(this.objectCount).fill(-1);
    for (const [o, n] of parsePlacement(this.knobs.primaryPlacement, c)) this.primaryOf[this.objectByName.get(o)!] = this.nodeByName.get(n)!;

    this.index = {
      nodes: nodes.map((n, i) => ({ id: n.id, kind: n.kind, parent: this.initialParent[i]! })),
      objects: c.objects.map((o, i) => ({
        id: o.id, kind: o.kind, items: this.objectItems[i]!,
        related: o.related.map((r) => this.objectByName.get(r)!),
      })),
      items,
    };
    this.symmetryClasses = this.computeSymmetryClasses();
  }

  /** `mask` plus every object on the Object-Related-List of an object in it (transitively). */
  closure(mask: number): number {
    let m = mask;
    for (;;) {
      let next = m;
      for (let o = 0; o < this.objectCount; o++) if (m & (1 << o)) next |= this.relatedMask[o]!;
      if (next === m) return m;
      m = next;
    }
  }

  /** The item indices of the objects in `mask`, ascending (cached per mask). */
  itemsOf(mask: number): number[] {
    let items = this.itemsCache.get(mask);
    if (!items) {
      items = [];
      for (let i = 0; i < this.itemCount; i++) if (mask & (1 << this.itemObject[i]!)) items.push(i);
      this.itemsCache.set(mask, items);
    }
    return items;
  }

  /** The name `<creator id>/<n>` of instance `n` of node `from` (the same string every time). */
  instanceName(from: number, n: number): string {
    const row = this.names[from] ??= [];
    return row[n] ??= `${this.ids[from]}/${n}`;
  }

  /** True when the objects in `mask` include the object of `item`. */
  holdsItem(mask: number, item: number): boolean {
    return (mask & (1 << this.itemObject[item]!)) !== 0;
  }

  /** True for the MS, zones and cells. */
  isServer(i: number): boolean {
    return this.kind[i]! <= CELL;
  }

  /** True for mobile and fixed hosts. */
  isHost(i: number): boolean {
    return this.kind[i]! >= MOBILE;
  }

  private computeSymmetryClasses(): number[][] {
    const groups = new Map<string, number[]>();
    // (Issue 13) IR instances to joiner servers ship metadata rows by host position: no reduction.
    if (this.joinerServers.length) return [];
    for (let i = this.firstHost; i < this.nodeCount; i++) {
      if (this.kind[i] !== MOBILE || this.joiner[i]) continue;
      const key = `${this.initialParent[i]}|${this.interestMask[i]}|${this.writer[i]}|${[...this.primaryOf].map((p) => (p === i ? 1 : 0)).join('')}|${this.config.hosts[i - this.firstHost]!.interests.join(',')}`;
  /** Nodes that start outside the system and join during the run: hosts with `joins`, (issue 13) zones and cells with `joins`. */
      const g = groups.get(key);
      if (g) g.push(i); else groups.set(key, [i]);
    }
    return [...groups.values()].filter((g) => g.length >= 2);
  }
}
