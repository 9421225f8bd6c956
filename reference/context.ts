/**
 * What every part of the engine shares while applying one action: the topology, the mechanism,
 * the state being edited, and name resolution (node ids, `origin#seq` update names, `from/n`
 * instance names) that refuses with a precise message when a name means nothing here.
 */
import type { EngineState, InstanceRuntime, NodeRuntime } from './state.ts';
import { instanceName } from './state.ts';
import type { MechanismName, OrderingPolicy } from './mechanisms/policy.ts';
import type { Topology } from './topology.ts';

/** The mechanisms the engine implements (mechanisms/index.ts). */
export type EngineMechanism = MechanismName;


/** Why an action is impossible in the current state (becomes the replay's refusal message). */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Refuses the action being applied. */
export function refuse(message: string): never {
  throw new Refusal(message);
}

/** Refuses unless `cond` holds. */
export function demand(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Refusal(message);
}

/** The engine's working context for one state. */
export class Ctx {
  /** Node ids by index. */
  readonly ids: string[];
  /** The mechanism's name (a plugin's own name for a plugin mechanism). */
  readonly mechanism: string;
  readonly topo: Topology;
  readonly s: EngineState;
  /** The mechanism's ordering decisions. */
  readonly policy: OrderingPolicy;

  constructor(
    topo: Topology,
    policy: OrderingPolicy,
    s: EngineState,
  ) {
    this.policy = policy;
    this.topo = topo;
    this.s = s;
    this.ids = topo.nodes.map((n) => n.id);
    this.mechanism = policy.name;
  }

  /** Node index by id, or a refusal. */
  node(id: string): number {
    const i = this.topo.nodeById.get(id);
    return i ?? refuse(`no node ${id}`);
  }

  /** The runtime (store, IIRA, Host Manager) of node `i`. */
  rt(i: number): NodeRuntime {
    return this.s.nodes[i];
  }

  /** Item index by id, or a refusal. */
  item(id: string): number {
    return this.topo.itemById.get(id) ?? refuse(`no data item ${id}`);
  }

  /** Object index by id, or a refusal. */
  object(id: string): number {
    return this.topo.objectById.get(id) ?? refuse(`no object ${id}`);
  }

  /** `origin#seq` of an update. */
  updateName(u: number): string {
    const r = this.s.updates[u];
    return `${this.ids[r.origin]}#${r.seq}`;
  }

  /** Update id by name, or a refusal. */
  update(name: string): number {
    const at = name.lastIndexOf('#');
    const origin = this.topo.nodeById.get(name.slice(0, at));
    const seq = Number(name.slice(at + 1));
    const u = this.s.updates.findIndex((r) => r.origin === origin && r.seq === seq);
    return u >= 0 ? u : refuse(`no update ${name} has been generated`);
  }

  /** Names of update ids. */
  updateNames(us: readonly number[]): string[] {
    return us.map((u) => this.updateName(u));
  }

  /** `from/n` of an instance. */
  instanceName(i: InstanceRuntime): string {
    return instanceName(this.ids, i);
  }

  /** The existing instance with this name, or a refusal. */
  instance(name: string): InstanceRuntime {
    const found = this.s.instances.find((i) => this.instanceName(i) === name);
    if (found) return found;
    const from = name.slice(0, name.lastIndexOf('/'));
    return refuse(`no such instance ${name}${this.topo.nodeById.has(from) ? ` (from ${from})` : ''}`);
  }

  /** Object ids of a mask, in configuration order. */
  objectNames(mask: number): string[] {
    return this.topo.objects.filter((_, i) => mask & (1 << i)).map((o) => o.id);
  }

  /** True when node `i` holds item `d`. */
  holds(i: number, d: number): boolean {
    const store = this.s.nodes[i].store;
    return (store.objects & (1 << this.topo.items[d].object)) !== 0 && !store.unselected?.includes(d);
  }

  /** Servers are always reachable; hosts when connected. */
  reachable(i: number): boolean {
    // (Issue 12) a crashed or lost node is reachable by nobody.
    return this.s.nodes[i].hm.connected && this.s.nodes[i].fault?.down !== true;
  }

  /** Ticks the logical clock and returns the new time. */
  tick(): number {
    return ++this.s.clock;
  }
}

/** Lists compare equal (same elements, same order). */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
