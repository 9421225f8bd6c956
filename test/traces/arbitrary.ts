// fast-check generators of schema-valid replication traces (arbitrary shapes, not reachable states).
import fc from 'fast-check';
import type { TraceFile } from '../../traces/format.ts';
import type { ReplicationAction, ReplicationState, ResolvedConfig } from '../../traces/replication.ts';
import { AGENT_STATES } from '../../traces/replication.ts';

const nat = fc.nat({ max: 20 });
const natList = fc.array(nat, { maxLength: 4 });
const agent = fc.constantFrom(...AGENT_STATES);
const kind = fc.constantFrom('RU' as const, 'ReRU' as const, 'IR' as const, 'ROI' as const, 'PEER' as const);

/** A small resolved configuration: one master, 1-2 zones, 1-2 cells, 0-3 hosts, 1-2 objects. */
export const configArb: fc.Arbitrary<ResolvedConfig> = fc
  .record({ zones: fc.integer({ min: 1, max: 2 }), cells: fc.integer({ min: 1, max: 2 }), hosts: fc.integer({ min: 0, max: 3 }), objects: fc.integer({ min: 1, max: 2 }), items: fc.integer({ min: 1, max: 2 }) })
  .map(({ zones, cells, hosts, objects, items }) => ({
    name: 'arb',
    master: { id: 'ms' },
    zones: Array.from({ length: zones }, (_, i) => ({ id: `z${i + 1}` })),
    cells: Array.from({ length: cells }, (_, i) => ({ id: `c${i + 1}`, zone: `z${(i % zones) + 1}` })),
    hosts: Array.from({ length: hosts }, (_, i) => ({ id: `mh${i + 1}`, kind: 'mobile' as const, cell: 'c1', interests: ['o1'] })),
    objects: Array.from({ length: objects }, (_, i) => ({
      id: `o${i + 1}`,
      kind: i === 0 ? ('frequent' as const) : ('infrequent' as const),
      items: Array.from({ length: items }, (_, j) => `o${i + 1}.d${j + 1}`),
      related: [],
    })),
    bounds: { updatesPerHost: 2, values: 2, reads: 1, disconnects: 1, moves: 1, failedMigrations: 1, duplicates: 1, joins: 0, interestChanges: 0 },
  }));

function stateArb(nodes: number, items: number): fc.Arbitrary<ReplicationState> {
  const node = fc.record({
    member: fc.boolean(), connected: fc.boolean(), parent: fc.integer({ min: -1, max: nodes - 1 }), objects: fc.nat({ max: 3 }),
    order: fc.array(natList, { minLength: items, maxLength: items }), applied: natList, flagF: natList, flagT: natList, collected: natList,
    committed: nat, agent, executed: fc.array(fc.constantFrom('c1/1', 'mh1/2'), { maxLength: 2 }), made: nat, writes: nat,
  });
  const update = fc.record({ origin: nat, seq: fc.integer({ min: 1, max: 5 }), item: nat, value: fc.integer({ min: 1, max: 3 }), deps: natList, gid: nat, stamp: fc.array(fc.integer({ min: -3, max: 9 }), { maxLength: 3 }) });
  const instance = fc.record({
    from: nat, n: fc.integer({ min: 1, max: 9 }), to: nat, kind, state: agent, trail: fc.array(agent, { maxLength: 6 }), updates: natList,
    objects: nat, snapshot: fc.array(natList, { maxLength: 2 }), cursor: nat, failures: nat, copies: nat,
  });
  const read = fc.record({ host: nat, item: nat, seen: natList, writesBefore: nat });
  return fc.record({
    nodes: fc.array(node, { minLength: nodes, maxLength: nodes }),
    updates: fc.array(update, { maxLength: 3 }),
    instances: fc.array(instance, { maxLength: 2 }),
    nextGid: fc.integer({ min: 1, max: 9 }),
    reads: fc.array(read, { maxLength: 2 }),
    used: fc.record({ disconnects: nat, moves: nat, failures: nat, duplicates: nat, joins: nat, interestChanges: nat }),
    refused: nat,
  });
}

