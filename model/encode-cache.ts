/**
 * The encoder's caches (encode.ts): instance names parsed into (creator index, number), the
 * words of the executed lists, and the digests of the nodes and instances encoded last at each
 * position, so that the parts of a state a step did not touch are not encoded again (issue 17).
 */
import type { InstanceView, NodeView } from '../traces/replication.ts';
import type { Topology } from './topology.ts';

/** Instance positions with a cached encoding (NameTable.lastInstance); later positions are encoded each time. */
export const INSTANCE_SLOTS = 64;

/**
 * The slot holding instance `x`'s digest for position `k`, or -1: the last instance encoded at
 * `k`, then at `k - 1` and `k + 1`, then (stop 38) the one before the last at `k`, in slot
 * `INSTANCE_SLOTS + k`.
 */
export function instanceSlot(names: NameTable, x: InstanceView, k: number): number {
  const cache = names.lastInstance;
  if (cache[k] === x) return k;
  if (k > 0 && cache[k - 1] === x) return k - 1;
  if (k + 1 < INSTANCE_SLOTS && cache[k + 1] === x) return k + 1;
  return cache[INSTANCE_SLOTS + k] === x ? INSTANCE_SLOTS + k : -1;
}

/** Parses instance names `<node id>/<n>` into (node index, n), with a cache. */
export class NameTable {
  private readonly cache = new Map<string, [number, number]>();
  private readonly topo: Topology;
  /** The hidden field under which the update list keeps its encoding for this table. */
  readonly key = Symbol('replcheck encoding');

  /**
   * (Issue 17) The last two nodes encoded at each position and their words (most recent first):
   * the successors of one state share the nodes a step did not touch, so most nodes are copied
   * from here instead of encoded again (a cache by position and identity: no field on the node,
   * nothing allocated per state). Two entries, because the successor after one that changed node
   * `i` has the parent's node `i` again (with one entry, half of all nodes missed).
   */
  readonly lastNode: (NodeView | undefined)[];
  /** The 128-bit digest of each {@link lastNode}'s words (src/engine/digest.ts), four words per position. */
  readonly lastDigest: Int32Array[];
  /** (Issue 17) The executed list last encoded at each node position, and its (creator, number) pairs (encode-parts.ts). */
  readonly lastExecuted: (readonly string[] | undefined)[];
  readonly lastExecutedWords: Int32Array[];
  /**
   * (Issue 17) Instances encoded lately, by their position in the instance list, and their words:
   * the successors of one state share most instances (found at the same position or next to it).
   * (Stop 38) Slots from INSTANCE_SLOTS on hold the entry before the last at each position, as
   * {@link prevNode} does for nodes: with one entry, 57% of instances missed on `medium` (the
   * successor after one that changed instance `k` has the parent's instance `k` again).
   */
  readonly lastInstance: (InstanceView | undefined)[] = new Array<InstanceView | undefined>(2 * INSTANCE_SLOTS).fill(undefined);
  /** Their digests, four words per slot. */
  readonly instanceDigest = new Int32Array(8 * INSTANCE_SLOTS);
  /** The entry before the last at each position (see {@link lastNode}). */
  readonly prevNode: (NodeView | undefined)[];
  readonly prevDigest: Int32Array[];

  constructor(topo: Topology) {
    this.topo = topo;
    this.lastNode = new Array<NodeView | undefined>(topo.nodeCount).fill(undefined);
    this.lastDigest = Array.from({ length: topo.nodeCount }, () => new Int32Array(4));
    this.prevNode = new Array<NodeView | undefined>(topo.nodeCount).fill(undefined);
    this.prevDigest = Array.from({ length: topo.nodeCount }, () => new Int32Array(4));
    this.lastExecuted = new Array<readonly string[] | undefined>(topo.nodeCount).fill(undefined);
    this.lastExecutedWords = Array.from({ length: topo.nodeCount }, () => new Int32Array(8));
  }

  /** (Stop 38) Instance `x`, with its digest in `digest` at `at`, becomes the last entry at position `k` (the last one the older). */
  keepInstance(k: number, x: InstanceView, digest: Int32Array, at: number): void {
    const d = this.instanceDigest;
    const older = INSTANCE_SLOTS + k;
    this.lastInstance[older] = this.lastInstance[k];
    for (let j = 0; j < 4; j++) {
      d[4 * older + j] = d[4 * k + j]!;
      d[4 * k + j] = digest[at + j]!;
    }
    this.lastInstance[k] = x;
  }

  /** Makes the older entry of position `i` the most recent one (and the other the older). */
  swapEntries(i: number): void {
    const n = this.lastNode[i];
    this.lastNode[i] = this.prevNode[i];
    this.prevNode[i] = n;
    const d = this.lastDigest[i]!;
    this.lastDigest[i] = this.prevDigest[i]!;
    this.prevDigest[i] = d;
  }

  /** The (creator index, number) of an instance name. */
  parse(name: string): [number, number] {
    let hit = this.cache.get(name);
    if (!hit) {
      const cut = name.lastIndexOf('/');
      hit = [this.topo.nodeByName.get(name.slice(0, cut)) ?? -1, Number(name.slice(cut + 1))];
      this.cache.set(name, hit);
    }
    return hit;
  }
}
