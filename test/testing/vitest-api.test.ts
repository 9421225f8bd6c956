// replcheck/vitest (src/testing/): expectHolds and the toHold / toBeViolated matchers pass and
// fail as they should; a failure's message has the property, the facts, the numbered steps and
// a paste-back line that, run through the CLI, reproduces the same counterexample; seeds come
// from the test runner.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { runCli } from '../../src/cli/main.ts';
import { check, expectHolds, expectViolation, failureMessage, ReplcheckAssertionError, runnerSeed, seeds, simulate } from '../../src/testing/vitest.ts';
import counter, { counterModel, counterProperties } from '../fixtures/counter.ts';
import { splitCommand } from '../cli/split-command.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-testing-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const COUNTER = 'test/fixtures/counter.ts';

async function cli(argv: string[]) {
  let stdout = '';
  const code = await runCli(argv, { cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: '0', env: {}, stdout: (s) => void (stdout += s), stderr: () => {} });
  return { code, stdout };
}

describe('expectHolds and toHold', () => {
  it('pass on a run where every property holds', async () => {
    const run = await expectHolds(check(counter, { selection: { params: { limit: '100' } }, properties: ['below-limit', 'quiescent'] }));
    expect(run.outcome).toBe('pass');
    expect(run).toHold();
  });

  it('fail with the property, facts, numbered steps and a paste-back line that reproduces it', async () => {
    const run = await simulate(counter, { selection: { params: { limit: '3' } }, properties: ['below-limit'], seed: 5, steps: 20, modelFile: COUNTER });
    const err = await expectHolds(run).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ReplcheckAssertionError);
    const msg = (err as Error).message;
    const violated = run.properties.find((r) => r.status === 'violated')!;
    expect(msg).toContain('below-limit (always) is violated at replica ');
    for (const f of violated.explanation!.facts) expect(msg).toContain(`  - ${f}`);
    expect(msg).toContain(`counterexample (${violated.path!.length - 1} steps):`);
    expect(msg).toMatch(/\n\s+0\. initial state\n\s+1\. inc\(h\d\)/);
    const line = /reproduce: (npx replcheck .*)/.exec(msg)![1];
    expect(line).toMatch(/^npx replcheck simulate --model test\/fixtures\/counter.ts --param limit=3 --property below-limit --steps 20 --seed 5 --path "[\d:]+"$/);
    const again = await cli([...splitCommand(line).slice(2), '--json', '--out', join(tmp, 'repro')]);
    expect(again.code).toBe(1);
    const json = JSON.parse(again.stdout);
    expect(json.violation).toMatchObject({ property: 'below-limit', length: violated.path!.length - 1, facts: violated.explanation!.facts });
    expect(() => expect(run).toHold()).toThrow(msg);
    expect(run).not.toHold();
    expect(run).toBeViolated('below-limit');
    expect(() => expect(run).toBeViolated('quiescent')).toThrow(/expected a violation of quiescent/);
    expect((await expectViolation(run, 'below-limit')).name).toBe('below-limit');
  });

  it('(sweep 30e) puts runs into the paste-back line: a path past run 99 needs --runs on the CLI', async () => {
    const run = await simulate(counter, { selection: { params: { limit: '3' } }, properties: ['below-limit'], seed: 5, steps: 20, runs: 300, modelFile: COUNTER });
    const msg = (await expectHolds(run).then(() => undefined, (e: unknown) => e) as Error).message;
    const line = /reproduce: (npx replcheck .*)/.exec(msg)![1];
    expect(line).toMatch(/^npx replcheck simulate --model test\/fixtures\/counter.ts --param limit=3 --property below-limit --runs 300 --steps 20 --seed 5 --path "[\d:]+"$/);
    const again = await cli([...splitCommand(line).slice(2), '--json', '--out', join(tmp, 'repro-runs')]);
    expect(again.code).toBe(1);
  });

  it('passes knobs on to the model, as --knob does, and into the reproduce line (stop 28: they were dropped, a false pass)', async () => {
    const replication = (await import('../../model/index.ts')).default;
    const run = await check(replication, { selection: { config: 'handoff', knobs: { handoffDedup: 'false' } }, properties: ['handoff'] });
    expect(run.outcome).toBe('violation');
    expect(failureMessage(run)).toContain('--knob handoffDedup=false');
  }, 120_000);

  it('an incomplete run is reported as incomplete, not by a violation the target does not promise (stop 28)', async () => {
    const replication = (await import('../../model/index.ts')).default;
    const run = await check(replication, { selection: { config: 'small' }, maxStates: 1000 });
    expect(run.outcome).toBe('incomplete');
    const text = failureMessage(run);
    expect(text).toMatch(/^replcheck: the run is incomplete \(stopped: max-states\)/);
    expect(text).not.toContain('strong-convergence');
  }, 120_000);

  it('fail on an incomplete run: a limit is not a pass', async () => {
    const run = await check(counter, { selection: { params: { limit: '100' } }, maxStates: 3 });
    await expect(expectHolds(run)).rejects.toThrow(/the run is incomplete \(stopped: max-states\).*not a pass/);
    await expect(expectViolation(run)).rejects.toThrow(/expected a violation, but the run's outcome is incomplete/);
  });

  it('gives the library call to reproduce a subject that is not a model module', async () => {
    const p = { hosts: 2, max: 3, limit: 3, stuck: false, starts: 1 };
    const run = await simulate({ model: counterModel(p), properties: counterProperties(p) }, { seed: -7 });
    expect(failureMessage(run)).toMatch(/reproduce: simulate\(subject, \{ seed: -7, path: '[\d:]+' \}\)/);
  });

  it('builds check lines with the limits and --seed=S for negative seeds', async () => {
    const c = await check(counter, { selection: { params: { limit: '2' } }, maxDepth: 9, modelFile: COUNTER });
    expect(c.origin.reproduce('below-limit')).toBe('npx replcheck check --model test/fixtures/counter.ts --param limit=2 --property below-limit --max-depth 9');
    const s = await simulate(counter, { selection: { params: { limit: '2' } }, seed: -3 });
    expect(s.origin.reproduce('below-limit')).toMatch(/^npx replcheck simulate --model FILE --param limit=2 --property below-limit --seed=-3 --path "[\d:]+"$/);
    // (Stop 29) The failure message says what FILE stands for and how to have it filled in; with modelFile, no placeholder.
    expect(failureMessage(s)).toMatch(/reproduce: npx replcheck simulate --model FILE .*\n {2}\(FILE is the file that exports model module 'counter' \(pass \{ modelFile: 'path\/to\/it\.ts' \} to simulate\(\) to have it filled in\)\)/);
    expect(failureMessage(c)).not.toMatch(/FILE/);
  });
});

