/**
 * Fingerprint encoding of a state as 32-bit words (Model.encode): every field a property can
 * observe, lists as their length followed by their contents, enums as their index, instance
 * names (`executed`) as (creator index, number) pairs. Nothing is left out: even the trails,
 * which the rest of the state determines, are encoded (cheap, and robust to future changes).
 */
import type { WordSink } from '../src/engine/model.ts';
import type { InstanceView, NodeView, ReplicationState, UpdateView } from '../traces/replication.ts';
import { AGENT_STATES } from '../traces/replication.ts';
import type { Topology } from './topology.ts';

const KINDS = ['RU', 'ReRU', 'IR', 'ROI', 'PEER'] as const;

/** Parses instance names `<node id>/<n>` into (node index, n), with a cache. */
export class NameTable {
  private readonly cache = new Map<string, [number, number]>();
  private readonly topo: Topology;
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
  out.word((n.member ? 1 : 0) | (n.connected ? 2 : 0) | (n.down ? 4 : 0) | (n.lost ? 8 : 0) | (n.cut ? 16 : 0) | (n.rebind ? 32 : 0));
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
  } else {
    out.word(-1);
  }
}

/**
 * (Issue 17) The encoding of a node, an instance or the update list, kept on the object itself
 * under a non-enumerable symbol key: states are immutable and share unchanged parts, so
 * each object is encoded once, and a state's encoding copies the words of the ones a step did
 * not touch. JSON, `{ ...node }` copies and deep equality never see the field (a copy starts
 * without it); a frozen object simply gets none. The name table marks whose encoding it is.
 */
const ENCODED = Symbol('replcheck encoding');

interface Encoded {
  names: NameTable;
  words: number[];
}

/** Collects words into a plain array of small integers (lighter than a typed array for a few dozen words). */
class ListSink implements WordSink {
  words: number[] = [];
  word(n: number): void {
    this.words.push(n | 0);
  }
}

/** Appends `x`'s cached words to `out`, encoding (and caching) them first when needed. */
function cached<T extends object>(x: T, names: NameTable, out: WordSink, encode: (x: T, sink: WordSink) => void): void {
  const hit = (x as { [ENCODED]?: Encoded })[ENCODED];
  let words: number[];
  if (hit !== undefined && hit.names === names) {
    words = hit.words;
  } else {
    const sink = new ListSink();
    encode(x, sink);
    words = sink.words;
    if (hit !== undefined) {
      hit.words = words;
      hit.names = names;
    } else if (Object.isExtensible(x)) Object.defineProperty(x, ENCODED, { value: { names, words } satisfies Encoded });
  }
  for (let i = 0; i < words.length; i++) out.word(words[i]!);
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

/** {@link encodeInstance} without renaming. */
function encodeInstanceAlone(x: InstanceView, out: WordSink): void {
  encodeInstance(x, out);
}

/** Encodes a whole state (the same words as encoding every part afresh; see {@link ENCODED}). */
export function encodeState(topo: Topology, names: NameTable, s: ReplicationState, out: WordSink): void {
  for (const n of s.nodes) cached(n, names, out, names.encodeNode);
  cached(s.updates, names, out, encodeUpdates);
  out.word(s.instances.length);
  for (const x of s.instances) cached(x, names, out, encodeInstanceAlone);
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
}

/** A sink collecting words into an array (tests, symmetry keys). */
export class ArraySink implements WordSink {
  readonly words: number[] = [];
  word(n: number): void {
    this.words.push(n | 0);
  }
}
