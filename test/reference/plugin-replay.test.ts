// Plugin mechanisms in the reference engine: the adapter makes the engine ask the plugin for its
// ordering decisions (walked side by side with the model on the same plugin), `check` records the
// plugin's file and hash in the trace, `replay` loads it and reproduces with both judges agreeing,
// and refuses (exit 2, one line) a plugin that changed or went missing; a plugin may not take a
// built-in mechanism's name.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { pluginHooks, wireReplication } from '../../bin/wiring.ts';
import { createReplicationModel } from '../../model/replication.ts';
import type { OrderingMechanism } from '../../model/mechanism.ts';
import { engineEnabled, ReferenceEngine, replicationReferenceWith } from '../../reference/index.ts';
import { replayTrace } from '../../traces/replay.ts';
import { pluginPolicy } from '../../reference/mechanisms/plugin-adapter.ts';
import { prng } from '../../reference/scheduler.ts';
import { fileDigest } from '../../traces/plugin.ts';
import { verdictLines } from '../../traces/replay-text.ts';
import { firstDifference, jsonPath } from '../../traces/jsonpath.ts';
import type { ResolvedConfig } from '../../traces/replication.ts';
import cellArrival from '../fixtures/mechanisms/cell-arrival.ts';
import cellCausal from '../../examples/my-ordering.ts';
import { configFor } from './differential.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const FIXTURE = join(repo, 'test', 'fixtures', 'mechanisms', 'cell-arrival.ts');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-plugin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => wireReplication());

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = { cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: '0', env: {}, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
  const code = await runCli(argv, ctx);
  return { code, stdout, stderr };
}

/** A copy of the fixture plugin in the temporary directory (imports made absolute), optionally edited. */
function pluginCopy(name: string, edit: (src: string) => string = (s) => s): string {
  const src = readFileSync(FIXTURE, 'utf8').replaceAll("'../../../model/", `'${join(repo, 'model')}/`);
  const file = join(tmp, name);
  writeFileSync(file, edit(src));
  return file;
}

/** Engine-driven random walk with the plugin on both sides: same enabled actions, same views. */
function walkBothWays(config: ResolvedConfig, plugin: OrderingMechanism, seed: number, steps: number): string {
  const model = createReplicationModel(config, plugin, { symmetry: false });
  const engine = new ReferenceEngine(config, pluginPolicy(plugin, pluginHooks.context(config)));
  const rand = prng(seed);
  const key = (a: unknown) => JSON.stringify(a);
  let s = model.init()[0];
  for (let k = 1; k <= steps; k++) {
    const mine = engineEnabled(engine);
    const theirs = new Map(model.actions(s).map((a) => [key(model.actionToJson(a)), a]));
    const extra = mine.filter((a) => !theirs.has(key(a)));
    if (extra.length || theirs.size !== mine.length) return `step ${k}: enabled sets differ (engine-only ${extra.map(key).join(' ')})`;
    if (!mine.length) return `ended after ${k - 1} steps`;
    const a = mine[Math.floor(rand() * mine.length)];
    const refusal = engine.apply(a);
    if (refusal) return `step ${k}: ${refusal}`;
    s = model.next(s, theirs.get(key(a))!)!;
    const d = firstDifference(s, engine.view());
    if (d) return `step ${k} ${key(a)}: ${jsonPath(d.path)}`;
  }
  return `ended after ${steps} steps`;
}

