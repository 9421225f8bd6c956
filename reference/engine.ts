/**
 * The reference engine: the initial state of a configuration, and `apply`, which validates a
 * semantic action (ReplicationAction JSON, everything by name) against the current state and
 * performs it, or refuses with a precise message and leaves the state untouched. Each applied
 * action ticks the logical clock (the only notion of time: no wall clock anywhere).
 */
import type { ReplicationAction, ReplicationState, ResolvedConfig } from '../traces/replication.ts';
import { abstractState } from './abstraction.ts';
import { Ctx, Refusal, refuse, type EngineMechanism } from './context.ts';
import { applyDisconnect, applyMove, applyReconnect } from './environment.ts';
import { applyExecute } from './execution.ts';
import { applyDuplicate, applyMigrate, transferBlocked } from './host-manager.ts';
import { applyReregister } from './replacement.ts';
import { applyCrash, applyJointCheckpoint, applyLink, applyLose, applyLoseHost, applyRecover, demandUp } from './faults.ts';
import { iiraTypeOf } from './iira.ts';
import { applyChangeInterests, applyJoin } from './initial-replication.ts';
import { applyRead, applyUpdate } from './local.ts';
import { isMechanismName, MECHANISM_NAMES, policyOf, type OrderingPolicy } from './mechanisms/index.ts';
import { applyOrder } from './ordering.ts';
import { applyPeer } from './peer.ts';
import { applySend } from './propagation.ts';
import type { EngineState, NodeRuntime, ServerMetadata } from './state.ts';
import { allObjects, isServerKind, relatedClosure, topologyOf, type Topology } from './topology.ts';
import { UsageError } from '../src/engine/errors.ts';

/** The initial state: every configured member with its replica, IIRA and Host Manager; servers with their metadata objects. */
export function initialState(topo: Topology): EngineState {
  const closure = (i: number) => relatedClosure(topo, topo.nodes[i].interests);
  const members = topo.nodes.map((n) => !n.joins);
  const metadata = (): ServerMetadata => ({
    hostsObj: topo.nodes.flatMap((n, i) => (members[i] ? [{ host: i, type: hostType(n.kind), region: n.parent }] : [])),
    hostsReplicatedObjects: topo.nodes.flatMap((n, i) =>
      members[i] && !isServerKind(n.kind) ? [{ host: i, objects: closure(i), items: topo.items.map((_, d) => d).filter((d) => closure(i) & (1 << topo.items[d].object)), version: 0 }] : []),
    acknowledged: [],
  });
  const nodes: NodeRuntime[] = topo.nodes.map((n, i) => {
    const server = isServerKind(n.kind);
    return {
      member: members[i],
      parent: n.parent,
      store: { objects: server ? allObjects(topo) : members[i] ? closure(i) : 0, rows: topo.items.map(() => []), log: [], committed: 0 },
      iira: { type: iiraTypeOf(n.kind), state: 'monitoring', made: 0, flags: [], collection: [] },
      hm: { connected: true, executed: [], acks: 0 },
      writes: 0,
      reads: 0,
      clocks: { lamport: 0, vector: topo.nodes.map(() => 0) },
      ...(server && !topo.knobs.oracle ? { metadata: metadata() } : {}),
    };
  });
  return {
    clock: 0,
    nodes,
    updates: [],
    instances: [],
    nextGid: 1,
    reads: [],
    used: {
      disconnects: 0, moves: 0, failures: 0, duplicates: 0, joins: 0, interestChanges: 0,
      ...(topo.config.faults ? { crashes: 0, losses: 0, partitions: 0, permanent: 0 } : {}),
    },
    refused: 0,
  };
}

function hostType(kind: string): 'MS' | 'ZS' | 'CS' | 'MH' | 'FH' {
  return kind === 'master' ? 'MS' : kind === 'zone' ? 'ZS' : kind === 'cell' ? 'CS' : kind === 'mobile' ? 'MH' : 'FH';
}

