/**
 * (Stop 24, model/README.md "Initial replication in the seed's order" and finding 10) The seed
 * order where a host may also move, on test/fixtures/configs/move-select-seed.json (no update:
 * only the metadata) and move-add-gap-seed.json (ms writes x and y, mh1 holds o and may add p):
 * - the selection report names `need` (what the snapshot must reach) and the data instance the
 *   cell creates from it keeps it; the snapshot guard waits for it, in both engines; on
 *   peer-add-seed.json it is above the cursor the cell acknowledged (a peer's update);
 * - the data's acknowledgement no longer overtakes the registration of a move made while the data
 *   was owed (before: metadata-convergence violated in 12 steps, c1 registering mh1 for good);
 * - (stop 25, flipped) the object a selection adds was held, empty, from the selection on, so a
 *   host whose cursor already passed an update of it failed total-order, causal-order and handoff
 *   at once, with no move (15 steps, both judges agreeing). Now an added item is owed, not held,
 *   until its data installs (NodeView `owed`): every property holds, and the broken variant
 *   without the snapshot guard still fails in the seed's order, in both engines.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { replicationProperties } from '../../properties/index.ts';
import type { ReplicationAction, ReplicationState, ResolvedConfig } from '../../traces/replication.ts';
import { configFromFile, engineWalkInModel, modelFor, modelWalkInEngine, scriptInBoth, shortestCounterexampleReplay } from './differential.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/configs/${name}`, import.meta.url));
const moveSelect = configFromFile(fixture('move-select-seed.json'));
const moveAddGap = configFromFile(fixture('move-add-gap-seed.json'));
const peerAdd = configFromFile(fixture('peer-add-seed.json'));

/** Runs the labelled steps in the model; returns the states and the actions as JSON. */
function walk(config: ResolvedConfig, labels: readonly string[]): { states: ReplicationState[]; script: ReplicationAction[] } {
  const model = modelFor(config, 'hierarchical');
  let s = model.init()[0]!;
  const states = [s];
  const script: ReplicationAction[] = [];
  for (const label of labels) {
    const acts = model.actions(s);
    const a = acts.find((x) => model.formatAction!(x) === label);
    expect(a, `${label} enabled (enabled: ${acts.map((x) => model.formatAction!(x)).join(' | ')})`).toBeDefined();
    script.push(model.actionToJson(a!));
    s = model.next(s, a!)!;
    states.push(s);
  }
  return { states, script };
}

/** The path that violated metadata-convergence before stop 24 (mh1 selects p at c1, then moves before its report executes). */
const MOVE_AFTER_SELECT = [
  'mh1 invokes Change-Replicated-Data', "mh1's Change-Replicated-Data-Msg reaches its cell", 'migrate c1/1 ok', 'mh1 selects {p} (c1/1)',
  'mh1 moves to c2', 'migrate mh1/1 ok', 'execute mh1/1', 'send IR c1/2 c1->mh1 {p} []', 'migrate c1/2 ok', 'execute c1/2',
  'migrate mh1/2 ok', 'execute mh1/2',
];

/** mh1's cursor reaches 1 (ms#1 on x), then it selects {o, p}: its report names need 1, and so does c1's data instance. */
const SELECT_AT_CURSOR_1 = [
  'ms writes x=1 (ms#1)', 'send ReRU ms/1 ms->z1 [ms#1]', 'migrate ms/1 ok', 'execute ms/1', 'send ReRU z1/1 z1->c1 [ms#1]', 'migrate z1/1 ok',
  'execute z1/1', 'send ReRU c1/1 c1->mh1 [ms#1]', 'migrate c1/1 ok', 'execute c1/1', 'mh1 invokes Change-Replicated-Data',
  "mh1's Change-Replicated-Data-Msg reaches its cell", 'migrate c1/2 ok', 'mh1 selects {o, p} (c1/2)', 'migrate mh1/1 ok', 'execute mh1/1',
];

/**
 * (Stop 25) The 15 steps of the old violation: ms writes y (gid 1) then x (gid 2); c1's batch to
 * mh1 (holding o) carries ms#2 only and moves its cursor to 2, past gid 1 on y; mh1 then selects
 * {o, p}. Before stop 25 p was held, empty, at cursor 2: total-order and causal-order violated.
 */