describe('seeds from the test runner', () => {
  it('runnerSeed: fast-check global seed, else REPLCHECK_SEED, else 0', () => {
    const saved = fc.readConfigureGlobal();
    try {
      fc.resetConfigureGlobal();
      expect(runnerSeed({})).toBe(0);
      expect(runnerSeed({ REPLCHECK_SEED: '-12' })).toBe(-12);
      expect(() => runnerSeed({ REPLCHECK_SEED: '1.5' })).toThrow(/REPLCHECK_SEED must be a 32-bit integer/);
      fc.configureGlobal({ seed: 99 });
      expect(runnerSeed({ REPLCHECK_SEED: '-12' })).toBe(99);
    } finally {
      fc.configureGlobal(saved);
    }
  });

  it('seeds(): 32-bit integers, never shrunk', () => {
    const values = fc.sample(seeds(), { seed: 1, numRuns: 50 });
    for (const v of values) expect(Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(40);
    const details = fc.check(fc.property(seeds(), (v) => v === 12345), { seed: 1 }); // fails on any other seed
    expect(details.failed).toBe(true);
    expect(details.numShrinks).toBe(0); // an integer arbitrary would have shrunk it towards 0
    expect(details.counterexample![0]).toBe(values[0]);
  });

  // A passing run under test.prop: the drawn seed goes straight to simulate.
  test.prop([seeds()], { numRuns: 2, seed: 11 })('under test.prop, simulate gets the drawn seed', async (seed) => {
    const run = await expectHolds(simulate(counter, { selection: { params: { limit: '100' } }, seed, runs: 5 }));
    expect((run.stats as { seed: number }).seed).toBe(seed);
  });
});
