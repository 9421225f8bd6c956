/**
 * The model's state is the shared view {@link ReplicationState} (plain arrays and numbers).
 * This file builds the initial state and provides {@link Draft}, a copy-on-write editor that
 * `next()` uses so a transition never mutates its input and copies only what changes: the nodes
 * array is copied once, only touched nodes are shallow-copied, and arrays inside them are
 * replaced (never edited in place), so untouched nodes and arrays are shared between states.
 */
import type { AgentState, InstanceView, NodeView, ReplicationState, UpdateView } from '../traces/replication.ts';
import type { Topology } from './topology.ts';
import { initialMeta } from './actions/metadata.ts';
import { handoffOn } from './actions/handoff.ts';
import { noteStep } from '../properties/delta.ts';

/** A shared empty list (never mutated). */
export const EMPTY: readonly number[] = Object.freeze([]) as readonly number[];

/** The initial state: every member connected, no update, no instance. */
export function initialState(topo: Topology): ReplicationState {
  const emptyOrder = Array.from({ length: topo.itemCount }, () => EMPTY as number[]);
  const nodes: NodeView[] = [];
  const meta = topo.knobs.oracle ? undefined : initialMeta(topo);
  for (let i = 0; i < topo.nodeCount; i++) {
    nodes.push({
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
      ...(meta && topo.isServer(i) && !topo.joiner[i] ? { meta } : {}),
    });
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

/** Copy-on-write editor over one state (see file header). */
export class Draft {
  readonly base: ReplicationState;
  private nodes: NodeView[];
  private nodesCopied = false;
  private readonly touched: number[] = [];
  /** (Issue 17) The node objects `touched` replaced, in the same order (for incremental property checks). */
  private readonly was: NodeView[] = [];
  updates: UpdateView[];
  instances: InstanceView[];
  nextGid: number;
  reads: ReplicationState['reads'];
  used: ReplicationState['used'];
  refused: number;
  /** Nodes whose `agent` must be recomputed from the instances at {@link finish}. */
  private readonly agentDirty: number[] = [];

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
    if (!this.touched.includes(i)) {
      this.touched.push(i);
      this.was.push(this.nodes[i]!);
      this.nodes[i] = copyNode(this.nodes[i]!);
    }
    return this.nodes[i]!;
  }

  /** Increments one environment budget counter. */
  use(key: keyof ReplicationState['used']): void {
    this.used = { ...this.used, [key]: (this.used[key] ?? 0) + 1 };
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
    this.instances = [...list.slice(0, k), inst, ...list.slice(k)];
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
    const from = this.instances[k]!.from;
    this.instances = [...this.instances.slice(0, k), ...this.instances.slice(k + 1)];
    this.dirtyAgent(from);
  }

  private dirtyAgent(i: number): void {
    if (!this.agentDirty.includes(i)) this.agentDirty.push(i);
  }

  /** The new state. */
  finish(): ReplicationState {
    for (const i of this.agentDirty) {
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

/** The fields every node has, in the order {@link initialState} creates them. */
type FixedField = 'member' | 'connected' | 'parent' | 'objects' | 'order' | 'applied' | 'flagF' | 'flagT' | 'collected' |
  'committed' | 'agent' | 'executed' | 'made' | 'writes';
/** The fields only the fault model sets (issue 12). */
type FaultField = 'down' | 'lost' | 'cut' | 'checkpoint' | 'rebind';
/** (Issue 13) Server metadata (copied by the literal when it is the only optional field) and the optional host fields of issue 13. */
type ManagementField = 'meta' | 'crd' | 'unselected' | 'left';
/** Fails to compile when `NodeView` gains a field {@link copyNode} does not know (it would drop it). */
const COPY_NODE_KNOWS_EVERY_FIELD: [Exclude<keyof NodeView, FixedField | FaultField | ManagementField>] extends [never] ? true : never = true;
void COPY_NODE_KNOWS_EVERY_FIELD;

/**
 * A shallow copy of a node with the same keys in the same order (JSON of states is part of the
 * output). Written as a literal rather than `{ ...n }` (issue 17): V8 gives spread copies maps
 * on which adding a property later costs about 2 microseconds, and the encoding cache
 * (encode.ts) and the property memo (properties/node-memo.ts) add a hidden field to most new
 * nodes; a literal copy takes it in a tenth of that. A node of the fault model (issue 12) or with
 * issue 13's optional host fields, which come and go, is spread as before; server metadata (issue
 * 13), created with the node, is copied last.
 */
export function copyNode(n: NodeView): NodeView {
  if (n.down !== undefined || n.lost !== undefined || n.cut !== undefined || n.checkpoint !== undefined || n.rebind !== undefined
    || n.crd !== undefined || n.unselected !== undefined || n.left !== undefined) return { ...n };
  if (n.meta !== undefined) {
    return {
      member: n.member, connected: n.connected, parent: n.parent, objects: n.objects, order: n.order, applied: n.applied,
      flagF: n.flagF, flagT: n.flagT, collected: n.collected, committed: n.committed, agent: n.agent, executed: n.executed,
      made: n.made, writes: n.writes, meta: n.meta,
    };
  }
  return {
    member: n.member, connected: n.connected, parent: n.parent, objects: n.objects, order: n.order, applied: n.applied,
    flagF: n.flagF, flagT: n.flagT, collected: n.collected, committed: n.committed, agent: n.agent, executed: n.executed,
    made: n.made, writes: n.writes,
  };
}

/** Binary search for instance `from/n` in a list sorted by (from, n); -1 if absent. */
export function findInstance(list: readonly InstanceView[], from: number, n: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid]!;
    const cmp = x.from - from || x.n - n;
    if (cmp === 0) return mid;
    if (cmp < 0) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/**
 * A node's resident IIRA activity, derived from the instances it created: `migrating` while one
 * of them waits for its acknowledged transfer, `creating` while one is created but not yet sent
 * (an initial-replication instance waiting to be served), else `monitoring`.
 */
export function agentOf(instances: readonly InstanceView[], i: number): AgentState {
  let creating = false;
  for (const x of instances) {
    if (x.from !== i) continue;
    if (x.state === 'migrating') return 'migrating';
    if (x.state === 'creating') creating = true;
  }
  return creating ? 'creating' : 'monitoring';
}

/** Returns `list` with `x` appended (a new array). */
export function append<T>(list: readonly T[], x: T): T[] {
  const out = list.slice() as T[];
  out.push(x);
  return out;
}

/** Returns a copy of a node's per-item order with item `item` replaced. */
export function withOrder(order: readonly number[][], item: number, list: number[]): number[][] {
  const out = order.slice();
  out[item] = list;
  return out;
}
