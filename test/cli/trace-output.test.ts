// A counterexample is never lost, and trace names do not collide: when the trace cannot be
// written the violation, its steps and the reproduce line still reach the terminal and --json
// (with traceError), exit 1, nothing left on disk; check and simulate, seeds and selections get
// different trace names unless --trace-name fixes one.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-trace-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const COUNTER = ['--model', 'test/fixtures/counter.ts', '--param', 'limit=3', '--property', 'below-limit'];

/** Runs `replcheck argv` in this process (version 0). */
function cli(argv: string[]) {
  return runInProcess(argv, { version: '0' });
}

describe('a trace that cannot be written', () => {
  it('check still prints the violation, its steps and the reproduce line; --json has traceError; exit 1; nothing left', async () => {
    for (const blocked of ['fixed.trace.json', 'fixed.trace.html']) {
      const out = join(tmp, `blocked-${blocked}`);
      mkdirSync(join(out, blocked), { recursive: true }); // a directory where a file must go: the rename fails
      const human = await cli(['check', ...COUNTER, '--out', out, '--trace-name', 'fixed']);
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/violation of below-limit \(always\)/);
      expect(human.stdout).toMatch(/counterexample \(\d+ steps\):\n +0\. initial state\n +1\. inc\(h\d\)/);
      expect(human.stdout).toMatch(/trace +not written: /);
      expect(human.stdout).toMatch(/reproduce +npx replcheck check --model test\/fixtures\/counter.ts --param limit=3 --property below-limit/);
      expect(human.stderr).toMatch(/^replcheck: could not write the trace of below-limit into .*\(the counterexample is printed instead\)\n$/);
      expect(readdirSync(out)).toEqual([blocked]);

      const json = await cli(['check', ...COUNTER, '--out', out, '--trace-name', 'fixed', '--json']);
      expect(json.code).toBe(1);
      const j = JSON.parse(json.stdout);
      expect(j.result).toBe('violation');
      expect(j.violation.traceFile).toBeNull();
      expect(j.violation.traceError).toEqual(expect.any(String));
      expect(j.violation.steps[0]).toBeNull();
      expect(j.violation.steps.length).toBe(j.violation.length + 1);
      expect(j.reproduce).toMatch(/--property below-limit/);
      expect(j.properties.find((p: { name: string }) => p.name === 'below-limit').traceError).toBe(j.violation.traceError);
      expect(readdirSync(out)).toEqual([blocked]);
    }
  });
});

describe('trace names', () => {
  it('differ between check and simulate, seeds and selections, and are stable for the same run', async () => {
    const out = join(tmp, 'names');
    const name = async (argv: string[]) => {
      const r = await cli([...argv, '--out', out, '--json']);
      expect(r.code).toBe(1);
      return basename(JSON.parse(r.stdout).violation.traceFile);
    };
    const check = await name(['check', ...COUNTER]);
    const sim1 = await name(['simulate', ...COUNTER, '--seed', '1']);
    const sim2 = await name(['simulate', ...COUNTER, '--seed', '2']);
    const other = await name(['check', ...COUNTER, '--param', 'hosts=3']);
    expect(check).toMatch(/^counter-below-limit-check-[0-9a-f]{8}\.trace\.json$/);
    expect(sim1).toMatch(/^counter-below-limit-simulate-[0-9a-f]{8}\.trace\.json$/);
    expect(new Set([check, sim1, sim2, other]).size).toBe(4);
    expect(await name(['check', ...COUNTER])).toBe(check);
    expect(readdirSync(out).length).toBe(8); // four traces, four reports
  });

  it('--trace-name fixes the name; a name with a directory is refused', async () => {
    const out = join(tmp, 'fixed');
    const r = await cli(['check', ...COUNTER, '--out', out, '--trace-name', 'mine', '--json']);
    expect(JSON.parse(r.stdout).violation.traceFile).toBe(join(out, 'mine.trace.json'));
    expect(readdirSync(out).sort()).toEqual(['mine.trace.html', 'mine.trace.json']);
    const bad = await cli(['check', ...COUNTER, '--out', out, '--trace-name', '../x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^replcheck: --trace-name must be a file name/);
  });
});

describe('a counterexample whose states are not plain data (sweep 29a finding 5)', () => {
  const cases = [
    { value: 'class', what: /cannot write steps\[0\]\.state\.c to a trace: an instance of Counter is not plain data/ },
    { value: 'nan', what: /cannot write steps\[1\]\.state\.r to a trace: the number NaN is not finite/ },
  ];
  for (const { value, what } of cases) {
    for (const command of ['check', 'simulate']) {
      it(`${command} --param value=${value}: the verdict and counterexample are printed, the trace error named in one line, exit 1`, async () => {
        const out = join(tmp, `not-plain-${command}-${value}`);
        const argv = [command, '--model', 'test/fixtures/not-plain-state.ts', '--param', `value=${value}`, '--out', out];
        const human = await cli(argv);
        expect(human.code).toBe(1);
        expect(human.stdout).toMatch(/VIOLATED +small +always +2 steps/);
        expect(human.stdout).toMatch(/violation of small \(always\)\n  - n=2\n  counterexample \(2 steps\):\n +0\. initial state\n +1\. inc\n +2\. inc/);
        expect(human.stdout).toMatch(new RegExp(`trace +not written: ${what.source}`));
        expect(human.stdout).toMatch(new RegExp(`reproduce +npx replcheck ${command} --model test/fixtures/not-plain-state.ts --param value=${value} --property small`));
        expect(human.stdout).toMatch(/result +VIOLATION \(exit 1\)/);
        expect(human.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        expect(human.stderr).toMatch(new RegExp(`^replcheck: could not write the trace of small: ${what.source}.*\\(the counterexample is printed instead\\)\\n$`));

        const json = await cli([...argv, '--json']);
        expect(json.code).toBe(1);
        const j = JSON.parse(json.stdout);
        expect(j.result).toBe('violation');
        expect(j.exitCode).toBe(1);
        expect(j.violation).toMatchObject({ property: 'small', traceFile: null, length: 2, steps: [null, 'inc', 'inc'], facts: ['n=2'] });
        expect(j.violation.traceError).toMatch(what);
        expect(j.properties[0].traceError).toBe(j.violation.traceError);
      });
    }
  }
});
