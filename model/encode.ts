/**
 * Fingerprint encoding of a state as 32-bit words (Model.encode): every field a property can
 * observe, lists as their length followed by their contents, enums as their index, instance
 * names (`executed`) as (creator index, number) pairs. Nothing is left out: even the trails,
 * which the rest of the state determines, are encoded (cheap, and robust to future changes).
 */
import { WordBuffer } from '../src/engine/fingerprint.ts';
import type { WordSink } from '../src/engine/model.ts';
import type { InstanceView, NodeView, ReplicationState, UpdateView } from '../traces/replication.ts';
import { AGENT_STATES } from '../traces/replication.ts';
import type { Topology } from './topology.ts';

const KINDS = ['RU', 'ReRU', 'IR', 'ROI', 'PEER'] as const;

/** Parses instance names `<node id>/<n>` into (node index, n), with a cache. */
export class NameTable {
  private readonly cache = new Map<string, [number, number]>();
  private readonly topo: Topology;
  /** The hidden field under which objects keep their encoding for this table (see `cached`). */
  readonly key = Symbol('replcheck encoding');
  /** {@link encodeNode} for this table's topology (made once: no closure per encoded state). */
  readonly encodeNode: (n: NodeView, out: WordSink) => void;

  constructor(topo: Topology) {
    this.topo = topo;
    this.encodeNode = (n, out) => encodeNode(topo, this, n, out);
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

function list(out: WordSink, xs: readonly number[]): void {
  out.word(xs.length);
  for (const x of xs) out.word(x);
}

/** Encodes one node (host indices appear only in `executed` names, as creators). */
export function encodeNode(topo: Topology, names: NameTable, n: NodeView, out: WordSink): void {
  out.word((n.member ? 1 : 0) | (n.connected ? 2 : 0) | (n.down ? 4 : 0) | (n.lost ? 8 : 0) | (n.cut ? 16 : 0) | (n.rebind ? 32 : 0) | (n.crd ? 64 : 0) | (n.unselected ? 128 : 0) | (n.left ? 256 : 0));
  if (n.unselected) list(out, n.unselected);
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
  // (Issue 13, growing topology) A joiner server has metadata once it joined, and registered servers.
  const growing = topo.joinerServers.length > 0;
  if (growing) out.word(m ? 1 : 0);
  if (m) {
    // (Issue 13) The server's metadata objects.
    list(out, m.rows);
    list(out, m.acked);
    if (growing) list(out, m.servers ?? []);
  }
  // (Issue 12) A replacement server: the neighbours that have not re-registered with it yet.
  if (n.rebind) list(out, n.rebind);
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
  // (Issue 13, seed order) Offer and owed-data marks, only when present (a negative marker no instance field can take).
  if (x.offer || x.added) {
    out.word(-7);
    out.word(x.offer ? 1 : 0);
    out.word(x.added ?? 0);
  }
  // (Issue 13, growing topology) Only IR instances to joiner servers, once served, ship metadata (marker -8).
  if (x.meta) {
    out.word(-8);
    list(out, x.meta.rows);
    list(out, x.meta.servers ?? []);
  }
}

/**
 * (Issue 17) The encoding of a node or the update list, kept on the object itself under a
 * non-enumerable symbol key of the name table's own ({@link NameTable.key}): states are
 * immutable and share unchanged parts, so each object is encoded once, and a state's encoding
 * copies the words of the ones a step did not touch. JSON, `{ ...node }` copies and deep
 * equality never see the field (a copy starts without it); a frozen object simply gets none.
 */
type Cached = { [key: symbol]: number[] | undefined };

/** Where parts not cached yet are encoded (one reused buffer: encoding is synchronous). */
const scratch = new WordBuffer(256);

/** Appends `x`'s cached words to `out` (growing `out.words` as needed), encoding and caching them first when needed. */
function cached<T extends object>(x: T, names: NameTable, out: WordBuffer, encode: (x: T, sink: WordSink) => void): void {
  let words = (x as Cached)[names.key];
  if (words === undefined) {
    scratch.length = 0;
    encode(x, scratch);
    // A plain array of small integers: far cheaper to allocate than a small typed array.
    const n = scratch.length;
    const from = scratch.words;
    words = new Array<number>(n);
    for (let i = 0; i < n; i++) words[i] = from[i]!;
    if (Object.isExtensible(x)) Object.defineProperty(x, names.key, { value: words });
  }
  const at = out.length;
  const end = at + words.length;
  if (end > out.words.length) {
    const bigger = new Int32Array(Math.max(end, out.words.length * 2));
    bigger.set(out.words.subarray(0, at));
    out.words = bigger;
  }
  const w = out.words;
  for (let i = 0; i < words.length; i++) w[at + i] = words[i]!;
  out.length = end;
}

/** Encodes the update list (cached on the array: states that leave it alone share it). */
function encodeUpdates(updates: readonly UpdateView[], out: WordSink): void {
  out.word(updates.length);
  for (const u of updates) {
    out.word(u.origin);
    out.word(u.seq);
    out.word(u.item);
    out.word(u.value);
    out.word(u.gid | (u.acked ? 1 << 30 : 0));
    list(out, u.deps);
    list(out, u.stamp);
  }
}

/** The state's words are gathered here first when the sink is not a {@link WordBuffer}. */
const gather = new WordBuffer(256);

/**
 * Encodes a whole state (the same words as encoding every part afresh; see `cached`).
 * Into a {@link WordBuffer} (the engine's) the cached parts are copied in bulk.
 */
export function encodeState(topo: Topology, names: NameTable, s: ReplicationState, sink: WordSink): void {
  if (!(sink instanceof WordBuffer)) {
    gather.length = 0;
    encodeState(topo, names, s, gather);
    for (let i = 0; i < gather.length; i++) sink.word(gather.words[i]!);
    return;
  }
  const out = sink;
  const nodes = s.nodes;
  for (let i = 0; i < nodes.length; i++) cached(nodes[i]!, names, out, names.encodeNode);
  cached(s.updates, names, out, encodeUpdates);
  out.word(s.instances.length);
  // Instances are encoded afresh: the actions copy them with `{ ...x }`, and V8 makes adding the
  // cache field to such a copy cost far more (about 2 microseconds) than encoding it (issue 17).
  const instances = s.instances;
  for (let i = 0; i < instances.length; i++) encodeInstance(instances[i]!, out);
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
  if (u.refusedJoins !== undefined) out.word(u.refusedJoins);
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
