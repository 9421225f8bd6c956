/**
 * The timed configuration of the replication model (issue 14): the network (link classes with a
 * latency distribution, bandwidth, MTU and loss rate, and which tree edge uses which class),
 * message sizes, database and server delays, the client workload and environment rates, around
 * an ordinary replication configuration (a preset name or the explicit/shorthand form).
 * `checkTimedConfig` validates by hand so every error is one line naming the field.
 */
import { UsageError } from '../../src/engine/errors.ts';
import { checkDistribution, type Distribution } from '../../src/timed/distributions.ts';

/** The tree edges a message can cross; each is mapped to a link class. */
export const EDGE_KINDS = ['mobile-cell', 'fixed-cell', 'cell-zone', 'zone-master'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** One link class. */
export interface LinkClass {
  /** One-way propagation latency (ms). */
  latency: Distribution;
  /** Bytes per second; transmissions on one directed link are serialised. */
  bandwidth: number;
  /** Largest packet (bytes, payload plus header). */
  mtu: number;
  /** Probability that a packet is lost and retransmitted (0 <= loss < 1). */
  loss: number;
}

/** The workload of clients. */
export interface Workload {
  /** Clients per member host (default 1). */
  clientsPerHost: number;
  /** Clients at named nodes (servers included), overriding `clientsPerHost`. */
  clients: Record<string, number>;
  /** Time between a client's transactions (ms). */
  interArrival: Distribution;
  opsPerTransaction: number;
  /** Fraction of operations that read. */
  readRatio: number;
  /** `random`: each operation reads with probability readRatio; `fixed`: the writes first, then round(ops x readRatio) reads. */
  mix: 'random' | 'fixed';
  /** Hot-spot skew: `accesses` of the operations go to the first `items` fraction of a node's items. */
  hotSpot: { items: number; accesses: number };
  /**
   * Seed 003's interaction parameter: `linear` (default) propagates as soon as the protocol can
   * (a message per write, batched only behind an instance in flight); `constant` holds a node's
   * RU send while one of its clients is inside a transaction that wrote, so a transaction's
   * writes leave in one message when it ends.
   */
  interaction: 'linear' | 'constant';
}

/** A resolved timed configuration. */
export interface TimedConfig {
  name?: string;
  description?: string;
  /** The replication configuration: a preset name or a configuration object. */
  replication: unknown;
  network: { headerBytes: number; links: Record<string, LinkClass>; edges: Partial<Record<EdgeKind, string>> };
  sizes: { updatePayload: number; updateHeader: number; vldsHeader: number; tracking: number };
  database: { read: Distribution; write: Distribution };
  /** Ordering service time per update at each server level (the MS with exponential service is an M/M/1 queue). */
  servers: { master: Distribution; zone: Distribution; cell: Distribution };
  workload: Workload;
  environment: { disconnectRate: number; disconnectDuration: Distribution };
  durationMs: number;
  /** Width of the traffic-over-time bins (ms). */
  binMs: number;
  /** Updates written in the last `horizonMs` do not count towards t-visibility (they had no time to spread). */
  horizonMs: number;
}

const ZERO: Distribution = { type: 'constant', value: 0 };
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const fail = (msg: string): never => { throw new UsageError(`timed configuration: ${msg}`); };

function num(o: Obj, key: string, field: string, dflt: number | undefined, test: (n: number) => boolean, want: string): number {
  const v = o[key];
  if (v === undefined) {
    if (dflt === undefined) fail(`${field}.${key} is missing (${want})`);
    return dflt!;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || !test(v)) fail(`${field}.${key} must be ${want} (got ${JSON.stringify(v)})`);
  return v as number;
}

function dist(o: Obj, key: string, field: string, dflt?: Distribution): Distribution {
  if (o[key] === undefined) {
    if (!dflt) fail(`${field}.${key} is missing (a distribution such as {"type": "uniform", "min": 50, "max": 150})`);
    return dflt!;
  }
  const e = checkDistribution(o[key], `${field}.${key}`);
  if (e) fail(e);
  return o[key] as Distribution;
}

function section(o: Obj, key: string, required = false): Obj {
  const v = o[key];
  if (v === undefined) { if (required) fail(`${key} is missing`); return {}; }
  if (!isObj(v)) fail(`${key} must be an object`);
  return v as Obj;
}

function onlyKeys(o: Obj, field: string, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${field}.${k} is not a known field (expected ${keys.join(', ')})`);
}

/** Validates a timed configuration object (as written in a file or preset); throws one line naming the field. */
export function checkTimedConfig(input: unknown): TimedConfig {
  if (!isObj(input)) fail('the file must hold a JSON object with replication, network, workload...');
  const o = input as Obj;
  onlyKeys(o, '(top level)', ['name', 'description', 'replication', 'network', 'sizes', 'database', 'servers', 'workload', 'environment', 'durationMs', 'binMs', 'horizonMs']);
  if (o.replication === undefined) fail('replication is missing (a replication preset name or configuration object)');
  const net = section(o, 'network', true);
  onlyKeys(net, 'network', ['headerBytes', 'links', 'edges']);
  const linksIn = section(net, 'links', true);
  if (!Object.keys(linksIn).length) fail('network.links must define at least one link class');
  const links: Record<string, LinkClass> = {};
  for (const [name, raw] of Object.entries(linksIn)) {
    const f = `network.links.${name}`;
    if (!isObj(raw)) fail(`${f} must be an object with latency, bandwidth, mtu, loss`);
    const l = raw as Obj;
    onlyKeys(l, f, ['latency', 'bandwidth', 'mtu', 'loss']);
    links[name] = {
      latency: dist(l, 'latency', f),
      bandwidth: num(l, 'bandwidth', f, undefined, (n) => n > 0, 'a positive number of bytes per second'),
      mtu: num(l, 'mtu', f, 1500, (n) => Number.isInteger(n) && n >= 1, 'a positive integer number of bytes'),
      loss: num(l, 'loss', f, 0, (n) => n >= 0 && n < 1, 'a probability in [0, 1)'),
    };
  }
  const edgesIn = section(net, 'edges', true);
  const edges: Partial<Record<EdgeKind, string>> = {};
  for (const [k, v] of Object.entries(edgesIn)) {
    if (!(EDGE_KINDS as readonly string[]).includes(k)) fail(`network.edges.${k} is not an edge kind (expected ${EDGE_KINDS.join(', ')})`);
    if (typeof v !== 'string' || !links[v]) fail(`network.edges.${k} must name a link class of network.links (${Object.keys(links).join(', ')}; got ${JSON.stringify(v)})`);
    edges[k as EdgeKind] = v as string;
  }
  const headerBytes = num(net, 'headerBytes', 'network', 40, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  for (const [name, l] of Object.entries(links)) {
    if (l.mtu <= headerBytes) fail(`network.links.${name}.mtu must exceed network.headerBytes (${headerBytes})`);
  }
  const sz = section(o, 'sizes');
  onlyKeys(sz, 'sizes', ['updatePayload', 'updateHeader', 'vldsHeader', 'tracking']);
  const nonNegInt = (n: number) => Number.isInteger(n) && n >= 0;
  const sizes = {
    updatePayload: num(sz, 'updatePayload', 'sizes', 100, nonNegInt, 'a non-negative integer number of bytes'),
    updateHeader: num(sz, 'updateHeader', 'sizes', 16, nonNegInt, 'a non-negative integer number of bytes'),
    vldsHeader: num(sz, 'vldsHeader', 'sizes', 32, nonNegInt, 'a non-negative integer number of bytes'),
    tracking: num(sz, 'tracking', 'sizes', 16, nonNegInt, 'a non-negative integer number of bytes'),
  };
  const db = section(o, 'database');
  onlyKeys(db, 'database', ['read', 'write']);
  const sv = section(o, 'servers');
  onlyKeys(sv, 'servers', ['master', 'zone', 'cell']);
  const wl = section(o, 'workload', true);
  onlyKeys(wl, 'workload', ['clientsPerHost', 'clients', 'interArrival', 'opsPerTransaction', 'readRatio', 'mix', 'hotSpot', 'interaction']);
  const clients: Record<string, number> = {};
  if (wl.clients !== undefined) {
    if (!isObj(wl.clients)) fail('workload.clients must map node ids to client counts');
    for (const [id, n] of Object.entries(wl.clients as Obj)) {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(`workload.clients.${id} must be a non-negative integer (got ${JSON.stringify(n)})`);
      clients[id] = n as number;
    }
  }
  const mix = wl.mix ?? 'random';
  if (mix !== 'random' && mix !== 'fixed') fail(`workload.mix must be random or fixed (got ${JSON.stringify(mix)})`);
  const interaction = wl.interaction ?? 'linear';
  if (interaction !== 'linear' && interaction !== 'constant') fail(`workload.interaction must be linear or constant (got ${JSON.stringify(interaction)})`);
  const hs = wl.hotSpot === undefined ? {} : wl.hotSpot;
  if (!isObj(hs)) fail('workload.hotSpot must be an object {items, accesses}');
  const frac = (n: number) => n > 0 && n <= 1;
  const workload: Workload = {
    clientsPerHost: num(wl, 'clientsPerHost', 'workload', 1, nonNegInt, 'a non-negative integer'),
    clients,
    interArrival: dist(wl, 'interArrival', 'workload'),
    opsPerTransaction: num(wl, 'opsPerTransaction', 'workload', 1, (n) => Number.isInteger(n) && n >= 1, 'a positive integer'),
    readRatio: num(wl, 'readRatio', 'workload', 0.5, (n) => n >= 0 && n <= 1, 'a fraction in [0, 1]'),
    mix: mix as Workload['mix'],
    hotSpot: { items: num(hs as Obj, 'items', 'workload.hotSpot', 1, frac, 'a fraction in (0, 1]'), accesses: num(hs as Obj, 'accesses', 'workload.hotSpot', 1, frac, 'a fraction in (0, 1]') },
    interaction: interaction as Workload['interaction'],
  };
  const env = section(o, 'environment');
  onlyKeys(env, 'environment', ['disconnectRate', 'disconnectDuration']);
  const durationMs = num(o, 'durationMs', '(top level)', 60_000, (n) => n > 0, 'a positive number of ms');
  return {
    ...(typeof o.name === 'string' ? { name: o.name } : {}),
    ...(typeof o.description === 'string' ? { description: o.description } : {}),
    replication: o.replication,
    network: { headerBytes, links, edges },
    sizes,
    database: { read: dist(db, 'read', 'database', ZERO), write: dist(db, 'write', 'database', ZERO) },
    servers: { master: dist(sv, 'master', 'servers', ZERO), zone: dist(sv, 'zone', 'servers', ZERO), cell: dist(sv, 'cell', 'servers', ZERO) },
    workload,
    environment: {
      disconnectRate: num(env, 'disconnectRate', 'environment', 0, (n) => n >= 0, 'a non-negative rate per host per second'),
      disconnectDuration: dist(env, 'disconnectDuration', 'environment', { type: 'exponential', mean: 5000 }),
    },
    durationMs,
    binMs: num(o, 'binMs', '(top level)', Math.max(1, durationMs / 60), (n) => n > 0, 'a positive number of ms'),
    horizonMs: num(o, 'horizonMs', '(top level)', Math.min(10_000, durationMs / 4), (n) => n >= 0 && n < durationMs, 'a number of ms in [0, durationMs)'),
  };
}