const name = fc.constantFrom('ms', 'c1', 'mh1', 'z1');
/** Arbitrary well-formed replication actions. */
export const actionArb = fc.oneof(
  fc.record({ type: fc.constant('update' as const), host: name, item: fc.constant('o1.d1'), value: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('read' as const), host: name, item: fc.constant('o1.d1') }),
  fc.record({ type: fc.constant('send' as const), from: name, to: name, kind, instance: fc.constantFrom('mh1/1', 'c1/2'), updates: fc.array(fc.constantFrom('mh1#1', 'ms#2'), { maxLength: 2 }) }),
  fc.record({ type: fc.constant('send' as const), from: name, to: name, kind, instance: fc.constant('c1/1'), updates: fc.constant([]), objects: fc.array(fc.constantFrom('o1', 'o2'), { maxLength: 2 }) }),
  fc.record({ type: fc.constant('migrate' as const), instance: fc.constantFrom('mh1/1', 'c1/2'), ok: fc.boolean() }),
  fc.record({ type: fc.constantFrom('duplicate' as const, 'execute' as const), instance: fc.constantFrom('mh1/1', 'c1/2') }),
  fc.record({ type: fc.constant('order' as const), server: name, updates: fc.array(fc.constantFrom('mh1#1', 'ms#2'), { maxLength: 2 }) }),
  fc.record({ type: fc.constant('peer' as const), from: name, to: name, updates: fc.array(fc.constant('mh1#1'), { maxLength: 1 }) }),
  fc.record({ type: fc.constantFrom('disconnect' as const, 'reconnect' as const), host: name }),
  fc.record({ type: fc.constant('move' as const), host: name, to: name }),
  fc.record({ type: fc.constant('join' as const), host: name, objects: fc.array(fc.constantFrom('o1', 'o2'), { maxLength: 2 }) }),
  fc.record({ type: fc.constant('changeInterests' as const), host: name, add: fc.constant('o2') }, { requiredKeys: ['type', 'host'] }),
) as fc.Arbitrary<ReplicationAction>;

/** Arbitrary schema-valid replication traces of 1-4 steps. */
export const traceArb: fc.Arbitrary<TraceFile> = configArb.chain((config) => {
  const nodes = 1 + config.zones.length + config.cells.length + config.hosts.length;
  const items = config.objects.reduce((n, o) => n + o.items.length, 0);
  const st = stateArb(nodes, items);
  const later = fc.array(fc.record({ action: actionArb, label: fc.option(fc.string({ maxLength: 8 }), { nil: null }), state: st }), { maxLength: 3 });
  return fc
    .record({
      first: st,
      later,
      mode: fc.constantFrom('exhaustive' as const, 'random' as const),
      seed: fc.option(fc.integer(), { nil: undefined }),
      verdict: fc.constantFrom('violated' as const, 'holds' as const),
      kind: fc.constantFrom('always' as const, 'sometimes' as const, 'alwaysReachable' as const),
      params: fc.option(fc.dictionary(fc.constantFrom('a', 'b-c', '#x'), fc.string({ maxLength: 4 })), { nil: undefined }),
    })
    .map(({ first, later, mode, seed, verdict, kind, params }) => {
      const t: TraceFile = { format: 'replcheck-trace', version: 1, model: 'replication', config, mechanism: 'hierarchical', mode } as TraceFile;
      if (seed !== undefined) t.seed = seed;
      if (params !== undefined) t.params = params;
      t.property = { name: 'causal-order', kind };
      t.verdict = verdict;
      t.steps = [{ index: 0, action: null, label: null, state: first }, ...later.map((s, i) => ({ index: i + 1, ...s }))];
      return t;
    });
});