/** Performs one action on a context whose state may be edited in place. */
export function perform(ctx: Ctx, a: ReplicationAction): void {
  ctx.tick();
  for (const id of actingNodes(a)) demandUp(ctx, ctx.node(id));
  switch (a.type) {
    case 'update': return applyUpdate(ctx, a.host, a.item, a.value);
    case 'read': return applyRead(ctx, a.host, a.item);
    case 'send': return applySend(ctx, a);
    case 'migrate': return applyMigrate(ctx, a.instance, a.ok);
    case 'duplicate': return applyDuplicate(ctx, a.instance);
    case 'execute': return applyExecute(ctx, a.instance);
    case 'order': return applyOrder(ctx, a.server, a.updates);
    case 'peer': return applyPeer(ctx, a.from, a.to, a.updates);
    case 'disconnect': return applyDisconnect(ctx, a.host);
    case 'reconnect': return applyReconnect(ctx, a.host);
    case 'move': return applyMove(ctx, a.host, a.to);
    case 'join': return applyJoin(ctx, a.host, a.objects);
    case 'changeInterests': return applyChangeInterests(ctx, a.host, a.add, a.remove);
    case 'crash': return applyCrash(ctx, a.node, initialState(ctx.topo).nodes[ctx.node(a.node)]);
    case 'recover': return applyRecover(ctx, a.node);
    case 'checkpoint': return applyJointCheckpoint(ctx, a.node, a.with);
    case 'reregister': return applyReregister(ctx, a.node, a.with);
    case 'lose': return applyLose(ctx, a.instance, transferBlocked(ctx, a.instance));
    case 'loseHost': return applyLoseHost(ctx, a.host);
    case 'partition': return applyLink(ctx, a.node, true);
    case 'heal': return applyLink(ctx, a.node, false);
    default: refuse(`unknown action type ${JSON.stringify((a as { type?: unknown }).type)}`);
  }
}

/** (Issue 12) The nodes that act in `a` and must be up (a crashed node takes no step). */
function actingNodes(a: ReplicationAction): string[] {
  switch (a.type) {
    case 'update': case 'read': case 'disconnect': case 'reconnect': case 'move': case 'join': case 'changeInterests': return [a.host];
    case 'send': return [a.from];
    case 'order': return [a.server];
    case 'peer': return [a.from, a.to];
    default: return [];
  }
}

/** A running reference engine for one configuration and mechanism. */
export class ReferenceEngine {
  readonly topo: Topology;
  /** The mechanism's ordering decisions. */
  readonly policy: OrderingPolicy;
  private state: EngineState;

  readonly mechanism: string;

  /** Throws UsageError for a configuration or mechanism the engine cannot run. A policy (a plugin's adapter) may be given instead of a name. */
  constructor(config: ResolvedConfig, mechanism: EngineMechanism | OrderingPolicy = 'hierarchical') {
    if (typeof mechanism === 'string' && !isMechanismName(mechanism)) throw new UsageError(`the reference engine implements ${MECHANISM_NAMES.join(', ')}, not ${String(mechanism)}`);
    this.policy = typeof mechanism === 'string' ? policyOf(mechanism) : mechanism;
    this.mechanism = this.policy.name;
    this.topo = topologyOf(config);
    this.state = initialState(this.topo);
  }

  /** Applies an action: `undefined` when done, the refusal message otherwise (the state is then unchanged). */
  apply(action: ReplicationAction): string | undefined {
    const next = structuredClone(this.state);
    try {
      perform(new Ctx(this.topo, this.policy, next), action);
    } catch (e) {
      if (e instanceof Refusal) return `${describeAction(action)}: ${e.message}`;
      throw e;
    }
    this.state = next;
    return undefined;
  }

  /** An independent copy of this engine (same configuration, mechanism and state). */
  fork(): ReferenceEngine {
    const copy = Object.create(ReferenceEngine.prototype) as ReferenceEngine;
    Object.assign(copy, { topo: this.topo, mechanism: this.mechanism, policy: this.policy, state: structuredClone(this.state) });
    return copy;
  }

  /** The full state (read-only use: tests and the scheduler). */
  get current(): EngineState {
    return this.state;
  }

  /** The abstracted state (the shared view). */
  view(): ReplicationState {
    return abstractState(this.state, this.topo);
  }
}

/** One-line rendering of an action: `migrate mh1/2`, `send mh1 -> c1 RU`. */
export function describeAction(a: ReplicationAction): string {
  switch (a.type) {
    case 'update': return `update ${a.host} ${a.item}=${a.value}`;
    case 'read': return `read ${a.host} ${a.item}`;
    case 'send': return `send ${a.instance} ${a.kind} ${a.from} -> ${a.to}`;
    case 'migrate': return `migrate ${a.instance}${a.ok ? '' : ' (fails)'}`;
    case 'duplicate':
    case 'execute': return `${a.type} ${a.instance}`;
    case 'order': return `order ${a.server}`;
    case 'peer': return `peer ${a.from} -> ${a.to}`;
    case 'move': return `move ${a.host} -> ${a.to}`;
    case 'join': return `join ${a.host}`;
    case 'changeInterests': return `changeInterests ${a.host}${a.add ? ` +${a.add}` : ''}${a.remove ? ` -${a.remove}` : ''}`;
    case 'crash': case 'recover': case 'partition': case 'heal': return `${a.type} ${a.node}`;
    case 'checkpoint': return `checkpoint ${a.node} with ${a.with}`;
    case 'reregister': return `reregister ${a.with} with ${a.node}`;
    case 'lose': return `lose ${a.instance}`;
    default: return `${a.type} ${(a as { host: string }).host}`;
  }
}
