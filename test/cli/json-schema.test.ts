// The --json contract (issue 15): every command's --json object carries schemaVersion and
// conforms to the schema it ships (schemas/<command>.schema.json, validated with ajv), in its pass,
// violation, incomplete and error cases, check's suite mode included; bad input prints no JSON;
// the schemas are strict enough to reject wrong outputs; and every command in the command table
// either ships a schema or is listed here as having no --json (so a new command cannot slip by).
import { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { JSON_SCHEMA_VERSION } from '../../src/cli/schema-version.ts';
import { compileSchema, hasJsonSchema, jsonSchema, SCHEMA_DIR, validateJsonOutput } from '../../src/cli/json-schema.ts';
import { wireReplication } from '../../bin/wiring.ts';
import { runInProcess } from './in-process.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-json-schema-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  wireReplication();
  // Shard result files for the merge cases: a passing and a violating run of the counter, two shards each.
  for (const [tag, extra] of [['pass', []], ['fail', ['--param', 'limit=3']]] as const) {
    for (const i of [1, 2]) {
      const r = await cli(['simulate', ...COUNTER, ...extra, '--runs', '20', '--seed', '1', '--shard', `${i}/2`, '--shard-out', shardFile(tag, i)]);
      if (r.code !== 0) throw new Error(`shard ${tag} ${i}/2: ${r.stderr}`);
    }
  }
});

/** A shard result file of the merge cases. */
function shardFile(tag: string, i: number): string {
  return join(tmp, `shard-${tag}-${i}-of-2.json`);
}

/** Commands without --json, and why (each must refuse --json). */
const WITHOUT_JSON: Record<string, string> = {
  show: 'prints a trace; --format json is the trace format itself (traces/trace.schema.json)',
};

const cli = (argv: string[]) => runInProcess(argv);

const COUNTER = ['--model', 'test/fixtures/counter.ts'];
const SUITE = ['--model', 'test/fixtures/counter-suite.ts'];
const LEDGER = ['--model', 'test/fixtures/ledger.ts'];
const JOIN = 'test/fixtures/traces/hierarchical-join.trace.json';

/** One --json run: the command, its arguments, the exit code and what the object must say. */
interface Case {
  name: string;
  argv: string[];
  exit: number;
  expect: Record<string, unknown>;
}

/** The trace a check case wrote, for replay cases (filled in as the cases run). */
const written: { liveness?: string; safety?: string } = {};

