/**
 * Fingerprint encoding of a state as 32-bit words (Model.encode): every field a property can
 * observe, lists as their length followed by their contents, enums as their index, instance
 * names (`executed`) as (creator index, number) pairs. Nothing is left out: even the trails,
 * which the rest of the state determines, are encoded (cheap, and robust to future changes).
 *
 * (Issue 17) The words are written straight into the engine's buffer (a {@link WordBuffer}):
 * no call per word, capacity checked once per node, list or instance. Each node, the update list
 * and each instance is written as the 128-bit digest of its words (src/engine/digest.ts): four
 * words in place of about 25 per node, so the words the search copies and hashes per successor
 * fell from 211 to about 50 on `medium`. A part a step did not touch keeps its digest, cached by
 * identity (encode-cache.ts), and is not encoded again. Two states share an encoding only if
 * they are equal or two different parts share a digest, which is far less likely than the
 * 64-bit fingerprint collision the report already prints (digest.ts).
 */
import { Digester } from '../src/engine/digest.ts';
import { WordBuffer } from '../src/engine/fingerprint.ts';
import type { WordSink } from '../src/engine/model.ts';
import { AGENT_STATES } from '../traces/replication.ts';
import type { InstanceView, ReplicationState } from '../traces/replication.ts';
import { encodeInstanceAt, encodeNode, encodeUpdatesAt, instanceBound, list, nodeBound, updatesBound } from './encode-parts.ts';
import type { Topology } from './topology.ts';
import { INSTANCE_SLOTS, instanceSlot, type NameTable } from './encode-cache.ts';

const KINDS = ['RU', 'ReRU', 'IR', 'ROI', 'PEER'] as const;

type Cached = { [key: symbol]: Int32Array | undefined };

/** `out.words` with room for `k` more words after `out.length`. */
function room(out: WordBuffer, k: number): Int32Array {
  const w = out.words;
  if (out.length + k <= w.length) return w;
  const bigger = new Int32Array(Math.max(out.length + k, w.length * 2));
  bigger.set(w.subarray(0, out.length));
  out.words = bigger;
  return bigger;
}

/** A list through a {@link WordSink} (symmetry keys). */
function list0(out: WordSink, xs: readonly number[]): void {
  out.word(xs.length);
  for (const x of xs) out.word(x);
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
  list0(out, x.updates);
  out.word(x.objects);
  out.word(x.snapshot.length);
  for (const items of x.snapshot) list0(out, items);
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
  // (Finding 10) A ReRU's base, an IR's need, only when present (marker -9).
  if (x.base !== undefined || x.need !== undefined) {
    out.word(-9);
    out.word(x.base ?? -1);
    out.word(x.need ?? -1);
  }
  // (Issue 13, growing topology) Only IR instances to joiner servers, once served, ship metadata (marker -8).
  if (x.meta) {
    out.word(-8);
    list0(out, x.meta.rows);
    list0(out, x.meta.servers ?? []);
  }
}

const gather = new WordBuffer(256);
const digester = new Digester();

/** Copies four words (a digest). */
function copy4(to: Int32Array, at: number, from: Int32Array, k: number): void {
  to[at] = from[k]!;
  to[at + 1] = from[k + 1]!;
  to[at + 2] = from[k + 2]!;
  to[at + 3] = from[k + 3]!;
}

/**
 * Encodes a whole state into `sink` (words appended): each node, the update list and each
 * instance as the digest of its words (four words), then the Global ID counter, the reads and
 * the budgets in full. Into a {@link WordBuffer} (the engine's) the words are written in place;
 * the update list's digest is cached on the array (states that leave it alone share it).
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
  const growing = topo.joinerServers.length > 0;
  const itemCount = topo.itemCount;
  const lastNode = names.lastNode;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const at = out.length;
    if (lastNode[i] !== n && names.prevNode[i] === n) names.swapEntries(i);
    if (lastNode[i] !== n) {
      // Encoded into the buffer and digested; the new entry replaces the older one, then becomes the most recent.
      const w = room(out, nodeBound(itemCount, n));
      digester.digest(w, at, encodeNode(w, at, itemCount, names, n, growing, i));
      names.swapEntries(i);
      digester.write(names.lastDigest[i]!, 0);
      lastNode[i] = n;
    }
    copy4(room(out, 4), at, names.lastDigest[i]!, 0);
    out.length = at + 4;
  }
  const us = s.updates;
  let uw = (us as unknown as Cached)[names.key];
  if (uw === undefined) {
    const w = room(out, updatesBound(us));
    const start = out.length;
    digester.digest(w, start, encodeUpdatesAt(w, start, us));
    uw = new Int32Array(4);
    digester.write(uw, 0);
    if (Object.isExtensible(us)) Object.defineProperty(us, names.key, { value: uw });
  }
  let w = room(out, 5);
  let at = out.length;
  copy4(w, at, uw, 0);
  const instances = s.instances;
  w[at + 4] = instances.length;
  out.length = at + 5;
  const kept = names.instanceDigest;
  for (let i = 0; i < instances.length; i++) {
    const x = instances[i]!;
    const hit = i < INSTANCE_SLOTS ? instanceSlot(names, x, i) : -1;
    at = out.length;
    if (hit >= 0) {
      copy4(room(out, 4), at, kept, 4 * hit);
    } else {
      w = room(out, instanceBound(x));
      digester.digest(w, at, encodeInstanceAt(w, at, x));
      digester.write(w, at);
      if (i < INSTANCE_SLOTS) names.keepInstance(i, x, w, at);
    }
    out.length = at + 4;
  }
  const reads = s.reads;
  w = room(out, 2);
  let p = out.length;
  w[p++] = s.nextGid;
  w[p++] = reads.length;
  out.length = p;
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i]!;
    w = room(out, 4 + r.seen.length);
    p = out.length;
    w[p++] = r.host;
    w[p++] = r.item;
    w[p++] = r.writesBefore;
    out.length = list(w, p, r.seen);
  }
  const u = s.used;
  w = room(out, 14);
  p = out.length;
  w[p++] = u.disconnects;
  w[p++] = u.moves;
  w[p++] = u.failures;
  w[p++] = u.duplicates;
  w[p++] = u.joins;
  w[p++] = u.interestChanges;
  w[p++] = u.crashes ?? 0;
  w[p++] = u.losses ?? 0;
  w[p++] = u.partitions ?? 0;
  w[p++] = u.permanent ?? 0;
  if (u.refusedJoins !== undefined) w[p++] = u.refusedJoins;
  w[p++] = s.refused;
  // (Issue 13) Present exactly when the knob handoff is on (so other configurations encode as before).
  if (u.handoffs !== undefined) w[p++] = u.handoffs;
  out.length = p;
}

/** A sink collecting words into an array (tests, symmetry keys). */
export class ArraySink implements WordSink {
  readonly words: number[] = [];
  word(n: number): void {
    this.words.push(n | 0);
  }
}
