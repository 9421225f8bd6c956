/**
 * (Issue 13, model/README.md finding 10) An object added around a move: the shortest paths the
 * checker found on test/fixtures/configs/move-add-gap.json (one move; `"moves": 2` in
 * move-add-gap-moves2.json) with `moveCursorGuard=false`, replayed step by step. Without the
 * guard the host's cursor passes ms#2 (on y) which it never gets (`handoff` violated at the last
 * step), or it holds ms#2 without its cause (`causal-order`); with it (default) the same steps
 * drop the batch that was not filtered on everything the host holds or awaits, so the properties
 * hold and the cell's stream later resends.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../model/config-types.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { buildVariant } from './variants.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/configs/move-add-gap.json', import.meta.url), 'utf8')) as ConfigInput;

const HEAD = [
  'ms writes x=1 (ms#1)', 'ms writes y=1 (ms#2)', 'send ReRU ms/1 ms->z1 [ms#1, ms#2]', 'mh1 moves to c2', 'migrate ms/1 ok',
  'execute ms/1', 'send ReRU z1/1 z1->c1 [ms#1, ms#2]', 'migrate z1/1 ok', 'execute z1/1', 'send ReRU c1/1 c1->mh1 [ms#1]',
];
/** The old cell's ReRU executes after the move (18 steps). */
const OLD_CELL = [...HEAD, 'migrate c1/1 ok', 'execute c1/1', 'migrate mh1/1 ok', 'execute mh1/1', 'mh1 adds p', 'send IR c2/1 c2->mh1 {p} []', 'migrate c2/1 ok', 'execute c2/1'];
/** The old cell's ReRU is relayed by the new cell (handoff forward, 19 steps). */
const RELAY = [...HEAD, 'migrate mh1/1 ok', 'execute mh1/1', 'mh1 adds p', 'send IR c2/1 c2->mh1 {p} []', 'c1 hands mh1 over to c2: forwards c1/1 [ms#1]', 'migrate c2/1 ok', 'execute c2/1', 'migrate c2/2 ok', 'execute c2/2'];

/** Runs the labelled steps; returns the verdict of `property` (default handoff) on the last state. */
function verdict(guard: boolean, labels: readonly string[], bounds: Partial<NonNullable<ConfigInput['bounds']>> = {}, property = 'handoff'): true | string {
  const override = { ...fixture, bounds: { ...fixture.bounds, ...bounds }, knobs: { ...fixture.knobs, moveCursorGuard: guard } };
  const { model, properties } = buildVariant({ preset: 'handoff', override }, [property]);
  let s: ReplicationState = model.init()[0]!;
  for (const label of labels) {
    const a = model.actions(s).find((x) => model.formatAction!(x) === label);
    expect(a, `${label} enabled`).toBeDefined();
    s = model.next(s, a!)!;
  }
  const r = properties[0]!.check(s);
  return r === true ? true : JSON.stringify(r);
}

/**
 * Two moves (model/README.md finding 10): the host returns to c1 before c1's batch (filtered on
 * {o}) executes, so it now comes from the host's cell; without the guard it moves the cursor to 2,
 * and then c2's snapshot of p (cursor 0) installs: ms#2 on y is below the cursor and never comes
 * (`check --config test/fixtures/configs/move-add-gap-moves2.json --knob moveCursorGuard=false`).
 * With the guard the batch names the objects it was filtered on ({o}), which miss p, awaited
 * from c2's IR instance: the host drops it and c1's stream resends once it knows p.
 */
const MOVE_BACK = [
  ...HEAD.slice(0, 10), 'migrate c1/1 ok', 'migrate mh1/1 ok', 'execute mh1/1', 'mh1 adds p', 'send IR c2/1 c2->mh1 {p} []',
  'mh1 moves to c1', 'execute c1/1', 'migrate c2/1 ok', 'execute c2/1',
];

/**
 * The transient causal gap (one move): c1's batch [ms#2] (on x) reaches mh1 after its move; mh1
 * then adds p and c2, which does not have ms#1 (on y) yet, ships p's snapshot empty. Without the
 * guard mh1 holds ms#2 without ms#1; with it c1's batch (another cell's) is dropped unmerged.
 */
const CAUSAL = [
  'ms writes y=1 (ms#1)', 'ms writes x=1 (ms#2)', 'send ReRU ms/1 ms->z1 [ms#1, ms#2]', 'mh1 moves to c2', 'migrate ms/1 ok',
  'execute ms/1', 'send ReRU z1/1 z1->c1 [ms#1, ms#2]', 'migrate z1/1 ok', 'execute z1/1', 'send ReRU c1/1 c1->mh1 [ms#2]',
  'migrate c1/1 ok', 'execute c1/1', 'migrate mh1/1 ok', 'execute mh1/1', 'mh1 adds p', 'send IR c2/1 c2->mh1 {p} []', 'migrate c2/1 ok', 'execute c2/1',
];
describe('moveCursorGuard: a moved host\'s cursor follows the cell it is registered at', () => {
  it('two moves: a host back at its old cell before that cell\'s batch executes: a gap without the guard, none with it', () => {
    expect(verdict(false, MOVE_BACK, { moves: 2 })).toContain('ms#2');
    expect(verdict(true, MOVE_BACK, { moves: 2 })).toBe(true);
  });

  it('one move: another cell\'s batch merged before a snapshot behind it: a causal gap without the guard, none with it', () => {
    expect(verdict(false, CAUSAL, {}, 'causal-order')).toContain('ms#1');
    expect(verdict(true, CAUSAL, {}, 'causal-order')).toBe(true);
    expect(verdict(true, CAUSAL, {}, 'handoff')).toBe(true);
  });

  it.each([['the old cell\'s ReRU', OLD_CELL], ['a relay of it', RELAY]])('%s: a gap without the guard, none with it', (_name, labels) => {
    expect(verdict(false, labels)).toContain('ms#2');
    expect(verdict(true, labels)).toBe(true);
  });
});
