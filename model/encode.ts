/**
 * Fingerprint encoding of a state as 32-bit words (Model.encode): every field a property can
 * observe, lists as their length followed by their contents, enums as their index, instance
 * names (`executed`) as (creator index, number) pairs. Nothing is left out: even the trails,
 * which the rest of the state determines, are encoded (cheap, and robust to future changes).
 */
import type { WordSink } from '../src/engine/model.ts';
import type { InstanceView, NodeView, ReplicationState } from '../traces/replication.ts';
import { AGENT_STATES } from '../traces/replication.ts';
import type { Topology } from './topology.ts';

const KINDS = ['RU', 'ReRU', 'IR', 'ROI', 'PEER'] as const;

/** Parses instance names `<node id>/<n>` into (node index, n), with a cache. */
export class NameTable {
  private readonly cache = new Map<string, [number, number]>();
  private readonly topo: Topology;

  constructor(topo: Topology) {
    this.topo = topo;}

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

function list(out: WordSink, xs: readonly number[]): void {
  out.word(xs.length);
  for (const x of xs) out.word(x);
}

/** Encodes one node (host indices appear only in `executed` names, as creators). */
export function encodeNode(topo: Topology, names: NameTable, n: NodeView, out: WordSink): void {
  out.word((n.member ? 1 : 0) | (n.connected ? 2 : 0) | (n.down ? 4 : 0) | (n.lost ? 8 : 0) | (n.cut ? 16 : 0));
  out.word(n.parent);
  out.word(n.objects);
  out.word(n.committed);
  out.word(AGENT_STATES.indexOf(n.agent));
  out.word(n.made);
  out.word(n.writes);
  for (let item = 0; item < topo.itemCount; item++) list(out, n.order[item]!);
  list(out, n.applied);
  list(out, n.flagF);
  list(out, n.flagT);
  list(out, n.collected);
  out.word(n.executed.length);
  for (const name of n.executed) {
    const [from, k] = names.parse(name);
    out.word(from);
    out.word(k);
  }
  const c = n.checkpoint;
  if (c) {
    // (Issue 12) The last checkpoint: what a crash would leave.
    out.word(1 + c.with);
    out.word(c.objects);
    out.word(c.committed);
    for (let item = 0; item < topo.itemCount; item++) list(out, c.order[item]!);
    list(out, c.applied);
    list(out, c.flagF);
    list(out, c.flagT);
    list(out, c.collected);
    out.word(c.executed.length);
    for (const name of c.executed) {
      const [from, k] = names.parse(name);
      out.word(from);
      out.word(k);
    }
  } else {
    out.word(-1);
  }
  const m = n.meta;
  if (m) {
    // (Issue 13) The server's metadata objects.
    list(out, m.rows);
    list(out, m.acked);
  }
}

/** Encodes one instance; `self`/`placeholder` rename one node index (symmetry keys). */
export function encodeInstance(x: InstanceView, out: WordSink, self = -2, placeholder = -2): void {
  out.word(x.from === self ? placeholder : x.from);
  out.word(x.n);
  out.word(x.to === self ? placeholder : x.to);
  out.word(KINDS.indexOf(x.kind));
  out.word(AGENT_STATES.indexOf(x.state));
  out.word(x.trail.length);
  for (const t of x.trail) out.word(AGENT_STATES.indexOf(t));
  list(out, x.updates);
  out.word(x.objects);
  out.word(x.snapshot.length);
  for (const items of x.snapshot) list(out, items);
  out.word(x.cursor);
  out.word(x.failures);
  out.word(x.copies);
  const r = x.row;
  if (r) {
    out.word(r.host === self ? placeholder : r.host);
    out.word(r.region);
    out.word(r.version);
  } else if (x.relay !== undefined) {
    // (Issue 13) A relayed ReRU (never has a row): its old cell, below -1.
    out.word(-2 - x.relay);
  } else {
    out.word(-1);
  }
}

/** Encodes a whole state. */
export function encodeState(topo: Topology, names: NameTable, s: ReplicationState, out: WordSink): void {
  for (const n of s.nodes) encodeNode(topo, names, n, out);
  out.word(s.updates.length);
  for (const u of s.updates) {
    out.word(u.origin);
    out.word(u.seq);
    out.word(u.item);
    out.word(u.value);
    out.word(u.gid | (u.acked ? 1 << 30 : 0));
    list(out, u.deps);
    list(out, u.stamp);
  }
  out.word(s.instances.length);
  for (const x of s.instances) encodeInstance(x, out);
  out.word(s.nextGid);
  out.word(s.reads.length);
  for (const r of s.reads) {
    out.word(r.host);
    out.word(r.item);
    out.word(r.writesBefore);
    list(out, r.seen);
  }
  const u = s.used;
  out.word(u.disconnects);
  out.word(u.moves);
  out.word(u.failures);
  out.word(u.duplicates);
  out.word(u.joins);
  out.word(u.interestChanges);
  out.word(u.crashes ?? 0);
  out.word(u.losses ?? 0);
  out.word(u.partitions ?? 0);
  out.word(u.permanent ?? 0);
  out.word(s.refused);
  // (Issue 13) Present exactly when the knob handoff is on (so other configurations encode as before).
  if (u.handoffs !== undefined) out.word(u.handoffs);
}

/** A sink collecting words into an array (tests, symmetry keys). */
export class ArraySink implements WordSink {
  readonly words: number[] = [];
  word(n: number): void {
    this.words.push(n | 0);
  }
}
