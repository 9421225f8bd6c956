// (Stop 28) User code that throws, or returns what its contract forbids, is reported as that
// code's error: exit 2, one line on stderr naming the model (its file) and the method, nothing on
// stdout under --json, never "internal error" and never a verdict; the same on one thread, on two
// workers (every level handed over: REPLCHECK_WORKERS_FROM=1) and in a random run. A mechanism
// plugin that throws is named, not the replication model that called it. Fixture:
// test/fixtures/throwing-model.ts (one fault per --param fault=...).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-user-code-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MODEL = 'test/fixtures/throwing-model.ts';
const WHO = 'model throwing \\(test/fixtures/throwing-model\\.ts\\)';
const TIMEOUT = 120_000;

/** Per fault: what the one line must say after "replcheck: <who> ". */
const FAULTS: [string, string][] = [
  ['next', 'threw in next \\(while exploring state \\d+\\): next failed on purpose'],
  ['typeerror', 'threw in next \\(while exploring state \\d+\\): TypeError: Cannot read properties of undefined'],
  ['encode', 'threw in encode \\(while exploring state \\d+\\): encode failed on purpose'],
  ['canonical', 'threw in canonical \\(while exploring state \\d+\\): canonical failed on purpose'],
  ['canonical-undefined', 'broke its contract: canonical \\(while exploring state \\d+\\) returned undefined, not a state'],
  ['format', 'threw in formatAction \\(.*\\): formatAction failed on purpose'],
  ['format-number', 'broke its contract: formatAction \\(.*\\) returned 0, not a string'],
  ['check', 'threw in property \'bounded\' check \\(while exploring state \\d+\\): check failed on purpose'],
  ['antecedent', 'threw in property \'bounded\' antecedent\\.state \\(while exploring state \\d+\\): antecedent failed on purpose'],
  ['antecedent-yes', 'broke its contract: property \'bounded\' antecedent\\.state \\(while exploring state \\d+\\) returned "yes" \\(it must return true or false\\)'],
  ['trigger', 'threw in property \'tops\' trigger \\(while exploring state \\d+\\): trigger failed on purpose'],
  ['mutate', 'broke its contract: actions or next \\(while exploring state \\d+\\) changed the state it was given'],
  ['drain-yes', 'broke its contract: isDrain \\(.*\\) returned "yes" \\(it must return true or false\\)'],
  ['flip', 'broke its contract: next \\(while exploring state \\d+\\) gave a different successor for the same state and action \\(inc\\(c\\d\\)\\) when called again'],
  ['init-undefined', 'broke its contract: init \\(at the initial state\\) returned an array whose state #1 is undefined'],
];

function expectOneLine(r: { code: number; stdout: string; stderr: string }, line: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.stderr).not.toMatch(/internal error|this is a bug|VIOLATED|holds/);
}

