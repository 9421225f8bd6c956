/**
 * A small builder of hand-made ReplicationState values for the property unit tests: a tree of
 * MS, zones, cells and hosts with objects, and operations that mimic the protocol's effects
 * (generate an update, merge updates into a replica, assign Global IDs, flag, collect, read),
 * plus `syncAll()` which produces the fully propagated, settled state of the current history.
 * Everything is explicit so a test can build exactly the broken state it wants.
 */
import { replicationProperties, type PropertyContext } from '../../properties/index.ts';
import type { Property, Verdict } from '../../src/engine/property.ts';
import type { InstanceView, NodeIndex, NodeKind, NodeView, ReplicationState, ResolvedConfig } from '../../traces/replication.ts';

/** The topology and objects of a hand-built configuration. */
export interface Shape {
  zones?: string[];
  /** Cell id to zone id. */
  cells?: Record<string, string>;
  /** Host id to its cell, interests and kind. */
  hosts: Record<string, { cell: string; interests: string[]; kind?: 'mobile' | 'fixed'; joins?: boolean }>;
  objects: { id: string; kind?: 'frequent' | 'infrequent'; items: string[]; related?: string[] }[];
}

/** Mutable builder over one state. */
export class Builder {
  readonly config: ResolvedConfig;
  readonly index: NodeIndex;
  readonly s: ReplicationState;

  constructor(shape: Shape) {
    const zones = shape.zones ?? ['z1'];
    const cells = shape.cells ?? { c1: zones[0] };
    const objects = shape.objects.map((o) => ({ id: o.id, kind: o.kind ?? 'frequent' as const, items: o.items, related: o.related ?? [] }));
    this.config = {
      name: 'hand-built',
      master: { id: 'ms' },
      zones: zones.map((id) => ({ id })),
      cells: Object.entries(cells).map(([id, zone]) => ({ id, zone })),
      hosts: Object.entries(shape.hosts).map(([id, h]) => ({ id, kind: h.kind ?? 'mobile', cell: h.cell, interests: h.interests, joins: h.joins })),
      objects,
      bounds: { updatesPerHost: 3, values: 3, reads: 3, disconnects: 1, moves: 1, failedMigrations: 1, duplicates: 1, joins: 1, interestChanges: 1 },
    };
    const names = ['ms', ...zones, ...Object.keys(cells), ...Object.keys(shape.hosts)];
    const kinds: NodeKind[] = ['master', ...zones.map(() => 'zone' as const), ...Object.keys(cells).map(() => 'cell' as const),
      ...Object.values(shape.hosts).map((h) => h.kind ?? 'mobile')];
    const parentName = (i: number): string | null => {
      const id = names[i];
      if (kinds[i] === 'master') return null;
      if (kinds[i] === 'zone') return 'ms';
      if (kinds[i] === 'cell') return cells[id];
      return shape.hosts[id].cell;
    };
    const items = objects.flatMap((o, oi) => o.items.map((id) => ({ id, object: oi })));
    this.index = {
      nodes: names.map((id, i) => ({ id, kind: kinds[i], parent: parentName(i) === null ? -1 : names.indexOf(parentName(i)!) })),
      objects: objects.map((o) => ({
        id: o.id, kind: o.kind,
        items: o.items.map((it) => items.findIndex((x) => x.id === it)),
        related: o.related.map((r) => objects.findIndex((x) => x.id === r)),
      })),
      items,
    };
    const all = (1 << objects.length) - 1;
    const closure = (ids: string[]): number => {
      let mask = 0;
      const stack = ids.map((id) => objects.findIndex((o) => o.id === id));
      while (stack.length) {
        const o = stack.pop()!;
        if (mask & (1 << o)) continue;
        mask |= 1 << o;
        stack.push(...this.index.objects[o].related);
      }
      return mask;
    };
    const nodes: NodeView[] = names.map((id, i) => {
      const host = shape.hosts[id];
      return {
        member: !(host?.joins ?? false), connected: true, parent: this.index.nodes[i].parent,
        objects: host ? (host.joins ? 0 : closure(host.interests)) : all,
        order: items.map(() => []), applied: [], flagF: [], flagT: [], collected: [], committed: 0,
        agent: 'monitoring', executed: [], made: 0, writes: 0,
      };
    });
    this.s = {
      nodes, updates: [], instances: [], nextGid: 1, reads: [],
      used: { disconnects: 0, moves: 0, failures: 0, duplicates: 0, joins: 0, interestChanges: 0 }, refused: 0,
    };
  }

  /** Node index by id. */
  n(id: string): number {
    const i = this.index.nodes.findIndex((x) => x.id === id);
    if (i < 0) throw new Error(`no node ${id}`);
    return i;
  }

  /** Item index by id. */
  item(id: string): number {
    const i = this.index.items.findIndex((x) => x.id === id);
    if (i < 0) throw new Error(`no item ${id}`);
    return i;
  }

  /** The (mutable) node view of node `id` in the state being built. */
  node(id: string): NodeView {
    return this.s.nodes[this.n(id)];
  }

