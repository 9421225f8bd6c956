/**
 * The timed network: which link class each tree edge uses, transmission on a directed link
 * (serialised at the class's bandwidth, split into MTU-sized packets with a header each, lost
 * packets retransmitted after a timeout of one more latency draw, then the propagation latency),
 * and traffic accounting per link class: totals and packets/bytes over time in bins.
 */
import { UsageError } from '../../src/engine/errors.ts';
import { sampler } from '../../src/timed/distributions.ts';
import type { Rng } from '../../src/timed/prng.ts';
import { CELL, FIXED, MOBILE, ZONE, type Topology } from '../topology.ts';
import type { EdgeKind, LinkClass, TimedConfig } from './config.ts';

/** Traffic totals of one link class. */
export interface ClassTotals {
  messages: number;
  bytes: number;
  packets: number;
}

/** The edge kind between node `i` and its parent. */
function edgeOf(topo: Topology, i: number): EdgeKind | undefined {
  switch (topo.kind[i]) {
    case MOBILE: return 'mobile-cell';
    case FIXED: return 'fixed-cell';
    case CELL: return 'cell-zone';
    case ZONE: return 'zone-master';
    default: return undefined;
  }
}

/** The network of one run. */
export class Network {
  readonly classNames: string[];
  /** Link class index of the edge from each node to its parent (-1 for the MS). */
  private readonly edgeClass: Int32Array;
  private readonly classes: LinkClass[];
  private readonly latency: ((rng: Rng) => number)[];
  private readonly freeAt = new Map<number, number>();
  readonly totals: ClassTotals[];
  readonly bins: { packets: number[]; bytes: number[] }[];

  private readonly topo: Topology;
  private readonly cfg: TimedConfig['network'];
  private readonly binMs: number;

  constructor(topo: Topology, cfg: TimedConfig['network'], binMs: number, durationMs: number) {
    this.topo = topo;
    this.cfg = cfg;
    this.binMs = binMs;
    this.classNames = Object.keys(cfg.links);
    this.classes = this.classNames.map((n) => cfg.links[n]!);
    this.latency = this.classes.map((c) => sampler(c.latency));
    const present = new Set<EdgeKind>();
    this.edgeClass = new Int32Array(topo.nodeCount).fill(-1);
    for (let i = 0; i < topo.nodeCount; i++) {
      const e = edgeOf(topo, i);
      if (!e) continue;
      present.add(e);
      const cls = cfg.edges[e];
      if (cls === undefined) throw new UsageError(`timed configuration: network.edges.${e} is missing (the topology has ${e} links; name a link class of network.links for them)`);
      this.edgeClass[i] = this.classNames.indexOf(cls);
    }
    for (const name of this.classNames) {
      const used = [...present].some((e) => cfg.edges[e] === name);
      if (!used) throw new UsageError(`timed configuration: network.links.${name} is a link class no node uses (no edge of this topology maps to it in network.edges; remove it or map an edge to it)`);
    }
    const nb = Math.ceil(durationMs / binMs) + 1;
    this.totals = this.classes.map(() => ({ messages: 0, bytes: 0, packets: 0 }));
    this.bins = this.classes.map(() => ({ packets: new Array<number>(nb).fill(0), bytes: new Array<number>(nb).fill(0) }));
  }

  /** The link class index of a message between `a` and `b` (one is the other's parent, or both hosts of one cell). */
  classBetween(a: number, b: number, parentOf: (i: number) => number): number {
    if (parentOf(a) === b) return this.edgeClass[a]!;
    if (parentOf(b) === a) return this.edgeClass[b]!;
    return this.edgeClass[a]! >= 0 ? this.edgeClass[a]! : this.edgeClass[b]!;
  }

  /**
   * Sends `bytes` from `a` to `b` over class `k` at time `now`; returns the arrival time and
   * records the traffic (packets spread evenly over the transmission).
   */
  transmit(k: number, a: number, b: number, bytes: number, now: number, rng: Rng): number {
    const c = this.classes[k]!;
    const payload = c.mtu - this.cfg.headerBytes;
    let packets = Math.max(1, Math.ceil(bytes / payload));
    let extraDelay = 0;
    if (c.loss > 0) {
      const first = packets;
      for (let p = 0; p < first; p++) {
        while (rng.next() < c.loss) { packets++; extraDelay += this.latency[k]!(rng); }
      }
    }
    const wire = bytes + packets * this.cfg.headerBytes;
    const key = a * this.topo.nodeCount + b;
    const start = Math.max(now, this.freeAt.get(key) ?? 0);
    const tx = (wire / c.bandwidth) * 1000;
    this.freeAt.set(key, start + tx);
    const t = this.totals[k]!;
    t.messages++; t.bytes += wire; t.packets += packets;
    const bin = this.bins[k]!;
    const last = bin.packets.length - 1;
    for (let p = 0; p < packets; p++) {
      const at = Math.min(last, Math.floor((start + (tx * (p + 0.5)) / packets) / this.binMs));
      bin.packets[at]!++;
      bin.bytes[at]! += wire / packets;
    }
    return start + tx + this.latency[k]!(rng) + extraDelay;
  }

  /** A latency draw of class `k` (for fused exchanges). */
  sampleLatency(k: number, rng: Rng): number {
    return this.latency[k]!(rng);
  }
}