const PASSED_THEN_SELECT = [
  'ms writes y=1 (ms#1)', 'ms writes x=1 (ms#2)', 'send ReRU ms/1 ms->z1 [ms#1, ms#2]', 'migrate ms/1 ok', 'execute ms/1',
  'send ReRU z1/1 z1->c1 [ms#1, ms#2]', 'migrate z1/1 ok', 'execute z1/1', 'send ReRU c1/1 c1->mh1 [ms#2]', 'migrate c1/1 ok', 'execute c1/1',
  'mh1 invokes Change-Replicated-Data', "mh1's Change-Replicated-Data-Msg reaches its cell", 'migrate c1/2 ok', 'mh1 selects {o, p} (c1/2)',
];

/**
 * peer-add-seed.json (a random walk, seed 4143): mh1 takes mh2#1 (gid 1 at the MS) from its peer
 * mh2 and selects {o, p} while c1 has committed nothing: its report names need 1, above the cursor
 * c1 acknowledged for it (0), so only `need` keeps c1 from serving a snapshot behind what mh1 holds.
 */
const PEER_THEN_SELECT = [
  'mh1 invokes Change-Replicated-Data', 'mh2 writes x=1 (mh2#1)', 'peer mh2->mh1 [mh2#1]', 'send RU mh2/1 mh2->c1 [mh2#1]', 'mh2 moves to c2',
  'migrate mh2/1 ok', 'execute mh2/1', 'c1 orders [mh2#1]', 'mh2 writes x=1 (mh2#2)', 'send RU c1/1 c1->z1 [mh2#1]', 'migrate c1/1 ok',
  'execute c1/1', 'z1 orders [mh2#1]', 'migrate mh2/2 ok', 'execute mh2/2', 'send RU z1/1 z1->ms [mh2#1]', 'send RU mh2/3 mh2->c2 [mh2#2]',
  "mh1's Change-Replicated-Data-Msg reaches its cell", 'migrate mh2/3 ok', 'migrate z1/1 ok', 'execute z1/1', 'execute mh2/3', 'migrate c1/2 ok',
  'ms assigns gid 1 [mh2#1]', 'send ReRU ms/1 ms->z1 [mh2#1]', 'mh1 selects {o, p} (c1/2)', 'migrate ms/1 ok', 'migrate mh1/1 ok',
  'execute ms/1', 'send ReRU z1/2 z1->c2 [mh2#1]', 'migrate z1/2 ok', 'execute mh1/1',
];