  /** Update id by display name `origin#seq`. */
  u(name: string): number {
    const [origin, seq] = name.split('#');
    const i = this.s.updates.findIndex((u) => u.origin === this.n(origin) && u.seq === Number(seq));
    if (i < 0) throw new Error(`no update ${name}`);
    return i;
  }

  /** Generates an update at `origin` on `item`: deps = what `origin` has merged; merged there, flagged F. */
  gen(origin: string, item: string, opts: { value?: number; deps?: number[] } = {}): number {
    const o = this.n(origin);
    const node = this.s.nodes[o];
    const deps = opts.deps ?? [...new Set(node.order.flat())].sort((a, b) => a - b);
    node.writes += 1;
    const id = this.s.updates.length;
    this.s.updates.push({ origin: o, seq: node.writes, item: this.item(item), value: opts.value ?? 1, deps, gid: 0, stamp: [] });
    this.merge(origin, id);
    if (this.index.nodes[o].kind !== 'master') node.flagF.push(id);
    return id;
  }

  /** Appends updates to a node's orders (per item) and applied log. */
  merge(id: string, ...us: number[]): this {
    const node = this.node(id);
    for (const u of us) {
      node.order[this.s.updates[u].item].push(u);
      node.applied.push(u);
    }
    return this;
  }

  /** Gives Global IDs to updates in the listed order (continuing from nextGid). */
  order(...us: number[]): this {
    for (const u of us) this.s.updates[u].gid = this.s.nextGid++;
    return this;
  }

  /** Sets a node's committed cursor. */
  commit(id: string, c: number): this {
    this.node(id).committed = c;
    return this;
  }

  /** Records a read at `host` of `item` (seen = its current order). */
  read(host: string, item: string): this {
    const h = this.n(host);
    this.s.reads.push({ host: h, item: this.item(item), seen: [...this.s.nodes[h].order[this.item(item)]], writesBefore: this.s.nodes[h].writes });
    return this;
  }

  /** Adds an agent instance (defaults: RU, migrating, trail up to migrating). */
  instance(from: string, to: string, inst: Partial<InstanceView> = {}): InstanceView {
    const f = this.node(from);
    f.made += 1;
    const full: InstanceView = {
      from: this.n(from), n: f.made, to: this.n(to), kind: 'RU', state: 'migrating',
      trail: ['monitoring', 'retrieving', 'creating', 'migrating'], updates: [], objects: 0, snapshot: [], cursor: 0,
      failures: 0, copies: 0, ...inst,
    };
    this.s.instances.push(full);
    this.s.instances.sort((a, b) => a.from - b.from || a.n - b.n);
    return full;
  }

  /**
   * The settled end of the current history: every update given a Global ID (generation order
   * for those without one), every member replica's orders set to the gid order of the updates on
   * its items and applied in that order, cursors at the last gid, flags T for own updates, no
   * collections, no instances, everyone connected.
   */
  syncAll(): this {
    for (let u = 0; u < this.s.updates.length; u++) if (this.s.updates[u].gid === 0) this.order(u);
    const byGid = this.s.updates.map((_, i) => i).sort((a, b) => this.s.updates[a].gid - this.s.updates[b].gid);
    this.s.nodes.forEach((node, r) => {
      if (!node.member) return;
      node.connected = true;
      node.order = this.index.items.map((it, d) => ((node.objects >> it.object) & 1 ? byGid.filter((u) => this.s.updates[u].item === d) : []));
      node.applied = byGid.filter((u) => (node.objects >> this.index.items[this.s.updates[u].item].object) & 1);
      node.committed = this.s.nextGid - 1;
      node.flagT = r === 0 ? [] : [...node.flagF, ...node.flagT];
      node.flagF = [];
      node.collected = [];
    });
    this.s.instances = [];
    return this;
  }

  /** The property context for this configuration. */
  ctx(extra: Partial<PropertyContext> = {}): PropertyContext {
    return { index: this.index, config: this.config, ...extra };
  }

  /** A deep copy of the state (so later edits do not alias memoised arrays). */
  state(): ReplicationState {
    return structuredClone(this.s);
  }

  /** The named engine property for this configuration. */
  prop(name: string, extra: Partial<PropertyContext> = {}): Property<ReplicationState> {
    const p = replicationProperties(this.ctx(extra)).find((x) => x.name === name);
    if (!p) throw new Error(`no property ${name}`);
    return p;
  }

  /** Evaluates the named property on a copy of the current state. */
  check(name: string, extra: Partial<PropertyContext> = {}): Verdict {
    return this.prop(name, extra).check(this.state());
  }
}

/** The facts of a verdict, joined (empty for a pass), for `toMatch` assertions. */
export function factsOf(v: Verdict): string {
  return typeof v === 'object' ? v.facts.join('\n') : '';
}

/** The standard shape: one zone, one cell, hosts mh1..mhN interested in object `o` (item `x`), plus any extra objects. */
export function oneCell(hosts = 2, extra: Shape['objects'] = []): Builder {
  const hs: Shape['hosts'] = {};
  for (let i = 1; i <= hosts; i++) hs[`mh${i}`] = { cell: 'c1', interests: ['o'] };
  return new Builder({ hosts: hs, objects: [{ id: 'o', items: ['x'] }, ...extra] });
}