describe('plugin mechanisms in the reference engine', () => {
  it('the adapter runs a plugin exactly as the model does (both fixture plugins, random walks)', () => {
    for (const plugin of [cellArrival, cellCausal]) {
      for (const seed of [1, 2, 3]) expect(walkBothWays(configFor('small'), plugin, seed, 60)).toMatch(/^ended after (1\d|[2-9]\d)/);
    }
  }, 120_000);

  it('check records the plugin; replay reproduces with both judges agreeing (exit 0)', async () => {
    const out = join(tmp, 'found');
    const r = await cli(['check', '--config', 'small', '--mechanism', 'test/fixtures/mechanisms/cell-arrival.ts', '--property', 'causal-order', '--out', out]);
    expect(r.code).toBe(1);
    const file = join(out, readdirSync(out).find((f) => f.endsWith('.trace.json'))!);
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    expect(trace.mechanism).toBe('cell-arrival');
    expect(trace.mechanismPlugin).toEqual({ file: 'test/fixtures/mechanisms/cell-arrival.ts', sha256: fileDigest(FIXTURE) });
    const rep = await cli(['replay', file]);
    expect(rep.code).toBe(0);
    expect(rep.stdout).toMatch(/reproduced: \d+ steps; always causal-order: violated in the engine, as in the trace/);
    expect(rep.stdout).toMatch(/the judges agree: property library violated; reference judge violated/);
    expect(rep.stdout).toContain(`plugin mechanism test/fixtures/mechanisms/cell-arrival.ts (sha256 ${fileDigest(FIXTURE).slice(0, 12)}..., as recorded)`);
  }, 120_000);

  it('a plugin changed or missing since the trace was written is refused (exit 2, one line)', async () => {
    const plugin = pluginCopy('mine.ts');
    const out = join(tmp, 'changed');
    expect((await cli(['check', '--config', 'small', '--mechanism', plugin, '--property', 'causal-order', '--out', out])).code).toBe(1);
    const file = join(out, readdirSync(out).find((f) => f.endsWith('.trace.json'))!);
    expect((await cli(['replay', file])).code).toBe(0);
    writeFileSync(plugin, readFileSync(plugin, 'utf8') + '\n// edited after the run\n');
    const changed = await cli(['replay', file]);
    expect(changed.code).toBe(2);
    expect(changed.stderr.trim().split('\n')).toHaveLength(1);
    expect(changed.stderr).toMatch(/mechanismPlugin\.sha256: plugin .*mine\.ts has changed since the trace was written/);
    rmSync(plugin);
    const missing = await cli(['replay', file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/mechanismPlugin\.file: plugin .*mine\.ts not found/);
  }, 120_000);

  // (Sweep 31c) Only the entry file was hashed: a helper edited after the run replayed as "diverged".
  it('a local module the plugin imports, changed since the trace was written, is refused too (exit 2 naming it)', async () => {
    writeFileSync(join(tmp, 'helper.ts'), 'export const inArrivalOrder = (c: readonly number[]): number[] => c.slice();\n');
    const plugin = pluginCopy('with-helper.ts', (src) => `import { inArrivalOrder } from './helper.ts';\n${src}`
      .replace('release: (_ctx, _s, _server, collected) => collected.slice(),', 'release: (_ctx, _s, _server, collected) => inArrivalOrder(collected),'));
    expect(readFileSync(plugin, 'utf8')).toContain('inArrivalOrder(collected)');
    const out = join(tmp, 'helper');
    expect((await cli(['check', '--config', 'small', '--mechanism', plugin, '--property', 'causal-order', '--out', out])).code).toBe(1);
    const file = join(out, readdirSync(out).find((f) => f.endsWith('.trace.json'))!);
    expect(JSON.parse(readFileSync(file, 'utf8')).mechanismPlugin.sha256).not.toBe(fileDigest(plugin));
    expect((await cli(['replay', file])).code).toBe(0);
    writeFileSync(join(tmp, 'helper.ts'), 'export const inArrivalOrder = (c: readonly number[]): number[] => [...c].reverse();\n');
    const changed = await cli(['replay', file]);
    expect(changed.code, changed.stdout).toBe(2);
    expect(changed.stderr.trim().split('\n')).toHaveLength(1);
    expect(changed.stderr).toMatch(/mechanismPlugin\.sha256: plugin .*with-helper\.ts or a local module it imports \(helper\.ts\) has changed since the trace was written/);
    // (Sweep 31d) A helper deleted since is named, not the unchanged plugin file blamed.
    rmSync(join(tmp, 'helper.ts'));
    const gone = await cli(['replay', file]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/with-helper\.ts \(a local module it imports is missing: \.\/helper\.ts in with-helper\.ts\) has changed since the trace was written/);
  }, 120_000);

  // (Sweep 31d) A helper loaded by an #imports alias or a computed import() escapes the digest: a divergence says so.
  it('a diverged plugin replay says what the recorded digest covers; a reproduced one does not', () => {
    const plugin = { file: 'p.ts', sha256: '0'.repeat(64) };
    const diverged = verdictLines({ result: 'diverged', steps: 3, plugin }).join('\n');
    expect(diverged).toMatch(/the recorded digest covers the plugin file and the local modules it imports by relative or absolute path; if it loads others \(a package\.json #imports alias, a computed import\(\), a package\)/);
    expect(verdictLines({ result: 'reproduced', steps: 3, plugin }).join('\n')).not.toMatch(/recorded digest covers/);
  });

  it('a plugin may not take a built-in mechanism\'s name (exit 2 naming the file and the name)', async () => {
    const plugin = pluginCopy('impostor.ts', (s) => s.replace("name: 'cell-arrival'", "name: 'hierarchical'"));
    const r = await cli(['check', '--config', 'tiny', '--mechanism', plugin]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`--mechanism ${plugin}: the plugin is named 'hierarchical', a built-in mechanism's name`);
  }, 120_000);

  it('a plugin decision that breaks the contract is bad input naming the plugin, not a divergence', async () => {
    const out = join(tmp, 'contract');
    expect((await cli(['check', '--config', 'small', '--mechanism', 'test/fixtures/mechanisms/cell-arrival.ts', '--property', 'causal-order', '--out', out])).code).toBe(1);
    const trace = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.trace.json'))!), 'utf8'));
    const lossy = { ...cellArrival, arrange: (_c: unknown, _u: unknown, _n: number, order: readonly number[]) => order.slice(1) };
    const factory = { ...replicationReferenceWith(pluginHooks) };
    expect(() => replayTrace(trace, factory, { file: 'lossy.ts', module: { default: lossy } }))
      .toThrow(/plugin mechanism 'cell-arrival': arrange returned \[\] for \[0\], not a permutation of it/);
  }, 120_000);

  it('an engine without plugin hooks still says why it cannot replay a plugin trace', async () => {
    const { replicationReference } = await import('../../reference/index.ts');
    expect(replicationReference.unsupported({ model: 'replication', mechanism: 'cell-arrival' })).toMatch(/not supported .* mechanismPlugin/);
  });
});
