/**
 * The model's state is the shared view {@link ReplicationState} (plain arrays and numbers).
 * This file builds the initial state and provides {@link Draft}, a copy-on-write editor that
 * `next()` uses so a transition never mutates its input and copies only what changes: the nodes
 * array is copied once, only touched nodes are shallow-copied, and arrays inside them are
 * replaced (never edited in place), so untouched nodes and arrays are shared between states.
 * The list helpers (`lists.ts`), the instance list and trails (`instance-list.ts`) and the record
 * copies (`copy.ts`) it uses are re-exported here for the actions.
 */
import type { InstanceView, NodeView, ReplicationState, UpdateView } from '../traces/replication.ts';
import type { Topology } from './topology.ts';
import { initialMeta } from './actions/metadata.ts';
import { handoffOn } from './actions/handoff.ts';
import { noteStep } from '../properties/delta.ts';
import { copyNode } from './copy.ts';
import { EMPTY } from './lists.ts';
import { agentOf, findInstance } from './instance-list.ts';

export { copyInstance, copyNode, copyUpdate } from './copy.ts';
export { append, appendId, EMPTY, joinIds, withOrder } from './lists.ts';
export { agentOf, extendTrail, findInstance, SENT_TRAIL } from './instance-list.ts';

/** The initial state: every member connected, no update, no instance. */
export function initialState(topo: Topology): ReplicationState {
  const emptyOrder = Array.from({ length: topo.itemCount }, () => EMPTY as number[]);
  const nodes: NodeView[] = [];
  const meta = topo.knobs.oracle ? undefined : initialMeta(topo);
  for (let i = 0; i < topo.nodeCount; i++) {
    const node: NodeView = {
      member: !topo.joiner[i],
      connected: true,
      parent: topo.initialParent[i]!,
      objects: topo.initialObjects[i]!,
      order: emptyOrder,
      applied: EMPTY as number[],
      flagF: EMPTY as number[],
      flagT: EMPTY as number[],
      collected: EMPTY as number[],
      committed: 0,
      agent: 'monitoring',
      executed: [],
      made: 0,
      writes: 0,
    };
    if (meta && topo.isServer(i) && !topo.joiner[i]) node.meta = meta;
    // Made by copyNode so that every node shares the maps of its copies (issue 17).
    nodes.push(copyNode(node));
  }
  return {
    nodes,
    updates: [],
    instances: [],
    nextGid: 1,
    reads: [],
    used: {
      disconnects: 0, moves: 0, failures: 0, duplicates: 0, joins: 0, interestChanges: 0,
      ...(topo.config.faults ? { crashes: 0, losses: 0, partitions: 0, permanent: 0 } : {}),
      ...(topo.knobs.initialReplication === 'seed' ? { refusedJoins: 0 } : {}),
      ...(handoffOn(topo) ? { handoffs: 0 } : {}),
    },
    refused: 0,
  };
}

/**
 * The empty lists a {@link Draft} starts with (shared, never edited: replaced at the first
 * entry). Not frozen: a frozen array has its own elements kind, and the property library
 * spreads and searches these lists (properties/delta.ts) on every step that touched no node.
 */
const NO_NODES: readonly number[] = [];
const NO_VIEWS: readonly NodeView[] = [];

/** Copy-on-write editor over one state (see file header). */
export class Draft {
  readonly base: ReplicationState;
  private nodes: NodeView[];
  private nodesCopied = false;
  private touched: number[] = NO_NODES as number[];
  /** (Issue 17) The node objects `touched` replaced, in the same order (for incremental property checks). */
  private was: NodeView[] = NO_VIEWS as NodeView[];
  updates: UpdateView[];
  instances: InstanceView[];
  nextGid: number;
  reads: ReplicationState['reads'];
  used: ReplicationState['used'];
  refused: number;
  /** Nodes whose `agent` must be recomputed from the instances at {@link finish}. */
  private agentDirty: number[] = NO_NODES as number[];