const cases: Case[] = [
  { name: 'check: pass (one configuration)', argv: ['check', '--config', 'tiny'], exit: 0, expect: { result: 'pass', configName: 'tiny' } },
  { name: 'check: violation with a counterexample', argv: ['check', ...COUNTER, '--param', 'limit=3'], exit: 1, expect: { result: 'violation', violation: expect.objectContaining({ property: 'below-limit', length: 3 }) } },
  { name: 'check: liveness violation (doomedAt)', argv: ['check', ...COUNTER, '--param', 'stuck=true'], exit: 1, expect: { result: 'violation', violation: expect.objectContaining({ property: 'quiescent', doomedAt: 2 }) } },
  { name: 'check: lasso violation (loop)', argv: ['check', '--model', 'test/fixtures/starvation.ts', '--param', 'serve=phase'], exit: 1, expect: { violation: expect.objectContaining({ kind: 'eventually', loop: 1 }) } },
  { name: 'check: violation while spilling to disk (--memory: stats.spill)', argv: ['check', '--model', 'examples/two-phase.ts', '--param', 'rms=4', '--param', 'variant=eager-commit', '--property', 'consistent', '--memory', '4096'], exit: 1, expect: { result: 'violation', stats: expect.objectContaining({ spill: expect.objectContaining({ flushes: 0 }) }) } },
  { name: 'check: incomplete (max-states)', argv: ['check', ...COUNTER, '--max-states', '5'], exit: 3, expect: { result: 'incomplete', stats: expect.objectContaining({ limit: 'max-states' }) } },
  { name: 'check: vacuous under --require-witnesses (incomplete)', argv: ['check', ...LEDGER, '--param', 'cap=1', '--require-witnesses'], exit: 3, expect: { result: 'incomplete' } },
  { name: 'check: suite pass', argv: ['check', ...SUITE], exit: 0, expect: { result: 'pass', suite: expect.objectContaining({ configs: ['two', 'three'] }) } },
  { name: 'check: suite violation', argv: ['check', ...SUITE, '--param', 'limit=4'], exit: 1, expect: { result: 'violation', violation: expect.objectContaining({ property: 'below-limit', config: 'two' }) } },
  { name: 'simulate: a shard summary (--shard 1/2)', argv: ['simulate', ...COUNTER, '--runs', '10', '--seed', '1', '--shard', '1/2', '--shard-out', join(tmp, 'shard-summary.json')], exit: 0, expect: { shard: { index: 1, count: 2 }, runs: 5 } },
  { name: 'merge: pass (two shards, with the digests of the model file they ran)', argv: ['merge', shardFile('pass', 1), shardFile('pass', 2)], exit: 0, expect: { result: 'pass', stats: expect.objectContaining({ shards: { count: 2, merged: 2, missing: [], sources: [{ flag: 'model', file: 'test/fixtures/counter.ts', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] } }) } },
  { name: 'merge: violation (two shards of a failing run)', argv: ['merge', shardFile('fail', 1), shardFile('fail', 2)], exit: 1, expect: { result: 'violation', violation: expect.objectContaining({ property: 'below-limit' }) } },
  { name: 'merge: incomplete (--allow-partial, one shard missing)', argv: ['merge', shardFile('pass', 1), '--allow-partial'], exit: 3, expect: { result: 'incomplete', stats: expect.objectContaining({ shards: expect.objectContaining({ missing: [2] }) }) } },
  { name: 'check: suite incomplete', argv: ['check', ...SUITE, '--max-states', '5'], exit: 3, expect: { result: 'incomplete' } },
  { name: 'check: replication liveness (peer-pair, lamport)', argv: ['check', '--config', 'test/fixtures/mechanisms/peer-pair.json', '--mechanism', 'lamport', '--property', 'eventual-consistency:reachable'], exit: 1, expect: { result: 'violation' } },
  { name: 'simulate: pass, with unwalked (not promised) properties and metrics', argv: ['simulate', '--config', 'small', '--runs', '10', '--seed', '1'], exit: 0, expect: { result: 'pass', metrics: expect.objectContaining({ title: expect.any(String) }) } },
  { name: 'simulate: metrics.stranded (issue 13, stranded-updates) on peer-relay', argv: ['simulate', '--config', 'peer-relay', '--runs', '10', '--seed', '1'], exit: 0, expect: { result: 'pass', metrics: expect.objectContaining({ stranded: expect.objectContaining({ walks: 10 }) }) } },
  { name: 'simulate: violation (shrunk, with its path)', argv: ['simulate', ...COUNTER, '--param', 'limit=3', '--seed', '1', '--runs', '20'], exit: 1, expect: { result: 'violation', stats: expect.objectContaining({ path: expect.any(String) }) } },
  { name: 'simulate: incomplete (vacuous under --require-witnesses)', argv: ['simulate', ...LEDGER, '--param', 'cap=1', '--require-witnesses', '--runs', '20'], exit: 3, expect: { result: 'incomplete' } },
  { name: 'compare: the matrix (all hold, with timed costs)', argv: ['compare', '--config', 'tiny', '--mechanisms', 'hierarchical,primary-copy', '--timed-runs', '2'], exit: 0, expect: { mechanisms: ['hierarchical', 'primary-copy'], timedCosts: expect.objectContaining({ skipped: [] }) } },
  { name: 'compare: --stop-at-first stops at a violation (exit 1), the next mechanism incomplete', argv: ['compare', '--config', 'test/fixtures/mechanisms/read-own.json', '--mechanisms', 'primary-copy,hierarchical', '--property', 'read-your-writes', '--stop-at-first', '--timed-runs', '0'], exit: 1, expect: { results: [expect.objectContaining({ status: 'violated' }), expect.objectContaining({ status: 'incomplete' })] } },
  { name: 'compare: incomplete cells (max-states)', argv: ['compare', '--config', 'tiny', '--mechanisms', 'hierarchical,lww', '--max-states', '10', '--timed-runs', '0'], exit: 0, expect: { costs: [expect.objectContaining({ limit: 'max-states' }), expect.objectContaining({ limit: 'max-states' })] } },
  { name: 'measure: pass', argv: ['measure', '--mechanisms', 'hierarchical,lww', '--runs', '2', '--duration', '2s'], exit: 0, expect: { precision: null, mechanisms: ['hierarchical', 'lww'] } },
  { name: 'measure: a refuted assertion (violation)', argv: ['measure', '--mechanisms', 'hierarchical', '--runs', '30', '--duration', '2s', '--assert', 'p99(write-response) < 1ms'], exit: 1, expect: { exitCode: 1 } },
  { name: 'measure: precision not reached (incomplete)', argv: ['measure', '--mechanisms', 'hierarchical', '--precision', '0.0001', '--max-runs', '2', '--duration', '2s'], exit: 3, expect: { precision: 0.0001 } },
  { name: 'measure: notes (a mechanism that never commits some updates; uncommitted.mean)', argv: ['measure', '--config', 'small', '--mechanisms', 'hierarchical,test/fixtures/mechanisms/starve.ts', '--runs', '30', '--duration', '20s', '--assert', 'mean(uncommitted) < 0.01'], exit: 1, expect: { results: [expect.objectContaining({ notes: [], metrics: expect.objectContaining({ 'uncommitted.mean': expect.objectContaining({ mean: 0 }), 'unseen.mean': expect.objectContaining({ mean: 0 }) }) }), expect.objectContaining({ notes: [expect.stringContaining('never got a Global ID')] })] } },
  { name: 'replay: reproduced', argv: ['replay', JOIN], exit: 0, expect: { result: 'reproduced' } },
  { name: 'replay: invalid (not a trace)', argv: ['replay', 'package.json'], exit: 2, expect: { result: 'invalid', steps: 0 } },
  { name: 'replay: invalid (no such file)', argv: ['replay', 'test/fixtures/no-such.trace.json'], exit: 2, expect: { result: 'invalid' } },
];

/** Replay cases built from traces the check cases wrote (liveness reproduced; a tampered verdict diverges). */
const replayCases: (() => Case)[] = [
  () => ({ name: 'replay: a liveness counterexample reproduced (liveness)', argv: ['replay', written.liveness!], exit: 0, expect: { result: 'reproduced', liveness: expect.objectContaining({ exhausted: true }) } }),
  () => {
    const t = JSON.parse(readFileSync(join(repo, JOIN), 'utf8'));
    const file = join(tmp, 'diverged.trace.json');
    writeFileSync(file, JSON.stringify({ ...t, verdict: 'violated' }));
    return { name: 'replay: diverged', argv: ['replay', file], exit: 1, expect: { result: 'diverged', divergence: expect.objectContaining({ field: 'verdict' }) } };
  },
  // (1.3.0) A bound too small to decide the liveness claim: undecided, exit 3 (was "diverged", exit 1).
  () => ({ name: 'replay: undecided', argv: ['replay', written.liveness!, '--max-states', '1'], exit: 3, expect: { result: 'undecided', liveness: expect.objectContaining({ exhausted: false }), divergence: expect.objectContaining({ field: 'liveness' }) } }),
];

const covered = new Map<string, Set<number>>();

async function runCase(c: Case, k: number): Promise<Record<string, unknown>> {
  const out = join(tmp, `out-${k}`);
  const argv = c.argv[0] === 'replay' || c.argv[0] === 'measure' ? [...c.argv, '--json'] : [...c.argv, '--json', '--out', out];
  const r = await cli(argv);
  expect(r.code, r.stderr).toBe(c.exit);
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  const command = c.argv[0]!;
  expect(validateJsonOutput(command, json)).toEqual([]);
  expect(json.schemaVersion).toBe(JSON_SCHEMA_VERSION);
  expect(Object.keys(json)[0]).toBe('schemaVersion');
  expect(json.exitCode).toBe(r.code);
  expect(json).toMatchObject(c.expect);
  // The report files compare and measure write under --out carry the same object.
  if (command === 'compare') expect(validateJsonOutput('compare', JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')))).toEqual([]);
  covered.set(command, (covered.get(command) ?? new Set()).add(r.code));
  return json;
}

describe('every command\'s --json conforms to its shipped schema', () => {
  cases.forEach((c, k) => {
    it(c.name, async () => {
      const json = await runCase(c, k);
      if (c.name.startsWith('check: replication liveness')) {
        written.liveness = resolve(repo, (json.violation as { traceFile: string }).traceFile);
      }
    }, 120_000);
  });
  replayCases.forEach((make, k) => {
    it(['replay: a liveness counterexample check wrote, reproduced', 'replay: diverged (a tampered verdict)', 'replay: undecided (--max-states too small for the liveness claim)'][k]!, async () => {
      await runCase(make(), cases.length + k);
    }, 120_000);
  });

  it('measure --out writes the same object (measure.json)', async () => {
    const out = join(tmp, 'measure-out');
    const r = await cli(['measure', '--mechanisms', 'lww', '--runs', '2', '--duration', '1s', '--out', out]);
    expect(r.code).toBe(0);
    expect(validateJsonOutput('measure', JSON.parse(readFileSync(join(out, 'measure.json'), 'utf8')))).toEqual([]);
  }, 120_000);

  it('bad input under --json prints no JSON at all: one line on stderr, exit 2', async () => {
    const bad: string[][] = [
      ['check', '--max-states', 'abc'], ['check', ...SUITE, '--config', 'four'], ['simulate', '--runs', '0'],
      ['compare', '--config', 'tiny', '--mechanisms', ','], ['measure', '--runs', '2', '--precision', '0.1'], ['replay'],
    ];
    for (const argv of bad) {
      const r = await cli([...argv, '--json', '--out', join(tmp, 'bad')]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^replcheck: [^\n]+\n$/);
    }
    expect(existsSync(join(tmp, 'bad'))).toBe(false);
  });

  it('covered pass, violation and incomplete (or invalid) of every command with a schema', () => {
    const expected: Record<string, number[]> = { check: [0, 1, 3], simulate: [0, 1, 3], merge: [0, 1, 3], compare: [0, 1], measure: [0, 1, 3], replay: [0, 1, 2, 3] };
    for (const c of COMMANDS) {
      if (c.name in WITHOUT_JSON) continue;
      expect([...(covered.get(c.name) ?? [])].sort(), `exit codes covered for ${c.name}`).toEqual(expected[c.name] ?? ['a case list for this command']);
    }
  });
});

describe('the schemas', () => {
  for (const c of COMMANDS) {
    if (c.name in WITHOUT_JSON) {
      it(`${c.name} has no --json (${WITHOUT_JSON[c.name]}) and refuses it`, async () => {
        const { command } = await c.load();
        expect(command.help).not.toContain('--json');
        const r = await cli([c.name, JOIN, '--json']);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/unknown option --json/);
        expect(hasJsonSchema(c.name)).toBe(false);
      });
      continue;
    }
    it(`${c.name} ships schemas/${c.name}.schema.json: a strict draft-07 schema requiring schemaVersion and exitCode`, async () => {
      expect(hasJsonSchema(c.name), `schemas/${c.name}.schema.json is missing: every command with --json ships a schema`).toBe(true);
      const schema = jsonSchema(c.name);
      expect(() => compileSchema(schema)).not.toThrow();
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.$id).toBe(`https://replcheck.dev/schemas/${c.name}-v1.json`);
      expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'exitCode']));
      const { command } = await c.load();
      expect(command.help).toContain('--json');
      expect(command.help).toContain(`replcheck/schemas/${c.name === 'check' || c.name === 'simulate' ? '<command>' : c.name}.schema.json`);
    });
  }

  it('ships no schema without a command, and the build copies them (package.json files and exports)', () => {
    const names = readdirSync(SCHEMA_DIR).map((f) => f.replace(/\.schema\.json$/, ''));
    expect(names.sort()).toEqual(COMMANDS.map((c) => c.name).filter((n) => !(n in WITHOUT_JSON)).sort());
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schemas');
    expect(pkg.exports['./schemas/*']).toBe('./schemas/*');
    expect(readFileSync(join(repo, 'scripts', 'build.mjs'), 'utf8')).toMatch(/'schemas'/);
  });

  it('compile under ajv\'s defaults without a strict-mode warning (what a user\'s `new Ajv()` does)', () => {
    for (const f of readdirSync(SCHEMA_DIR)) {
      const warnings: string[] = [];
      const logger = { log: () => {}, warn: (...a: unknown[]) => void warnings.push(a.join(' ')), error: (...a: unknown[]) => void warnings.push(a.join(' ')) };
      new Ajv({ logger }).compile(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')));
      expect(warnings, f).toEqual([]);
    }
  });

  it('accepts exactly the 1.x schemaVersion, shares its definitions between check and simulate', () => {
    const schemas = Object.fromEntries(readdirSync(SCHEMA_DIR).map((f) => [f, JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8'))]));
    const version = schemas['check.schema.json'].definitions.schemaVersion;
    for (const s of Object.values(schemas)) expect(s.definitions.schemaVersion).toEqual(version);
    expect(new RegExp(version.pattern).test(JSON_SCHEMA_VERSION)).toBe(true);
    expect(new RegExp(version.pattern).test('1.7.12')).toBe(true);
    expect(new RegExp(version.pattern).test('2.0.0')).toBe(false);
    const check = schemas['check.schema.json'].definitions;
    const simulate = schemas['simulate.schema.json'].definitions;
    for (const k of ['result', 'status', 'kind', 'params', 'actionCounts', 'property', 'violation', 'warnings', 'exitCodeOfResult']) {
      expect(simulate[k], k).toEqual(check[k]);
    }
    // merge.schema.json is simulate's report, self-contained (a user's ajv loads one file), plus
    // stats.shards: the copy must not drift from simulate's.
    const merge = schemas['merge.schema.json'];
    const { shards, ...mergeStats } = merge.definitions.randomStats.properties;
    expect(shards).toBeDefined();
    expect(mergeStats).toEqual(simulate.randomStats.properties);
    expect(merge.definitions.randomStats.required).toEqual([...simulate.randomStats.required, 'shards']);
    for (const k of Object.keys(merge.definitions).filter((k) => k !== 'randomStats')) expect(merge.definitions[k], k).toEqual(simulate[k]);
    for (const k of ['required', 'properties', 'allOf']) expect(merge[k], k).toEqual(simulate.report[k]);
  });

  it('rejects outputs that break the contract', async () => {
    const r = await cli(['check', ...COUNTER, '--param', 'limit=3', '--json', '--out', join(tmp, 'neg')]);
    const good = JSON.parse(r.stdout);
    expect(validateJsonOutput('check', good)).toEqual([]);
    const broken: [string, (j: any) => void, RegExp][] = [
      ['no schemaVersion', (j) => delete j.schemaVersion, /must have required property 'schemaVersion'/],
      ['a major version 2', (j) => (j.schemaVersion = '2.0.0'), /\/schemaVersion: must match pattern/],
      ['an unknown result', (j) => (j.result = 'passed'), /\/result: must be equal to one of the allowed values/],
      ['an exit code that does not follow the result', (j) => (j.exitCode = 0), /\/exitCode: must be equal to constant/],
      ['a violation without the violation object', (j) => delete j.violation, /must have required property 'violation'/],
      ['a violated property without its trace file', (j) => delete j.properties[0].traceFile, /\/properties\/0: must have required property 'traceFile'/],
      ['an unknown status', (j) => (j.properties[1].status = 'ok'), /\/properties\/1\/status: must be equal to one of the allowed values/],
      ['a count that is not an integer', (j) => (j.stats.distinctStates = 1.5), /\/stats\/distinctStates: must be integer/],
      ['suite totals as the stats of a one-configuration report', (j) => (j.stats = { distinctStates: 1, transitions: 1, seconds: 0 }), /\/stats: must have required property 'maxDepth'/],
    ];
    for (const [what, edit, message] of broken) {
      const j = structuredClone(good);
      edit(j);
      expect(validateJsonOutput('check', j).join('\n'), what).toMatch(message);
    }
    // Fields may be added anywhere (forward compatibility).
    const added = structuredClone(good);
    added.someLaterField = { x: 1 };
    added.properties[0].someLaterField = true;
    added.stats.someLaterField = 2;
    expect(validateJsonOutput('check', added)).toEqual([]);
    expect(validateJsonOutput('replay', { schemaVersion: JSON_SCHEMA_VERSION, result: 'invalid', steps: 0, exitCode: 2 }).join('\n')).toMatch(/required property 'errors'/);
    // (1.2.0) merge's stats.shards.sources: a flag it knows and a hex SHA-256.
    const merged = JSON.parse((await cli(['merge', shardFile('pass', 1), shardFile('pass', 2), '--json', '--out', join(tmp, 'neg')])).stdout);
    expect(validateJsonOutput('merge', merged)).toEqual([]);
    merged.stats.shards.sources[0].sha256 = 'abc';
    expect(validateJsonOutput('merge', merged).join('\n')).toMatch(/\/stats\/shards\/sources\/0\/sha256: must match pattern/);
    merged.stats.shards.sources = [{ flag: 'plugin', file: 'x', sha256: '0'.repeat(64) }];
    expect(validateJsonOutput('merge', merged).join('\n')).toMatch(/\/stats\/shards\/sources\/0\/flag: must be equal to one of the allowed values/);
    // (1.3.0) measure's and compare's per-mechanism notes: strings.
    const measured = JSON.parse((await cli(['measure', '--mechanisms', 'lww', '--runs', '2', '--duration', '2s', '--json'])).stdout);
    expect(validateJsonOutput('measure', measured)).toEqual([]);
    measured.results[0].notes = [3];
    expect(validateJsonOutput('measure', measured).join('\n')).toMatch(/\/results\/0\/notes\/0: must be string/);
    expect(validateJsonOutput('compare', { schemaVersion: JSON_SCHEMA_VERSION, config: 'tiny', mechanisms: ['lww'], timedCosts: { skipped: [], config: 'tiny', seed: 1, durationMs: 1, mechanisms: ['lww'], results: [{ ...measured.results[0], notes: 'x' }] } }).join('\n')).toMatch(/\/timedCosts\/results\/0\/notes: must be array/);
    expect(validateJsonOutput('replay', { schemaVersion: JSON_SCHEMA_VERSION, result: 'diverged', steps: 3, exitCode: 0, divergence: { step: 1, label: 'x', field: 'action', trace: 1, engine: 2 } }).join('\n')).toMatch(/\/exitCode: must be equal to constant/);
  });
});
