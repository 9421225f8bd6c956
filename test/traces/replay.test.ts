// `replay` and `show` through the CLI's command table (runCli in-process, the reference engine
// registered as bin/main.ts will register it): exit 0 reproduced, 1 diverged naming the step and
// field, 2 invalid (truncated, schema errors, unsupported mechanism); ITF in and out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/in-process.ts';
import { toItf } from '../../traces/itf.ts';
import { wireReplication } from '../../bin/wiring.ts';
import { JSON_SCHEMA_VERSION } from '../../src/cli/schema-version.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'traces');
const LIFE = join(fixtures, 'hierarchical-life.trace.json');
const JOIN = join(fixtures, 'hierarchical-join.trace.json');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => wireReplication());

/** Runs `replcheck argv` in this process (version 0). */
function cli(argv: string[]) {
  return runInProcess(argv, { version: '0' });
}
/** Writes a variant of a fixture and returns its path. */
function variant(src: string, name: string, edit: (t: any) => void): string {
  const t = JSON.parse(readFileSync(src, 'utf8'));
  edit(t);
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(t));
  return file;
}

describe('replay', () => {
  it('reproduces the hand-written traces, verdict included (exit 0)', async () => {
    for (const f of [LIFE, JOIN]) {
      const r = await cli(['replay', f]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^reproduced: \d+ steps; always [a-z-]+: holds in the engine, as in the trace\n  (the judges agree|one judge only): property library holds; reference judge (holds|not judged .*)\n$/);
    }
  });

  it('--json prints one object', async () => {
    const r = await cli(['replay', LIFE, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({
      schemaVersion: JSON_SCHEMA_VERSION, result: 'reproduced', steps: 31,
      verdict: { property: 'eventual-consistency', kind: 'always', trace: 'holds', engine: 'holds' },
      reference: { property: 'eventual-consistency', kind: 'always', engine: 'holds' },
      exitCode: 0,
    });
  });

  it('one changed value: exit 1 at that step, naming the field and both values', async () => {
    const f = variant(LIFE, 'changed.json', (t) => (t.steps[18].state.nodes[0].committed = 2));
    const r = await cli(['replay', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('diverged: step 18 (ms assigns gid 1 [mh1#1]): nodes[0].committed: trace 2 engine 1\n');
    const j = JSON.parse((await cli(['replay', f, '--json'])).stdout);
    expect(j).toEqual({ schemaVersion: JSON_SCHEMA_VERSION, result: 'diverged', steps: 18, divergence: { step: 18, label: 'ms assigns gid 1 [mh1#1]', field: 'nodes[0].committed', trace: 2, engine: 1 }, exitCode: 1 });
  });

  it('an action the engine cannot take: exit 1 with its refusal', async () => {
    const f = variant(LIFE, 'refused.json', (t) => (t.steps[4].action.instance = 'mh1/9'));
    const r = await cli(['replay', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('diverged: step 4 (migrate mh1/1 fails): the engine refused: migrate mh1/9 (fails): no such instance mh1/9 (from mh1)\n');
  });

  it('a verdict the engine does not reach: exit 1 on the verdict', async () => {
    const f = variant(JOIN, 'verdict.json', (t) => (t.verdict = 'violated'));
    const r = await cli(['replay', f, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).divergence).toMatchObject({ step: 17, field: 'verdict', trace: 'violated', engine: 'holds' });
  });

  it('a truncated file: exit 2, one line', async () => {
    const text = readFileSync(LIFE, 'utf8');
    const f = join(tmp, 'truncated.json');
    writeFileSync(f, text.slice(0, Math.floor(text.length / 2)));
    const r = await cli(['replay', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/truncated JSON/);
  });

  it('schema errors: exit 2, one line per error with its JSON path', async () => {
    const f = variant(LIFE, 'invalid.json', (t) => {
      t.steps[3].state.nodes[1].agent = 'dozing';
      delete t.steps[5].state.nextGid;
    });
    const r = await cli(['replay', f, '--json']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout);
    expect(j.result).toBe('invalid');
    expect(j.errors).toContainEqual(expect.stringMatching(/^steps\[3\]\.state\.nodes\[1\]\.agent: must be one of/));
    expect(j.errors).toContain('steps[5].state.nextGid: is required');
  });

  it('a mechanism the engine does not implement: exit 2, not supported', async () => {
    const f = variant(LIFE, 'plugin.json', (t) => (t.mechanism = './my-mechanism.ts'));
    const r = await cli(['replay', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mechanism '\.\/my-mechanism\.ts' is not supported by the reference engine/);
  });

  it('replays the ITF form (.itf.json) as well', async () => {
    const file = join(tmp, 'life.itf.json');
    writeFileSync(file, JSON.stringify(toItf(JSON.parse(readFileSync(LIFE, 'utf8')))));
    const r = await cli(['replay', file]);
    expect(r.code).toBe(0);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['replay'])).code).toBe(2);
    expect((await cli(['replay', LIFE, '--fast'])).stderr).toMatch(/unknown option --fast/);
    expect((await cli(['replay', join(tmp, 'missing.json')])).stderr).toMatch(/cannot read .*ENOENT/);
    // (Stop 29) No stray JSON path (`$:`) before a file that cannot be read, in replay and show.
    expect((await cli(['replay', join(tmp, 'missing.json')])).stderr).toMatch(/missing\.json: cannot read /);
    expect((await cli(['show', join(tmp, 'missing.json')])).stderr).toMatch(/^\S*missing\.json: cannot read \S*missing\.json: ENOENT\n$/);
  });
});

describe('show', () => {
  it('--format itf prints ITF that imports back to the same trace', async () => {
    const r = await cli(['show', LIFE, '--format', 'itf']);
    expect(r.code).toBe(0);
    const itf = JSON.parse(r.stdout);
    expect(itf['#meta'].format).toBe('ITF');
    expect(itf.states).toHaveLength(31);
    const out = join(tmp, 'out.itf.json');
    expect((await cli(['show', LIFE, '--format', 'itf', '--out', out])).stdout).toBe('');
    const back = await cli(['show', out, '--format', 'json']);
    expect(JSON.parse(back.stdout)).toEqual(JSON.parse(readFileSync(LIFE, 'utf8')));
  });
  it('prints a summary by default', async () => {
    const r = await cli(['show', JOIN]);
    expect(r.stdout).toMatch(/^initial-replication \(always\): holds\n/);
    expect(r.stdout).toMatch(/\n +8 +mh2 joins c1 selecting \[o, r\]/);
  });
  it('rejects an unknown format', async () => {
    const r = await cli(['show', JOIN, '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of text, .*itf/);
  });
});