  /**
   * @param ownsNodes true when `s.nodes` belongs to this walk alone (see `Model.step`): the
   * draft then writes node replacements into it instead of copying the 10,000-entry array.
   * Node objects themselves are still copied before they change.
   */
  constructor(s: ReplicationState, ownsNodes = false) {
    this.base = s;
    this.nodes = s.nodes;
    this.nodesCopied = ownsNodes;
    this.updates = s.updates;
    this.instances = s.instances;
    this.nextGid = s.nextGid;
    this.reads = s.reads;
    this.used = s.used;
    this.refused = s.refused;
  }

  /** Read-only access to a node (the current draft version). */
  get(i: number): NodeView {
    return this.nodes[i]!;
  }

  /** A mutable copy of node `i` (copied at most once per draft). Replace its arrays, never edit them. */
  node(i: number): NodeView {
    if (!this.nodesCopied) {
      this.nodes = this.nodes.slice();
      this.nodesCopied = true;
    }
    if (this.touched === NO_NODES) {
      // (Issue 17) Made at the first touch, one entry long (an empty list grows to 17 entries at its first push).
      this.touched = [i];
      this.was = [this.nodes[i]!];
      this.nodes[i] = copyNode(this.nodes[i]!);
    } else if (!this.touched.includes(i)) {
      this.touched.push(i);
      this.was.push(this.nodes[i]!);
      this.nodes[i] = copyNode(this.nodes[i]!);
    }
    return this.nodes[i]!;
  }

  /** Increments one environment budget counter. */
  use(key: keyof ReplicationState['used']): void {
    // A spread copy then an increment keeps the copy on the original's hidden class.
    const used = { ...this.used };
    used[key] = (used[key] ?? 0) + 1;
    this.used = used;
  }

  /** Position of instance `from/n` in the sorted instance list, or -1. */
  findInstance(from: number, n: number): number {
    return findInstance(this.instances, from, n);
  }

  /** Adds an instance, keeping the list sorted by (from, n); marks its sender's agent for update. */
  addInstance(inst: InstanceView): void {
    const list = this.instances;
    let k = list.length;
    while (k > 0 && (list[k - 1]!.from > inst.from || (list[k - 1]!.from === inst.from && list[k - 1]!.n > inst.n))) k--;
    const out: InstanceView[] = [];
    for (let j = 0; j < k; j++) out.push(list[j]!);
    out.push(inst);
    for (let j = k; j < list.length; j++) out.push(list[j]!);
    this.instances = out;
    this.dirtyAgent(inst.from);
  }

  /** Replaces the instance at position `k`. */
  setInstance(k: number, inst: InstanceView): void {
    const list = this.instances.slice();
    list[k] = inst;
    this.instances = list;
    this.dirtyAgent(inst.from);
  }

  /** Removes the instance at position `k`. */
  removeInstance(k: number): void {
    const list = this.instances;
    const from = list[k]!.from;
    const out: InstanceView[] = [];
    for (let j = 0; j < list.length; j++) if (j !== k) out.push(list[j]!);
    this.instances = out;
    this.dirtyAgent(from);
  }

  private dirtyAgent(i: number): void {
    if (this.agentDirty === NO_NODES) this.agentDirty = [i];
    else if (!this.agentDirty.includes(i)) this.agentDirty.push(i);
  }

  /** The new state. */
  finish(): ReplicationState {
    const dirty = this.agentDirty;
    for (let k = 0; k < dirty.length; k++) {
      const i = dirty[k]!;
      const agent = agentOf(this.instances, i);
      if (this.nodes[i]!.agent !== agent) this.node(i).agent = agent;
    }
    const t: ReplicationState = {
      nodes: this.nodes,
      updates: this.updates,
      instances: this.instances,
      nextGid: this.nextGid,
      reads: this.reads,
      used: this.used,
      refused: this.refused,
    };
    // (Issue 17) Tells the property library which nodes changed (properties/delta.ts).
    noteStep(this.base, t, this.touched, this.was);
    return t;
  }
}

