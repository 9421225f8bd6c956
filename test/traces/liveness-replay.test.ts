// Replaying liveness (alwaysReachable) counterexamples proves the claim in the reference engine:
// a counterexample of a broken MODEL (no reconnect) does not reproduce, the engine names the
// completing steps out; one of a broken MECHANISM (lamport's stability rule waiting for a
// writer that never writes) reproduces, from the last step or from a crafted `doomedAt`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/in-process.ts';
import { wireReplication } from '../../bin/wiring.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-liveness-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => wireReplication());

/** Runs `replcheck argv` in this process (version 0). */
function cli(argv: string[]) {
  return runInProcess(argv, { version: '0' });
}

function traceIn(dir: string): string {
  return join(dir, readdirSync(dir).find((f) => f.endsWith('.trace.json'))!);
}

describe('replay of liveness counterexamples', () => {
  it('a broken model\'s counterexample does not reproduce: the engine reconnects and settles (exit 1)', async () => {
    const out = join(tmp, 'model');
    const found = await cli(['check', '--model', 'test/fixtures/models/no-reconnect.ts', '--config', 'test/fixtures/liveness/one-host.json',
      '--property', 'eventual-consistency:reachable', '--out', out]);
    expect(found.code).toBe(1);
    const r = await cli(['replay', traceIn(out)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not doomed: from step 1 the engine reaches a goal state .* by completing steps: reconnect mh1/);
    const json = JSON.parse((await cli(['replay', traceIn(out), '--json'])).stdout);
    expect(json).toMatchObject({ result: 'diverged', verdict: { engine: 'holds' }, reference: { engine: 'holds' }, liveness: { escape: { path: ['reconnect mh1'] } } });
  }, 120_000);

  it('a broken mechanism\'s counterexample reproduces: no completing step orders the held-back update (exit 0)', async () => {
    const out = join(tmp, 'mechanism');
    const found = await cli(['simulate', '--config', 'test/fixtures/mechanisms/peer-pair.json', '--mechanism', 'lamport',
      '--property', 'eventual-consistency:reachable', '--seed', '1', '--out', out]);
    expect(found.code).toBe(1);
    const file = traceIn(out);
    const r = await cli(['replay', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the judges agree: property library violated; reference judge violated/);
    expect(r.stdout).toMatch(/doomed: from step \d+ no goal state is reachable by completing steps/);
    // The claim from an earlier step (right after the write): more states to explore, still doomed.
    const t = JSON.parse(readFileSync(file, 'utf8'));
    const early = join(tmp, 'early.trace.json');
    writeFileSync(early, JSON.stringify({ ...t, doomedAt: 1 }));
    const e = JSON.parse((await cli(['replay', early, '--json'])).stdout);
    expect(e).toMatchObject({ result: 'reproduced', liveness: { doomedAt: 1, exhausted: true } });
    expect(e.liveness.states).toBeGreaterThan(5);
    // From the initial state (nothing written yet, already settled) the claim is false.
    const initial = join(tmp, 'initial.trace.json');
    writeFileSync(initial, JSON.stringify({ ...t, doomedAt: 0 }));
    const i = await cli(['replay', initial]);
    expect(i.code).toBe(1);
    expect(i.stdout).toMatch(/not doomed: from step 0 .*the goal already holds there/);
  }, 120_000);

  it('check\'s counterexample (stem to the doomed state, then the drain continuation) reproduces from doomedAt', async () => {
    const out = join(tmp, 'check');
    const found = await cli(['check', '--config', 'test/fixtures/mechanisms/peer-pair.json', '--mechanism', 'lamport',
      '--property', 'eventual-consistency:reachable', '--out', out]);
    expect(found.code).toBe(1);
    const t = JSON.parse(readFileSync(traceIn(out), 'utf8'));
    expect(t.doomedAt).toBeLessThan(t.steps.length - 1);
    const r = JSON.parse((await cli(['replay', traceIn(out), '--json'])).stdout);
    expect(r).toMatchObject({ result: 'reproduced', verdict: { engine: 'violated' }, reference: { engine: 'violated' }, liveness: { doomedAt: t.doomedAt, exhausted: true } });
  }, 120_000);

  it('a plugin mechanism that waits for a silent writer: its liveness counterexample reproduces through the plugin adapter', async () => {
    const out = join(tmp, 'plugin');
    const found = await cli(['check', '--config', 'test/fixtures/mechanisms/peer-pair.json', '--mechanism', 'test/fixtures/mechanisms/wait-for-all.ts',
      '--property', 'eventual-consistency:reachable', '--out', out]);
    expect(found.code).toBe(1);
    const r = await cli(['replay', traceIn(out)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the judges agree: property library violated; reference judge violated/);
    expect(r.stdout).toMatch(/doomed: from step 1 no goal state is reachable by completing steps .*states explored, all of them/);
  }, 120_000);
});
