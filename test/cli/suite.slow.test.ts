// The default suite (issue 11): `check` without --config checks every configuration of the
// replication model's suite exhaustively, prints one property x configuration table and fails
// when a property is vacuous across the whole suite; a mechanism is judged by its promises.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUITE } from '../../model/presets.ts';
import { wireReplication } from '../../bin/wiring.ts';
import { runInProcess } from './in-process.ts';

wireReplication();
const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-suite-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (argv: string[]) => runInProcess([...argv, '--out', tmp]);

interface Row { property: string; results: Record<string, string>; exercisedBy: string | null; promised?: boolean }

describe('the default suite', () => {
  it('exercises every property of the library (none vacuous across the suite) and passes', async () => {
    const r = await cli(['check', '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(json.result).toBe('pass');
    expect(json.suite.configs).toEqual([...DEFAULT_SUITE]);
    const table = json.suite.table as Row[];
    expect(table.length).toBeGreaterThanOrEqual(26);
    const vacuous = table.filter((row) => row.exercisedBy === null).map((row) => row.property);
    expect(vacuous).toEqual([]);
    // Each configuration does real work, and strong-convergence is reported, not promised.
    for (const run of json.suite.runs) expect(run.stats.distinctStates).toBeGreaterThan(100);
    expect(table.find((row) => row.property === 'strong-convergence')?.promised).toBe(false);
    expect(table.find((row) => row.property === 'fifo-order')?.exercisedBy).toBe('fifo-move');
    // The fault properties (issue 12) exist only with a fault model: crash-durable exercises each.
    for (const name of ['durability', 'durability:eventually', 'no-duplicate-after-recovery', 'checkpoint-consistency', 'recovery-ca']) {
      expect(table.find((row) => row.property === name)?.exercisedBy, name).toBe('crash-durable');
    }
  }, 600_000);

  it('shows sequencer without the FIFO hold-back violating fifo-order, and exits 1', async () => {
    const r = await cli(['check', '--mechanism', 'sequencer', '--knob', 'fifoHoldBack=false', '--property', 'fifo-order']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/property x configuration/);
    expect(r.stdout).toMatch(/fifo-order +VIOLATED/);
    expect(r.stdout).toMatch(/violation of fifo-order on fifo-move/);
    expect(r.stdout).toMatch(/result +VIOLATION \(exit 1\)/);
  }, 600_000);
});

describe('--config still checks one configuration', () => {
  it('reports fifo-order vacuous on small with sequencer and no FIFO hold-back (never a plain holds)', async () => {
    const r = await cli(['check', '--config', 'small', '--mechanism', 'sequencer', '--knob', 'fifoHoldBack=false', '--property', 'fifo-order', '--json']);
    const json = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(json.suite).toBeUndefined();
    expect(json.properties[0]).toMatchObject({ name: 'fifo-order', status: 'holds', vacuous: true, witnesses: 0 });
  }, 300_000);
});

describe('promises', () => {
  const PAIR = 'test/fixtures/mechanisms/peer-pair.json';
  it('reports a property the mechanism does not promise as not promised: violated, and the run passes', async () => {
    const r = await cli(['check', '--config', PAIR, '--property', 'strong-convergence,causal-order', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.properties.find((p: { name: string }) => p.name === 'strong-convergence')).toMatchObject({ status: 'violated', promised: false });
    expect(json.properties.find((p: { name: string }) => p.name === 'causal-order').promised).toBeUndefined();
    expect(json.result).toBe('pass');
    expect(json.violation).toBeUndefined();
    expect(r.code).toBe(0);
    const text = await cli(['check', '--config', PAIR, '--property', 'strong-convergence']);
    expect(text.stdout).toMatch(/VIOLATED +strong-convergence +always +\(not promised\)/);
    expect(text.code).toBe(0);
  }, 300_000);

  it('compare shows strong-convergence violated for hierarchical (not promised) and holding for bayou', async () => {
    const r = await cli(['compare', '--config', PAIR, '--mechanisms', 'hierarchical,bayou', '--property', 'strong-convergence', '--json']);
    expect(r.code).toBe(0);
    // The Markdown matrix is written next to the JSON (compare.md).
    expect(readFileSync(join(tmp, 'compare.md'), 'utf8')).toMatch(/\| strong-convergence \| violated \(4\) ° \| holds \|/);
    const json = JSON.parse(r.stdout);
    expect(json.results).toEqual([
      expect.objectContaining({ mechanism: 'hierarchical', property: 'strong-convergence', status: 'violated', promised: false }),
      expect.not.objectContaining({ promised: false }),
    ]);
    expect(json.results[1]).toMatchObject({ mechanism: 'bayou', status: 'holds' });
  }, 300_000);

  it('simulate walks only the promised properties unless they are named, and reports the others as not walked', async () => {
    const r = await cli(['simulate', '--config', PAIR, '--runs', '30', '--json']);
    const json = JSON.parse(r.stdout);
    const sc = json.properties.find((p: { name: string }) => p.name === 'strong-convergence');
    expect(sc).toMatchObject({ status: 'incomplete', promised: false });
    expect(json.properties.find((p: { name: string }) => p.name === 'causal-order').status).toBe('holds');
    expect(json.result).not.toBe('violation');
    const named = JSON.parse((await cli(['simulate', '--config', PAIR, '--runs', '30', '--property', 'strong-convergence', '--json'])).stdout);
    expect(named.properties[0]).toMatchObject({ name: 'strong-convergence', status: 'violated', promised: false });
    expect(named.result).toBe('pass');
  }, 300_000);

  it('fails a plugin that violates a property it promises', async () => {
    const r = await cli(['check', '--config', PAIR, '--mechanism', 'test/fixtures/mechanisms/starve.ts', '--property', 'progress,strong-convergence', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.properties.find((p: { name: string }) => p.name === 'progress').status).toBe('violated');
    expect(json.result).toBe('violation');
    expect(json.violation.property).toBe('progress');
    expect(r.code).toBe(1);
  }, 300_000);
});
