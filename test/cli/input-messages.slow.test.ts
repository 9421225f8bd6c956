// (Stop 28) Bad-input messages a sweep of user mistakes found wanting: a config file saved with a
// byte-order mark is read (it is valid JSON to the user's editor), `compare --mechanisms` names
// the flag the user wrote, and a mechanism plugin whose default export is a class reads
// "is not an object", not "has is not an object". (Also stop 28) A --checkpoint or --out
// directory that cannot be made is bad input named on one line before the run (under /proc,
// Node's recursive mkdir looped forever at full CPU, deaf to SIGTERM: the child is SIGKILLed
// after 60 s if that comes back).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-input-messages-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 120_000;

describe('bad-input messages', () => {
  it('reads a config file that starts with a byte-order mark', async () => {
    const file = join(tmp, 'bom.json');
    writeFileSync(file, `\uFEFF${readFileSync('test/fixtures/mechanisms/fifo-move.json', 'utf8')}`);
    const r = await runInProcess(['check', '--config', file, '--max-states', '200', '--json', '--out', tmp]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).stats.distinctStates).toBe(200);
  }, TIMEOUT);

  it('(sweep 30e) a binary file given as a config or a trace: the message shows no raw control bytes', async () => {
    const file = join(tmp, 'binary.json');
    writeFileSync(file, Buffer.from([0x20, 0x3b, 0x01, 0x02, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0x07, 0x41]));
    for (const argv of [['check', '--config', file, '--out', tmp], ['replay', file]]) {
      const r = await runInProcess(argv);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(/JSON/);
      expect(r.stderr.trimEnd()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/);
    }
  }, TIMEOUT);

  it('compare --mechanisms with an unknown name names --mechanisms and the name', async () => {
    const r = await runInProcess(['compare', '--config', 'small', '--mechanisms', 'hierarchical,zzz', '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: --mechanisms \(zzz\): must be one of hierarchical, .* or a module file \(got "zzz"\)\n$/);
  }, TIMEOUT);

  it('a plugin whose default export is a class: "the default export is not an object"', async () => {
    const file = join(tmp, 'class-plugin.mjs');
    writeFileSync(file, 'export default class Mine {}\n');
    const r = await runInProcess(['check', '--config', 'small', '--mechanism', file, '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: the default export is not an object \(got function\) \(an OrderingMechanism needs/);
  }, TIMEOUT);

  it('a --checkpoint directory that cannot be made: exit 2, one line, before the run (check and simulate)', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'not a directory\n');
    const cases: [string[], RegExp][] = [
      [['check', '--config', 'small', '--checkpoint', join(file, 'sub')], /^replcheck: --checkpoint .*a-file\/sub: .*a-file is a file, not a directory; choose a directory\n$/],
      [['simulate', '--config', 'small', '--runs', '300', '--checkpoint', join(file, 'sub')], /^replcheck: --checkpoint .*a-file\/sub: .*a-file is a file, not a directory/],
    ];
    if (existsSync('/proc/self')) {
      cases.push([['check', '--config', 'small', '--checkpoint', '/proc/replcheck-nope', '--checkpoint-every', '0.1'], /^replcheck: --checkpoint \/proc\/replcheck-nope: cannot create \/proc\/replcheck-nope/]);
    }
    for (const [argv, line] of cases) {
      const r = spawnSync(process.execPath, ['bin/replcheck.js', ...argv, '--out', tmp], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, REPLCHECK_WORKERS: '1' } });
      expect(r.status, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(line);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  }, TIMEOUT);

  it('create() returning null names the file and what it returned; a model without a name takes its module\'s', async () => {
    const bad = join(tmp, 'create-null.mjs');
    writeFileSync(bad, "export default { name: 'nulls', create: () => null };\n");
    const r = await runInProcess(['check', '--model', bad, '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: model module nulls \(.*create-null\.mjs\): create\(\) did not return \{ model, properties, meta \} \(it returned null\)\n$/);
    const unnamed = join(tmp, 'unnamed.mjs');
    writeFileSync(unnamed, `export default { name: 'unnamed-module', create: () => ({ meta: {}, properties: [],
  model: { init: () => [0], actions: (n) => (n < 2 ? [1] : []), next: (n) => n + 1, encode: (n, out) => out.word(n) } }) };\n`);
    const ok = await runInProcess(['check', '--model', unnamed, '--json', '--out', tmp]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).model).toBe('unnamed-module');
  }, TIMEOUT);

  it('show --out into a missing directory, and measure --threads past 256: one line, exit 2', async () => {
    const r = await runInProcess(['show', 'test/fixtures/traces/hierarchical-join.trace.json', '--format', 'html', '--out', join(tmp, 'no-such-dir', 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: show --out .*x\.html: cannot write it \(ENOENT\): its directory does not exist/);
    const m = await runInProcess(['measure', '--threads', '1000', '--runs', '1', '--duration', '1s']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/^replcheck: --threads must be at most 256 \(got 1000\)/);
  }, TIMEOUT);
  it('(stop 29) a misspelt plugin member is refused, naming it and the member meant; a helper is allowed', async () => {
    const body = (extra: string) => `export default {
  name: 'typo', description: 'test', totalOrder: true, ${extra}
  stamp: () => [], release: (_c, _s, _n, l) => l.slice(), commit: (_c, _s, l) => l.slice(),
  arrange: (_c, _u, _n, o) => o.slice(), peer: () => [],
};\n`;
    for (const [member, meant] of [["promise: ['causal-order'],", 'promises'], ['mayUpdte: () => false,', 'mayUpdate'], ['Symmetric: false,', 'symmetric']]) {
      const file = join(tmp, `typo-${meant}.mjs`);
      writeFileSync(file, body(member));
      const r = await runInProcess(['check', '--config', 'tiny', '--mechanism', file, '--out', tmp]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const name = member.split(':')[0];
      expect(r.stderr).toMatch(new RegExp(`^replcheck: mechanism plugin .*typo-${meant}\\.mjs: unknown member '${name}' \\(did you mean '${meant}'\\?.*\\)\\n$`));
    }
    const helper = join(tmp, 'helper.mjs');
    writeFileSync(helper, body('sortIds: (l) => l.slice().sort(), foo: 1,'));
    const ok = await runInProcess(['check', '--config', 'tiny', '--mechanism', helper, '--out', tmp]);
    expect(ok.stderr).not.toMatch(/unknown member/);
    expect(ok.code, ok.stderr).not.toBe(2);
  }, TIMEOUT);

  it('(stop 29) a model file whose model or target has a misspelt member (isfair, canonicle, promissed) is refused, exit 2', async () => {
    const model = (target: string, extra: string) => `export default { name: 'typos', create: () => ({ meta: {}, properties: [], ${target}
  model: { init: () => [0], actions: (n) => (n < 2 ? [1] : []), next: (n) => n + 1, encode: (n, out) => out.word(n), ${extra} } }) };\n`;
    const cases: [string, string, string, string][] = [
      ['', 'isfair: () => true,', 'isfair', 'isFair'], ['', 'canonicle: (s) => s,', 'canonicle', 'canonical'], ["promissed: ['x'],", '', 'promissed', 'promised'],
    ];
    for (const [target, extra, name, meant] of cases) {
      const file = join(tmp, `model-${name}.mjs`);
      writeFileSync(file, model(target, extra));
      const r = await runInProcess(['check', '--model', file, '--out', tmp]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^replcheck: model typos \\(.*model-${name}\\.mjs\\) broke its contract: create\\(\\) returned .* with the unknown member '${name}' \\(did you mean '${meant}'\\?`));
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    const file = join(tmp, 'model-helper.mjs');
    writeFileSync(file, model('', 'limit: 2, bump: (n) => n + 1,'));
    const ok = await runInProcess(['check', '--model', file, '--out', tmp]);
    expect(ok.code, ok.stderr).toBe(0);
  }, TIMEOUT);
  it('(stop 29) a default export that is a plain Model, or a { model, properties } pair, gets the precise fix (wrap it in { name, create })', async () => {
    const model = join(tmp, 'plain-model.mjs');
    writeFileSync(model, "export default { name: 'plain', init: () => [0], actions: () => [], next: (s) => s, encode: (s, o) => o.word(s) };\n");
    const r = await runInProcess(['check', '--model', model, '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: .*plain-model\.mjs does not export a model module .*; the export is a Model \(init, actions, next\), not a model module: wrap it as export default \{ name: 'plain', create: \(\) => \(\{ model: theModel, properties: .*, meta: \{\} \}\) \}\n$/);
    const pair = join(tmp, 'pair.mjs');
    writeFileSync(pair, 'export default { model: { init: () => [0], actions: () => [], next: (s) => s, encode: (s, o) => o.word(s) }, properties: [] };\n');
    const p = await runInProcess(['check', '--model', pair, '--out', tmp]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/; the export is a \{ model, properties \} pair, not a model module: wrap it as export default \{ name: 'mine', create: \(\) => \(\{ model: pair\.model, properties: pair\.properties, meta: \{\} \}\) \}\n$/);
  }, TIMEOUT);
  it('(stop 29) actions() returning a Set is shown as one, not as {}', async () => {
    const file = join(tmp, 'actions-set.mjs');
    writeFileSync(file, "export default { name: 'aset', create: () => ({ meta: {}, properties: [], model: { name: 'aset', init: () => [0], actions: () => new Set(['inc']), next: (s) => s + 1, encode: (s, o) => o.word(s) } }) };\n");
    const r = await runInProcess(['check', '--model', file, '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broke its contract: actions \(.*\) returned Set\(1\) \{"inc"\}, not an array of actions\n$/);
  }, TIMEOUT);
});
