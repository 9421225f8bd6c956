/**
 * Static facts the properties need besides the state, derived once per configuration from the
 * {@link NodeIndex}: names, node kinds, which items an object bitmask covers, the master's index,
 * and the display name of an update (`<origin id>#<seq>`, as traces and actions spell it).
 */
import type { NodeIndex, NodeKind, NodeView, ReplicationState, ResolvedConfig } from '../traces/replication.ts';

/** Derived, read-only facts about one configuration. */
export interface Statics {
  readonly index: NodeIndex;
  readonly config: ResolvedConfig;
  /** Index of the Master Server (the replica every other one is compared with, defs 3.1.8). */
  readonly master: number;
  /** Object index of each item. */
  readonly itemObject: Int32Array;
  /** Bitmask of each object's related objects (its Object-Related-List, def 3.5.1.1). */
  readonly relatedMask: number[];
  /** True for items of infrequently changed objects (single publisher, section 3.2). */
  readonly infrequentItem: boolean[];
  /** Node ids, by index. */
  readonly names: string[];
  /** Node kinds, by index. */
  readonly kinds: NodeKind[];
  /** Item ids, by index. */
  readonly itemNames: string[];
  /** Item indices covered by an object bitmask (memoised per mask). */
  heldItems(mask: number): readonly number[];
  /** True when an object bitmask covers item `d`. */
  holdsItem(mask: number, d: number): boolean;
  /** (Issue 13) The items a node holds: those of its objects but the ones its user did not select (item-level partial replica, def 3.1.3). */
  nodeItems(node: NodeView): readonly number[];
  /** (Issue 13) True when a node holds item `d` (its object, and selected). */
  nodeHolds(node: NodeView, d: number): boolean;
}

/** True for cells, zones and the master. */
export function isServer(kind: NodeKind): boolean {
  return kind === 'master' || kind === 'zone' || kind === 'cell';
}

/** Builds the static facts for a node index and configuration. */
export function makeStatics(index: NodeIndex, config: ResolvedConfig): Statics {
  const master = index.nodes.findIndex((n) => n.kind === 'master');
  if (master < 0) throw new Error('NodeIndex has no master node');
  const itemObject = new Int32Array(index.items.length);
  index.items.forEach((it, d) => (itemObject[d] = it.object));
  const relatedMask = index.objects.map((o) => o.related.reduce((m, r) => m | (1 << r), 0));
  const infrequentItem = index.items.map((it) => index.objects[it.object].kind === 'infrequent');
  const memo = new Map<number, readonly number[]>();
  const heldItems = (mask: number): readonly number[] => {
    let items = memo.get(mask);
    if (!items) {
      items = index.items.map((_, d) => d).filter((d) => (mask & (1 << itemObject[d])) !== 0);
      memo.set(mask, items);
    }
    return items;
  };
  return {
    index,
    config,
    master,
    itemObject,
    relatedMask,
    infrequentItem,
    names: index.nodes.map((n) => n.id),
    kinds: index.nodes.map((n) => n.kind),
    itemNames: index.items.map((i) => i.id),
    heldItems,
    holdsItem: (mask, d) => (mask & (1 << itemObject[d])) !== 0,
    nodeItems: (node) => (node.unselected ? heldItems(node.objects).filter((d) => !node.unselected!.includes(d)) : heldItems(node.objects)),
    nodeHolds: (node, d) => (node.objects & (1 << itemObject[d])) !== 0 && !node.unselected?.includes(d),
  };
}

/** The display name of update `u`: `<origin id>#<seq>`. */
export function updateName(st: Statics, s: ReplicationState, u: number): string {
  const up = s.updates[u];
  return up ? `${st.names[up.origin]}#${up.seq}` : `update ${u}`;
}

/** Display names of several updates. */
export function updateNames(st: Statics, s: ReplicationState, us: readonly number[]): string[] {
  return us.map((u) => updateName(st, s, u));
}

/** A list of updates as text: `[mh1#1, mh2#1]`. */
export function listText(st: Statics, s: ReplicationState, us: readonly number[]): string {
  return `[${updateNames(st, s, us).join(', ')}]`;
}