describe('user code that throws or breaks its contract', () => {
  it('passes without a fault (the fixture is a working model)', async () => {
    const r = await runInProcess(['check', '--model', MODEL, '--json', '--out', tmp]);
    expect(r.code, r.stderr).toBe(0);
  }, TIMEOUT);

  for (const [fault, says] of FAULTS) {
    it(`fault=${fault}: check on one thread and on two workers name the method`, async () => {
      const line = new RegExp(`^replcheck: ${WHO} ${says}`);
      const argv = ['check', '--model', MODEL, '--param', `fault=${fault}`, '--json', '--out', join(tmp, fault)];
      expectOneLine(await runInProcess([...argv, '--workers', '1']), line);
      expectOneLine(await runInProcess([...argv, '--workers', '2'], { env: { REPLCHECK_WORKERS_FROM: '1' } }), line);
    }, TIMEOUT);
  }

  it('a random walk names the method that threw, with the seed and path', async () => {
    const r = await runInProcess(['simulate', '--model', MODEL, '--param', 'fault=check', '--runs', '20', '--json', '--out', tmp]);
    expectOneLine(r, new RegExp(`^replcheck: ${WHO} threw in property 'bounded' check during a random walk: check failed on purpose \\(seed 0, path [\\d:]+; not a verdict`));
  }, TIMEOUT);

  it('a random walk whose next writes its input state: exit 2, not a verdict on a corrupted trace', async () => {
    const r = await runInProcess(['simulate', '--model', MODEL, '--param', 'fault=mutate', '--runs', '20', '--json', '--out', tmp]);
    expectOneLine(r, new RegExp(`^replcheck: ${WHO} broke its contract: actions or next \\(at step \\d+ of a random walk\\) changed the state it was given`));
  }, TIMEOUT);

  it('a mechanism plugin that answers differently when called again is refused, not given a verdict (check and simulate)', async () => {
    const plugin = join(tmp, 'commit-flips.mjs');
    writeFileSync(plugin, `let calls = 0;
export default {
  name: 'commit-flips', description: 'reverses every third commit', totalOrder: true,
  stamp: () => [],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit: (_ctx, _s, collected) => (++calls % 3 === 0 ? collected.slice().reverse() : collected.slice()),
  arrange: (_ctx, _updates, _node, order) => order.slice(),
  peer: (_ctx, _s, _from, _to, candidates) => candidates.slice(),
};\n`);
    const line = /^replcheck: mechanism plugin .*commit-flips\.mjs broke its contract: commit \(.*\) returned \[\d,\d\], then \[\d,\d\] for the same arguments \(a mechanism must be deterministic/;
    expectOneLine(await runInProcess(['check', '--config', 'small', '--mechanism', plugin, '--json', '--out', tmp]), line);
    expectOneLine(await runInProcess(['simulate', '--config', 'small', '--mechanism', plugin, '--runs', '50', '--json', '--out', tmp]), line);
  }, TIMEOUT);

  it('(stop 29) a mechanism plugin that writes its input state is refused in check, simulate and measure (it passed a causal-order violation)', async () => {
    const plugin = join(tmp, 'release-forgets-deps.mjs');
    // Reverses what it releases (a causal-order violation) and empties every update's dependencies in
    // the state it is given: the states the search had stored changed, and check passed causal-order.
    writeFileSync(plugin, `export default {
  name: 'release-forgets-deps', description: 'writes its input', totalOrder: true,
  stamp: () => [],
  release: (_ctx, s, _server, collected) => { for (const u of s.updates) u.deps = []; return collected.slice().reverse(); },
  commit: (_ctx, _s, collected) => collected.slice().reverse(),
  arrange: (_ctx, _updates, _node, order) => order.slice(),
  peer: (_ctx, _s, _from, _to, candidates) => candidates.slice(),
};\n`);
    const line = /^replcheck: mechanism plugin .*release-forgets-deps\.mjs broke its contract: release (\(.*\) )?changed the arguments it was given \(the state, an update or a list\)/;
    expectOneLine(await runInProcess(['check', '--config', 'small', '--mechanism', plugin, '--property', 'causal-order', '--json', '--out', tmp]), line);
    expectOneLine(await runInProcess(['simulate', '--config', 'small', '--mechanism', plugin, '--runs', '20', '--json', '--out', tmp]), line);
    expectOneLine(await runInProcess(['measure', '--mechanisms', plugin, '--runs', '2', '--duration', '5s', '--json']), line);
  }, TIMEOUT);

  it('(stop 29) a plugin breach the replication model\'s own checks find names the plugin and its methods, not the model (one and two workers)', async () => {
    // The stamp changes every other call, so a call and its immediate repeat agree; the model's own
    // check, computing a successor again later, sees the difference.
    const clock = join(tmp, 'stamp-ticks.mjs');
    writeFileSync(clock, `let calls = 0;
export default {
  name: 'stamp-ticks', description: 'a clock in stamp', totalOrder: true,
  stamp: () => [Math.floor(calls++ / 2)],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit: (_ctx, _s, collected) => collected.slice(),
  arrange: (_ctx, _updates, _node, order) => order.slice(),
  peer: (_ctx, _s, _from, _to, candidates) => candidates.slice(),
};\n`);
    const ticks = /^replcheck: mechanism plugin .*stamp-ticks\.mjs broke its contract: stamp( or arrange)? \(while exploring state \d+\) made the model's next give a different successor for the same state and action \(.*\) when called again \(a mechanism must be deterministic/;
    expectOneLine(await runInProcess(['check', '--config', 'tiny', '--mechanism', clock, '--json', '--out', tmp]), ticks);
    expectOneLine(await runInProcess(['check', '--config', 'tiny', '--mechanism', clock, '--workers', '2', '--json', '--out', tmp], { env: { REPLCHECK_WORKERS_FROM: '1' } }), ticks);
    // Writes the state in commit: past the calls whose inputs the plugin guard compares, the explorer's own check finds it.
    const writes = join(tmp, 'commit-writes-node.mjs');
    writeFileSync(writes, `export default {
  name: 'commit-writes-node', description: 'writes a node in commit', totalOrder: true,
  stamp: () => [],
  release: (_ctx, _s, _server, collected) => collected.slice(),
  commit: (_ctx, s, collected) => { s.nodes[1].flagT.push(99); return collected.slice(); },
  arrange: (_ctx, _updates, _node, order) => order.slice(),
  peer: (_ctx, _s, _from, _to, candidates) => candidates.slice(),
};\n`);
    const line = /^replcheck: mechanism plugin .*commit-writes-node\.mjs broke its contract: (commit|one of its methods) \(while exploring state \d+\) changed the (arguments it was given|state the model replication gave it)/;
    expectOneLine(await runInProcess(['check', '--config', 'small', '--mechanism', writes, '--json', '--out', tmp]), line);
  }, TIMEOUT);

  it('a mechanism plugin that throws is named, not the replication model (check, simulate, compare)', async () => {
    const plugin = join(tmp, 'release-throws.mjs');
    writeFileSync(plugin, `export default {
  name: 'release-throws', description: 'throws in release', totalOrder: true,
  stamp: () => [],
  release(_ctx, _s, _server, collected) { if (collected.length > 0) throw new Error('release failed on purpose'); return collected.slice(); },
  commit: (_ctx, _s, collected) => collected.slice(),
  arrange: (_ctx, _updates, _node, order) => order.slice(),
  peer: (_ctx, _s, _from, _to, candidates) => candidates.slice(),
};\n`);
    const line = new RegExp(`^replcheck: mechanism plugin ${plugin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} threw in release.*: release failed on purpose`);
    expectOneLine(await runInProcess(['check', '--config', 'small', '--mechanism', plugin, '--max-states', '5000', '--json', '--out', tmp]), line);
    expectOneLine(await runInProcess(['simulate', '--config', 'small', '--mechanism', plugin, '--runs', '20', '--json', '--out', tmp]), line);
    expectOneLine(await runInProcess(['compare', '--config', 'small', '--mechanisms', `hierarchical,${plugin}`, '--max-states', '2000', '--json', '--out', tmp]), line);
  }, TIMEOUT);
});
