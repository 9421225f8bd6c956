// Issue 10 from the CLI, in-process: liveness counterexamples with their doomed state, drain
// continuation and stuck facts (text, --json, trace, show, HTML); --property families;
// --stop-at-first in check, simulate and compare; the symmetry self-check's warning; a model
// that breaks its contract reported as its fault (exit 2), never as a bug of replcheck.
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shortestViolation } from '../../src/cli/finish.ts';
import type { PropertyResult } from '../../src/engine/result.ts';
import { runInProcess } from './in-process.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-issue10-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (argv: string[]) => runInProcess(argv, { version: '0' });

describe('a liveness counterexample', () => {
  it('has a doomed state, a drain continuation and stuck facts in text, --json, the trace, show and HTML', async () => {
    const out = join(tmp, 'live');
    const args = ['check', '--config', 'publisher', '--mechanism', 'lamport', '--property', 'eventual-consistency:reachable', '--out', out];
    const text = await cli(args);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/<- doomed \(the drain continuation follows\)/);
    expect(text.stdout).toMatch(/stuck at the end:\n  - ms will never commit mh1#1/);
    const json = JSON.parse((await cli([...args, '--json'])).stdout);
    expect(json.violation.doomedAt).toBe(1);
    expect(json.violation.stuck[0]).toMatch(/^ms will never commit/);
    const file = join(out, readdirSync(out).find((f) => f.startsWith('replication-eventual-consistency_reachable-check-') && f.endsWith('.trace.json'))!);
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    expect(trace.doomedAt).toBe(1);
    expect(trace.steps.length - 1).toBe(json.violation.length);
    expect(trace.stuck).toEqual(json.violation.stuck);
    const shown = await cli(['show', file]);
    expect(shown.stdout).toMatch(/doomed at step 1; the steps after it are the drain continuation/);
    expect(shown.stdout).toMatch(/<- doomed: no goal reachable by completing steps from here/);
    expect(shown.stdout).toMatch(/<- end of the drain continuation: eventual-consistency:reachable still fails/);
    const html = readFileSync(file.replace(/\.json$/, '.html'), 'utf8');
    expect(html).toContain('class="step doomed"');
    expect(html).toContain('id="stuck"');
  }, 120_000);
});

describe('--property and --stop-at-first', () => {
  it('a family name selects every member', async () => {
    const r = JSON.parse((await cli(['check', '--config', 'tiny', '--property', 'eventual-consistency', '--json', '--out', join(tmp, 'fam')])).stdout);
    expect(r.properties.map((p: { name: string }) => p.name)).toEqual(['eventual-consistency', 'eventual-consistency:reachable']);
  }, 60_000);

  it('check ends at the first violation, the rest incomplete with the reason, exit 1', async () => {
    // arrival-order promises causal order (a broken hierarchical): the first violation of a promised property ends the run.
    const r = await cli(['check', '--config', 'small', '--mechanism', 'arrival-order', '--stop-at-first', '--json', '--out', join(tmp, 'first')]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.violation).toMatchObject({ property: 'causal-order', length: 15 });
    const promised = j.properties.filter((p: { promised?: boolean }) => p.promised !== false);
    const statuses = promised.map((p: { status: string }) => p.status);
    expect(statuses[0]).toBe('violated');
    expect(statuses.slice(1).every((s: string) => s === 'incomplete')).toBe(true);
    expect(j.properties[1].reason).toMatch(/--stop-at-first ended the run at the first violation \(causal-order\)/);
  }, 120_000);

  it('simulate accepts it (it always ends at its first failing walk)', async () => {
    expect((await cli(['simulate', '--config', 'tiny', '--runs', '5', '--stop-at-first', '--out', join(tmp, 'sim')])).code).toBe(0);
  }, 60_000);

  it('compare skips the mechanisms after the first violation and exits 1', async () => {
    const r = await cli(['compare', '--config', 'small', '--mechanisms', 'lww,hierarchical', '--property', 'causal-order', '--stop-at-first', '--json', '--out', join(tmp, 'cmp')]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const cell = (m: string) => j.results.find((x: { mechanism: string }) => x.mechanism === m);
    expect(cell('lww')).toMatchObject({ status: 'violated', length: 3 });
    expect(cell('hierarchical').status).toBe('incomplete');
    expect(cell('hierarchical').reason).toMatch(/not run: --stop-at-first ended the comparison at the first violation \(lww \/ causal-order\)/);
  }, 120_000);

  it('the --json violation is the shortest one found, ties by property order', () => {
    const v = (name: string, steps: number): PropertyResult<unknown, unknown> =>
      ({ name, kind: 'always', status: 'violated', path: Array.from({ length: steps + 1 }, () => ({ action: null, state: 0 })) });
    expect(shortestViolation([v('a', 5), v('b', 3), v('c', 3)])?.name).toBe('b');
    expect(shortestViolation([{ name: 'x', kind: 'sometimes', status: 'violated' }, v('a', 9)])?.name).toBe('a');
  });
});

describe('symmetry and contract errors', () => {
  it('a plugin that tells hosts apart without symmetric: false is refuted, with one warning line and --json warnings', async () => {
    const args = ['check', '--config', 'small', '--mechanism', './test/fixtures/mechanisms/lww-undeclared.ts', '--property', 'causal-order', '--out', join(tmp, 'sym')];
    const r = await cli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^replcheck: warning: symmetry reduction turned off: mechanism 'lww-undeclared' is not symmetric: its stamp .* \(declare symmetric: false\)\n$/);
    expect(r.stderr).not.toMatch(/internal error/);
    // (Issue 11) The header shows the parameters the run started with; the report says the reduction was turned off.
    expect(r.stdout).toMatch(/^params +symmetry=on$/m);
    expect(r.stdout).toMatch(/^params +symmetry=off \(restarted: mechanism 'lww-undeclared' is not symmetric\)$/m);
    const j = JSON.parse((await cli([...args, '--json'])).stdout);
    expect(j.warnings).toHaveLength(1);
    expect(j.params.symmetry).toBe("off (restarted: mechanism 'lww-undeclared' is not symmetric)");
    expect(j.violation).toMatchObject({ property: 'causal-order', length: 3 });
  }, 120_000);

  it('a next with hidden state (its counterexample would not replay) is the model\'s fault: exit 2, one line', async () => {
    const r = await cli(['check', '--model', 'test/fixtures/broken-model.ts', '--param', 'where=replay', '--out', join(tmp, 'replay')]);
    expect(r.code).toBe(2);
    // (Stop 28) Found when its first successor is computed again, before any counterexample.
    expect(r.stderr).toMatch(/^replcheck: model broken \(test\/fixtures\/broken-model\.ts\) broke its contract: next \(while exploring state 0\) gave a different successor for the same state and action/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('(stop 29) a user model whose property tells symmetric components apart', () => {
  it('turns the reduction off with a warning and reports the violation it hid (exit 1), the target having no meta', async () => {
    const r = await cli(['check', '--model', 'test/fixtures/models/asymmetric-property.ts', '--json', '--out', join(tmp, 'asym')]);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.violation).toMatchObject({ property: 'not-token0-alone', length: 1 });
    expect(j.warnings[0]).toMatch(/^symmetry reduction turned off: property 'not-token0-alone' fails on the state after 'raise\(0\)'/);
    expect(r.stderr).toMatch(/^replcheck: warning: symmetry reduction turned off/);
  });
});
