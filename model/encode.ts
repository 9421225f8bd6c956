/**
 * Fingerprint encoding of a state as 32-bit words (Model.encode): every field a property can
 * observe, lists as their length followed by their contents, enums as their index, instance
 * names (`executed`) as (creator index, number) pairs. Nothing is left out: even the trails,
 * which the rest of the state determines, are encoded (cheap, and robust to future changes).
 *
 * (Issue 17) The words are written straight into the engine's buffer (a {@link WordBuffer}):
 * no call per word, capacity checked once per node, list or instance. The caches that let the
 * parts a step did not touch be copied are in encode-cache.ts.
 */
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

/**
 * Encodes a whole state into `sink` (words appended). Into a {@link WordBuffer} (the engine's)
 * the words are written in place; the update list's words are cached on the array (states that
 * leave it alone share it).
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
  const lastLength = names.lastLength;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const at = out.length;
    if (lastNode[i] !== n && names.prevNode[i] === n) names.swapEntries(i);
    if (lastNode[i] === n) {
      const k = lastLength[i]!;
      const w = room(out, k);
      const from = names.lastWords[i]!;
      for (let j = 0; j < k; j++) w[at + j] = from[j]!;
      out.length = at + k;
      continue;
    }
    const w = room(out, nodeBound(itemCount, n));
    const end = encodeNode(w, at, itemCount, names, n, growing, i);
    out.length = end;
    // The new entry replaces the older one, then becomes the most recent.
    names.swapEntries(i);
    let keep = names.lastWords[i]!;
    if (keep.length < end - at) keep = names.lastWords[i] = new Int32Array(2 * (end - at));
    for (let j = at; j < end; j++) keep[j - at] = w[j]!;
    lastLength[i] = end - at;
    lastNode[i] = n;
  }
  const us = s.updates;
  let uw = (us as unknown as Cached)[names.key];
  if (uw === undefined) {
    const w = room(out, updatesBound(us));
    const start = out.length;
    out.length = encodeUpdatesAt(w, start, us);
    uw = w.slice(start, out.length);
    if (Object.isExtensible(us)) Object.defineProperty(us, names.key, { value: uw });
  } else {
    const k = uw.length;
    const w = room(out, k);
    const at = out.length;
    for (let j = 0; j < k; j++) w[at + j] = uw[j]!;
    out.length = at + k;
  }
  const instances = s.instances;
  let w = room(out, 1);
  w[out.length++] = instances.length;
  for (let i = 0; i < instances.length; i++) {
    const x = instances[i]!;
    const hit = i < INSTANCE_SLOTS ? instanceSlot(names, x, i) : -1;
    if (hit >= 0) {
      const k = names.lastInstanceLength[hit]!;
      w = room(out, k);
      const at = out.length;
      const from = names.lastInstanceWords[hit]!;
      for (let j = 0; j < k; j++) w[at + j] = from[j]!;
      out.length = at + k;
      continue;
    }
    w = room(out, instanceBound(x));
    const at = out.length;
    const end = encodeInstanceAt(w, at, x);
    out.length = end;
    if (i < INSTANCE_SLOTS) {
      let keep = names.lastInstanceWords[i]!;
      if (keep.length < end - at) keep = names.lastInstanceWords[i] = new Int32Array(2 * (end - at));
      for (let j = at; j < end; j++) keep[j - at] = w[j]!;
      names.lastInstanceLength[i] = end - at;
      names.lastInstance[i] = x;
    }
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
