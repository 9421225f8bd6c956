// Issue 16, case by case: every kind of plugin and model breach, plugins ending the process or
// never loading, bounded input and prototype names each end in exit 2 with one line naming who
// and what, no stack, no trace written; the same names in valid positions behave like any other.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BREACHES } from '../fixtures/misbehaving-model.ts';
import { MECHANISMS } from '../../model/mechanisms/index.ts';
import { baseConfig, baseTrace, pluginSource, PROTO_NAMES } from './arbitraries.ts';
import { cli, expectNoCrash, expectRefused, filesIn, REPO, scratch, writeCase } from './harness.ts';

const dir = scratch('contract');
const out = join(dir, 'out');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a model that breaks its contract is named, never a verdict', () => {
  for (const [breach, { method, checkOnly }] of Object.entries(BREACHES)) {
    it(breach, async () => {
      for (const cmd of checkOnly ? [['check']] : [['check'], ['simulate', '--runs', '5']]) {
        const r = await cli([...cmd, '--model', 'test/fixtures/misbehaving-model.ts', '--param', `breach=${breach}`, '--out', out]);
        expectRefused(r, out, /^replcheck: model misbehaving \(test\/fixtures\/misbehaving-model\.ts\) broke its contract: /);
        expect(r.stderr).toMatch(method);
      }
    });
  }
  it('the same model without a breach passes (the fixture is otherwise sound)', async () => {
    const r = await cli(['check', '--model', 'test/fixtures/misbehaving-model.ts', '--out', out]);
    expect(r.code).toBe(0);
  });
});

describe('a mechanism plugin that breaks its contract is named with the method and the state', () => {
  const cases: [string, string, RegExp][] = [
    ['arrange', '(c, u, n, order) => [...order, order[0]]', /arrange \(.*\) returned \[.*\] for the order \[.*\] \(it must be a permutation of it\)/],
    ['release', '(c, s, n, col) => [...col, col[0]]', /release \(while exploring state \d+\) returned .*which repeats an id/],
    ['commit', '() => 3', /commit \(while exploring state \d+\) returned 3, not an array of ids/],
    ['peer', '() => [99999]', /peer \(while exploring state \d+\) returned \[99999\]: id 99999 is not among the candidates/],
    ['stamp', "() => ['x']", /stamp \(.*\) returned \["x"\]: "x" is not a finite number/],
    ['mayUpdate', "() => 'yes'", /mayUpdate( \(.*\))? returned "yes", not a boolean/],
    ['peer', '() => process.exit(0)', /peer \(while exploring state \d+\) called process\.exit\(0\)/],
  ];
  for (const [method, body, pattern] of cases) {
    it(`${method}: ${body}`, async () => {
      const file = writeCase(dir, '.mjs', pluginSource({ method, body }));
      for (const cmd of [['check'], ['simulate', '--runs', '20'], ['compare', '--mechanisms', `${file},hierarchical`]]) {
        const r = await cli([...cmd, '--config', 'small', '--mechanism', file, '--out', out].filter((a, i, all) => !(cmd[0] === 'compare' && (a === '--mechanism' || all[i - 1] === '--mechanism'))));
        expectRefused(r, out, new RegExp(`^replcheck: mechanism plugin ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} broke its contract: `));
        expect(r.stderr).toMatch(pattern);
      }
    });
  }
});

describe('no false alarms: the built-in mechanisms keep their contract, broken-variant knobs included', () => {
  for (const mechanism of Object.keys(MECHANISMS)) {
    it(mechanism, async () => {
      const runs = [
        ['simulate', '--config', 'faults', '--knob', 'duplicateSuppression=false', '--runs', '100', '--seed', '3', '--property', 'related-closure'],
        ['check', '--config', 'tiny', '--knob', 'causalHoldBack=false', '--knob', 'fifoHoldBack=false'],
      ];
      for (const argv of runs) {
        const r = await cli([...argv, '--mechanism', mechanism, '--out', join(dir, 'builtin')]);
        expectNoCrash(r);
        expect(r.stderr).not.toMatch(/broke its contract/);
        expect([0, 1], r.stderr).toContain(r.code);
      }
    }, 120_000);
  }
});