describe('seed order with moves (stop 24)', () => {
  it('a move made while the data is owed: the old cell learns the new Region (every property holds, metadata-convergence exercised)', async () => {
    const model = modelFor(moveSelect, 'hierarchical', true);
    const props = replicationProperties({ index: model.topology.index, config: moveSelect });
    const r = await exhaustive(model, props, {});
    expect(r.properties.filter((p) => p.status !== 'holds').map((p) => `${p.name}: ${p.status}`)).toEqual([]);
    expect(r.properties.find((p) => p.name === 'metadata-convergence')!.witnesses).toBeGreaterThan(0);
    expect(r.stats.distinctStates).toBe(122); // 130 before stop 24 (the acknowledgement's row version)
  });

  it('the path that violated metadata-convergence: both engines agree step by step, and c1 registers mh1 in c2 at the end', () => {
    const { states, script } = walk(moveSelect, MOVE_AFTER_SELECT);
    const props = replicationProperties({ index: modelFor(moveSelect, 'hierarchical').topology.index, config: moveSelect }).filter((p) => p.name === 'metadata-convergence');
    expect(props[0]!.check(states.at(-1)!)).toBe(true);
    expect(scriptInBoth(moveSelect, 'hierarchical', script)).toBeUndefined();
  });

  it('the selection report names need and the data instance keeps it; the snapshot guard waits for it', () => {
    const { states, script } = walk(moveAddGap, SELECT_AT_CURSOR_1);
    const selected = states.at(-3)!;
    const report = selected.instances.find((x) => x.kind === 'ROI' && x.added);
    expect(report).toMatchObject({ added: 2, need: 1, cursor: 1 });
    const s = states.at(-1)!;
    const k = s.instances.findIndex((x) => x.kind === 'IR' && !x.offer && x.state === 'creating');
    expect(s.instances[k]).toMatchObject({ objects: 2, need: 1 });
    const model = modelFor(moveAddGap, 'hierarchical');
    const serves = (t: ReplicationState) => model.actions(t).map((a) => model.formatAction!(a)).filter((l) => l.startsWith('send IR'));
    expect(serves(s)).toHaveLength(1);
    // The same state with the request naming a Global ID c1 has not reached: nothing is served.
    const ahead: ReplicationState = { ...s, instances: s.instances.map((x, j) => (j === k ? { ...x, need: 2 } : x)) };
    expect(serves(ahead)).toEqual([]);
    // The reference engine computes the same need on its own.
    expect(scriptInBoth(moveAddGap, 'hierarchical', script)).toBeUndefined();
  });

  it('a peer\'s update above the acknowledged cursor: need blocks the snapshot the cursor alone would let c1 serve', () => {
    const { states, script } = walk(peerAdd, PEER_THEN_SELECT);
    const s = states.at(-1)!;
    const k = s.instances.findIndex((x) => x.kind === 'IR' && !x.offer && x.state === 'creating');
    expect(s.instances[k]).toMatchObject({ objects: 2, need: 1 });
    expect(s.nodes[s.instances[k]!.from]!.committed).toBe(0);
    const model = modelFor(peerAdd, 'hierarchical');
    const serves = (t: ReplicationState) => model.actions(t).map((a) => model.formatAction!(a)).filter((l) => l.startsWith('send IR'));
    expect(serves(s)).toEqual([]);
    // Without `need` (as before stop 24) c1 would serve p's snapshot at cursor 0 now.
    const bare = { ...s.instances[k]! };
    delete bare.need;
    expect(serves({ ...s, instances: s.instances.map((x, j) => (j === k ? bare : x)) })).toHaveLength(1);
    expect(scriptInBoth(peerAdd, 'hierarchical', script)).toBeUndefined();
  });

  it.each([1, 2, 3, 4])('(stop 25) random walks agree in both directions on peer-add-seed.json and move-select-seed.json (seed %i)', (seed) => {
    for (const config of [peerAdd, moveSelect]) {
      expect(modelWalkInEngine(config, 'hierarchical', seed, 100), config.name).toBeUndefined();
      expect(engineWalkInModel(config, 'hierarchical', seed, 100), config.name).toBeUndefined();
    }
  });

  it.each([1, 2, 3, 4, 5, 6])('random walks on move-add-gap-seed.json agree in both directions (seed %i)', (seed) => {
    expect(modelWalkInEngine(moveAddGap, 'hierarchical', seed, 80)).toBeUndefined();
    expect(engineWalkInModel(moveAddGap, 'hierarchical', seed, 80)).toBeUndefined();
  });

  const noMove = { ...moveAddGap, name: 'seed-add-gap', bounds: { ...moveAddGap.bounds, moves: 0 } };

  it('(stop 25, was open) a selection adding an object whose update the cursor passed: every property holds without a move', async () => {
    const model = modelFor(noMove, 'hierarchical', true);
    const props = replicationProperties({ index: model.topology.index, config: noMove });
    const r = await exhaustive(model, props, {});
    expect(r.properties.filter((p) => p.status !== 'holds').map((p) => `${p.name}: ${p.status}`)).toEqual([]);
    // Exercised, not vacuous: the orders, the seam of the owed data, and the metadata after the change.
    for (const name of ['total-order', 'causal-order', 'fifo-order', 'monotonic-writes', 'initial-replication', 'metadata-convergence']) {
      expect(r.properties.find((p) => p.name === name)!.witnesses, name).toBeGreaterThan(0);
    }
    // 69,809 before stop 25 too: the owed items take the place of the empty held ones one for one (ms is the only writer).
    expect(r.stats.distinctStates).toBe(69809);
  }, 60_000);

  it('(stop 25) the 15-step path of the old violation: p is owed, not held, until its data installs; both engines agree', () => {
    const { states, script } = walk(noMove, PASSED_THEN_SELECT);
    const model = modelFor(noMove, 'hierarchical');
    const mh1 = model.topology.index.nodes.findIndex((n) => n.id === 'mh1');
    const o = 1 << model.topology.objectByName.get('o')!;
    const p = 1 << model.topology.objectByName.get('p')!;
    const y = model.topology.itemByName.get('y')!;
    expect(states.at(-1)!.nodes[mh1]).toMatchObject({ objects: o, owed: [y], committed: 2 });
    const props = replicationProperties({ index: model.topology.index, config: noMove });
    for (const name of ['total-order', 'causal-order', 'fifo-order', 'monotonic-writes', 'handoff']) {
      expect(props.find((q) => q.name === name)!.check(states.at(-1)!), name).toBe(true);
    }
    // The data: the report executes, c1 serves p at its cursor 2 (ms#1 on y), mh1 installs it and holds p.
    const rest = walk(noMove, [...PASSED_THEN_SELECT, 'migrate mh1/1 ok', 'execute mh1/1', 'send IR c1/3 c1->mh1 {p} [ms#1, ms#2]', 'migrate c1/3 ok', 'execute c1/3']);
    const last = rest.states.at(-1)!.nodes[mh1]!;
    expect(last).toMatchObject({ objects: o | p, committed: 2, order: [[1], [0]] });
    expect(last.owed).toBeUndefined();
    for (const name of ['total-order', 'causal-order', 'initial-replication']) expect(props.find((q) => q.name === name)!.check(rest.states.at(-1)!), name).toBe(true);
    expect(scriptInBoth(noMove, 'hierarchical', rest.script)).toBeUndefined();
    expect(scriptInBoth(noMove, 'hierarchical', script)).toBeUndefined();
  });

  it('(stop 25) after a move, the new cell\'s batch waits at the host while the old cell owes it data, then executes; both engines agree', () => {
    const labels = [
      'mh1 invokes Change-Replicated-Data', "mh1's Change-Replicated-Data-Msg reaches its cell", 'migrate c1/1 ok', 'mh1 selects {o, p} (c1/1)',
      'mh1 moves to c2', 'migrate mh1/2 ok', 'execute mh1/2', 'ms writes x=1 (ms#1)', 'send ReRU ms/1 ms->z1 [ms#1]', 'migrate ms/1 ok', 'execute ms/1',
      'send ReRU z1/1 z1->c2 [ms#1]', 'migrate z1/1 ok', 'execute z1/1', 'send ReRU c2/1 c2->mh1 [ms#1]', 'migrate c2/1 ok',
    ];
    const model = modelFor(moveAddGap, 'hierarchical');
    const enabled = (t: ReplicationState) => model.actions(t).map((a) => model.formatAction!(a));
    const waiting = walk(moveAddGap, labels);
    // Delivered, not executable: c1 (where the selection report is going) owes mh1 p's data.
    expect(enabled(waiting.states.at(-1)!)).not.toContain('execute c2/1');
    const served = walk(moveAddGap, [...labels, 'migrate mh1/1 ok', 'execute mh1/1', 'send IR c1/2 c1->mh1 {p} []', 'migrate c1/2 ok']);
    expect(enabled(served.states.at(-1)!)).not.toContain('execute c2/1');
    const done = walk(moveAddGap, [...labels, 'migrate mh1/1 ok', 'execute mh1/1', 'send IR c1/2 c1->mh1 {p} []', 'migrate c1/2 ok', 'execute c1/2', 'execute c2/1']);
    const mh1 = model.topology.index.nodes.findIndex((n) => n.id === 'mh1');
    expect(done.states.at(-1)!.nodes[mh1]).toMatchObject({ objects: 3, committed: 1 });
    expect(scriptInBoth(moveAddGap, 'hierarchical', done.script)).toBeUndefined();
  });

  it('(stop 25) a broken design still fails in the seed order: without the snapshot guard, with and without the move (both judges agree)', async () => {
    for (const config of [noMove, moveAddGap]) {
      const broken = { ...config, knobs: { ...config.knobs, snapshotGuard: false } };
      const { trace, report } = await shortestCounterexampleReplay('hierarchical', 'total-order', broken);
      expect(trace.steps.some((x) => JSON.stringify(x.action ?? null).includes('"select"')), config.name).toBe(true);
      expect(report.divergence, config.name).toBeUndefined();
      expect(report, config.name).toMatchObject({ result: 'reproduced', verdict: { trace: 'violated', engine: 'violated' }, reference: { engine: 'violated' } });
    }
  }, 120_000);
});