describe('plugins cannot end the process or hang the load', () => {
  it('process.exit at import is reported, not a pass', async () => {
    const file = writeCase(dir, '.mjs', 'process.exit(0);\nexport default {};\n');
    expectRefused(await cli(['check', '--mechanism', file, '--out', out]), out, /called process\.exit\(0\) .*while loading/);
    const model = writeCase(dir, '.mjs', 'process.exit(0);\nexport default { name: "m", create() {} };\n');
    expectRefused(await cli(['check', '--model', model, '--out', out]), out, /model module .* called process\.exit\(0\)/);
  });
  it('an import that never settles hits the load timeout', async () => {
    const file = writeCase(dir, '.mjs', 'await new Promise(() => {});\nexport default {};\n');
    process.env.REPLCHECK_LOAD_TIMEOUT = '0.5';
    try {
      expectRefused(await cli(['check', '--mechanism', file, '--out', out]), out, /did not finish loading within 0\.5 s .*REPLCHECK_LOAD_TIMEOUT/);
    } finally {
      delete process.env.REPLCHECK_LOAD_TIMEOUT;
    }
  });
});

describe('the real binary (spawned): a plugin ending the process or never loading', () => {
  const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [join(REPO, 'bin', 'replcheck.js'), ...args], {
    cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
  it('process.exit(0) at import: exit 2 and one line, not a pass', () => {
    const file = writeCase(dir, '.mjs', 'process.exit(0);\nexport default {};\n');
    const r = run(['check', '--mechanism', file, '--out', out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: --mechanism file .* called process\.exit\(0\) \(a plugin may not end the process\) while loading\n$/);
    expect(filesIn(out)).toEqual([]);
  }, 120_000);
  it('an import that never settles: exit 2 after the load timeout, not exit 13', () => {
    const file = writeCase(dir, '.mjs', 'await new Promise(() => {});\nexport default {};\n');
    const r = run(['check', '--mechanism', file, '--out', out], { REPLCHECK_LOAD_TIMEOUT: '1' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: --mechanism file .* did not finish loading within 1 s .*\n$/);
  }, 120_000);
});

describe('bounded input', () => {
  it('/dev/zero, a 100,000-deep document, 10^9 objects and 10^9 values are refused naming the field', async () => {
    expectRefused(await cli(['check', '--config', '/dev/zero', '--out', out]), out, /--config file \/dev\/zero is refused: it is larger than 16 MB/);
    const deep = writeCase(dir, '.json', '['.repeat(100000) + ']'.repeat(100000));
    expectRefused(await cli(['check', '--config', deep, '--out', out]), out, /nested deeper than 256 levels/);
    const objects = writeCase(dir, '.json', JSON.stringify({ topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 1 }, objects: { frequent: 1e9 } }));
    expectRefused(await cli(['check', '--config', objects, '--out', out]), out, /config\.objects\.frequent must be at most 30 \(got 1000000000\)/);
    const values = writeCase(dir, '.json', JSON.stringify({ ...baseConfig(), bounds: { values: 1e9 } }));
    expectRefused(await cli(['simulate', '--config', values, '--out', out]), out, /config\.bounds\.values must be at most 100 .*"limits": \{"bounds\.values": N\}/);
    const nodes = writeCase(dir, '.json', JSON.stringify({ topology: { zones: 1000, cellsPerZone: 1000, mobilePerCell: 1000 } }));
    expectRefused(await cli(['check', '--config', nodes, '--out', out]), out, /config\.topology describes 1,001,001,001 nodes/);
    const trace = writeCase(dir, '.json', '{"steps":' + '['.repeat(100000) + ']'.repeat(100000) + '}');
    const r = await cli(['replay', trace]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nested deeper than 256 levels/);
  });
  it('a limits section raises a limit explicitly', async () => {
    const raised = writeCase(dir, '.json', JSON.stringify({ ...baseConfig(), bounds: { values: 200 }, limits: { 'bounds.values': 500 } }));
    const r = await cli(['check', '--config', raised, '--max-states', '200', '--out', out]);
    expectNoCrash(r);
    expect(r.code).toBe(3); // explored up to the limit: the configuration was accepted
    expectRefused(await cli(['check', '--config', writeCase(dir, '.json', JSON.stringify({ ...baseConfig(), limits: { frobs: 1 } })), '--out', out]), out, /config\.limits has an unknown limit "frobs"/);
  });
});

describe('names from the prototype behave like any other name', () => {
  it('as selections they are unknown names (exit 2, one line)', async () => {
    for (const n of PROTO_NAMES) {
      for (const flag of ['--config', '--mechanism', '--property']) {
        expectRefused(await cli(['check', flag, n, '--out', out]), out, new RegExp(`${flag === '--property' ? 'unknown property' : flag}.*${n.replace(/_/g, '_')}`));
      }
      expectRefused(await cli(['check', '--param', `${n}=1`, '--out', out]), out, /unknown --param/);
    }
  });
  it('as ids in a configuration they are ids like any other (the run finds the same violation)', async () => {
    const c = baseConfig() as { master: { id: string }; zones: { id: string }[]; cells: { id: string; zone: string }[]; hosts: { id: string; cell: string; interests: string[] }[]; objects: { id: string; items: string[] }[]; writers: string[] };
    c.master.id = 'constructor';
    c.zones[0]!.id = c.cells[0]!.zone = 'valueOf';
    c.cells[0]!.id = c.hosts[0]!.cell = c.hosts[1]!.cell = 'toString';
    c.hosts[0]!.id = 'hasOwnProperty';
    c.hosts[1]!.id = 'isPrototypeOf';
    c.objects[0]!.id = 'toLocaleString';
    c.hosts[0]!.interests = c.hosts[1]!.interests = ['toLocaleString'];
    c.writers = ['hasOwnProperty', 'isPrototypeOf'];
    const plain = { ...baseConfig(), writers: ['mh1', 'mh2'] };
    const a = await cli(['check', '--config', writeCase(dir, '.json', JSON.stringify(c)), '--mechanism', 'arrival-order', '--property', 'causal-order', '--json', '--out', join(dir, 'p1')]);
    const b = await cli(['check', '--config', writeCase(dir, '.json', JSON.stringify(plain)), '--mechanism', 'arrival-order', '--property', 'causal-order', '--json', '--out', join(dir, 'p2')]);
    expectNoCrash(a);
    expect(a.code).toBe(b.code);
    expect(a.code).toBe(1);
    const states = (s: string) => (JSON.parse(s) as { stats: { distinctStates: number } }).stats.distinctStates;
    expect(states(a.stdout)).toBe(states(b.stdout));
    const trace = join(dir, 'p1', filesIn(join(dir, 'p1')).find((f) => f.endsWith('.trace.json'))!);
    const replay = await cli(['replay', trace]);
    expect(replay.code, replay.stderr).toBe(0);
  });
});

describe('replay refuses what it does not know', () => {
  const cases: [string, (t: Record<string, unknown>) => void, RegExp][] = [
    ['a property the model does not define', (t) => void (t.property = { name: 'toString', kind: 'always' }), /property 'toString' is not a property of model 'replication'/],
    ['a property of another kind', (t) => void (t.property = { name: 'causal-order', kind: 'sometimes' }), /is always in the library but sometimes in the trace/],
    ['a mechanism it does not know', (t) => void (t.mechanism = 'constructor'), /mechanism 'constructor' is not supported/],
    ['a configuration naming a zone that does not exist', (t) => void ((t.config as { cells: { zone: string }[] }).cells[0]!.zone = '__proto__'), /zone __proto__ does not exist/],
  ];
  for (const [what, mutate, pattern] of cases) {
    it(what, async () => {
      const t = baseTrace();
      mutate(t);
      const r = await cli(['replay', writeCase(dir, '.json', JSON.stringify(t))]);
      expectRefused(r, undefined, pattern);
    });
  }
});
