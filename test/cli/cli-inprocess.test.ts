// The CLI run in-process (runCli with a captured context): help, version, every kind of bad
// input (one line on stderr, exit 2, nothing written), internal and model errors, exit codes
// 0/1/3, the --json shape and the paste-back line. The spawned end-to-end tests are in cli.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { splitCommand } from './split-command.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const COUNTER = 'test/fixtures/counter.ts';

async function cli(argv: string[], env: Record<string, string> = {}, defaultModel = join(repo, 'model', 'no-such-index.ts')) {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd: repo, defaultModel, version: '9.9.9', env,
    stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s),
  };
  const code = await runCli(argv, ctx);
  return { code, stdout, stderr };
}

describe('help and version', () => {
  it('prints program and command help with examples, and the version', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/check .*\n.*simulate/);
    for (const name of ['check', 'simulate']) {
      for (const flag of ['--help', '-h']) {
        const h = await cli([name, flag]);
        expect(h.code).toBe(0);
        expect(h.stdout).toContain(`Usage: replcheck ${name}`);
        expect(h.stdout).toContain('Examples:');
        expect(h.stdout).toContain('--property');
      }
    }
    expect((await cli(['--version'])).stdout).toBe('replcheck 9.9.9\n');
    expect((await cli([])).code).toBe(2);
  });
});

describe('bad input', () => {
  const cases: [string[], RegExp][] = [
    [['simulate', '--frobnicate'], /^replcheck: unknown option --frobnicate/],
    // (Stop 29) A one-value flag given twice with different values ran the last; an empty value was taken.
    [['check', '--config', 'tiny', '--config', 'small'], /^replcheck: --config is given twice \('tiny' and 'small'\); give it once/],
    [['simulate', '--seed', '1', '--seed=2'], /^replcheck: --seed is given twice \('1' and '2'\)/],
    [['check', '--config', 'tiny', '--out', ''], /^replcheck: --out needs a value \(got an empty string\)/],
    [['check', '--model', COUNTER, '--resume', 'package.json'], /^replcheck: --resume must be a directory \(.*package\.json is a file\): give the directory the checkpoint was saved in/],
    [['check', '--max-states', 'abc'], /^replcheck: --max-states must be a positive integer \(got 'abc'\)\n$/],
    [['check', '--max-depth', '-1'], /^replcheck: --max-depth needs a value/],
    [['simulate', '--runs'], /^replcheck: --runs needs a value/],
    [['simulate', '--runs', '0'], /--runs must be a positive integer \(got '0'\)/],
    // (Stop 29) As --runs: a walk of no steps checks only the initial states (every goal unwitnessed).
    [['simulate', '--steps', '0'], /--steps must be a positive integer \(got '0'\)/],
    [['simulate', '--steps', '99999999999'], /--steps must be at most 10,000,000 \(got 99999999999\): a walk's choices are generated/],
    [['simulate', '--time-limit', 'soon'], /--time-limit must be a positive number of seconds/],
    [['simulate', '--seed', '1.5'], /--seed must be an integer/],
    [['simulate', '--path', '1;rm'], /--path must be colon-separated/],
    [['simulate', 'stray'], /unexpected argument 'stray'/],
    [['frob'], /unknown command 'frob'/],
    [['simulate', '--model', 'test/fixtures/missing.ts'], /model file not found: test\/fixtures\/missing\.ts/],
    [['simulate', '--model', 'test/fixtures/not-a-model.ts'], /does not export a model module/],
    [['simulate', '--model', COUNTER, '--property', 'below-limit,nope'], /unknown property 'nope' \(valid: below-limit, pending-bounded, reaches-two, quiescent\)/],
    [['simulate', '--model', COUNTER, '--param', 'colour=red'], /unknown --param 'colour' for model counter \(valid: hosts, max, limit, stuck, starts, sampled\)/],
    [['simulate', '--model', COUNTER, '--param', 'limit'], /--param must be key=value/],
    [['simulate', '--model', COUNTER, '--config', 'small'], /model counter does not take --config/],
    [['check', '--model', COUNTER, '--mechanism', 'lamport'], /model counter does not take --mechanism/],
    [['simulate', '--model', COUNTER, '--param', 'hosts=two'], /--param hosts must be a non-negative integer/],
    [['check'], /the default replication model .* is not available .*pass --model FILE/],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.join(' ')} -> one line, exit 2, nothing written`, async () => {
      const out = join(tmp, `bad-${argv.join('_').replace(/[^\w]/g, '')}`);
      const r = await cli(argv);
      const withOut = await cli([...argv, '--out', out]);
      for (const x of [r, withOut]) {
        expect(x.code).toBe(2);
        expect(x.stdout).toBe('');
        expect(x.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(x.stderr).toMatch(message);
      }
      expect(existsSync(out)).toBe(false);
    });
  }

  it('rejects --out naming a file', async () => {
    const r = await cli(['simulate', '--model', COUNTER, '--out', COUNTER]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out must be a directory/);
  });
});

describe('internal and model errors', () => {
  it('reports a model module whose create() throws as its error (not replcheck\'s), and the stack under REPLCHECK_DEBUG=1', async () => {
    const argv = ['check', '--model', 'test/fixtures/broken-model.ts', '--param', 'where=create'];
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: model broken \(test\/fixtures\/broken-model\.ts\) threw in create\(\): kaput in create \(an error in user code, not a verdict; rerun with REPLCHECK_DEBUG=1 for its stack\)\n$/);
    const d = await cli(argv, { REPLCHECK_DEBUG: '1' });
    expect(d.stderr.split('\n').length).toBeGreaterThan(3);
    expect(d.stderr).toMatch(/at .*broken-model\.ts/);
  });

  it('reports a model that throws during a walk with the seed and path that reproduce it', async () => {
    const r = await cli(['simulate', '--model', 'test/fixtures/broken-model.ts', '--out', join(tmp, 'broken')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: model broken \(test\/fixtures\/broken-model\.ts\) threw in next during a random walk: kaput at step 3 \(seed 0, path [\d:]+; not a verdict; rerun with REPLCHECK_DEBUG=1/);
  });
});

describe('runs', () => {
  it('simulate: pass (0), violation (1) with trace and a paste-back line that reproduces it', async () => {
    const out = join(tmp, 'sim');
    const pass = await cli(['simulate', '--model', COUNTER, '--runs', '50', '--out', out]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/model +counter/);
    expect(pass.stdout).toMatch(/stats +runs 50 +steps [\d,]+ +[\d,]+ steps\/s +seed 0/);
    expect(pass.stdout).toMatch(/result +pass \(exit 0\)/);
    expect(existsSync(out)).toBe(false);

    const v = await cli(['simulate', '--model', COUNTER, '--param', 'limit=4', '--seed', '7', '--out', out]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/VIOLATED +below-limit +always +4 steps/);
    expect(v.stdout).toMatch(/violation of below-limit \(always\) at replica h1\n  - the total count 4 reached the limit 4/);
    expect(v.stdout).toMatch(/ 1\. inc\(h1\)\n/);
    const trace = /trace +(\S+\.trace\.json)/.exec(v.stdout)![1];
    expect(trace).toMatch(/^.*\/sim\/counter-below-limit-simulate-[0-9a-f]{8}\.trace\.json$/);
    const line = /reproduce +(npx replcheck .*)/.exec(v.stdout)![1];
    expect(line).toMatch(/--property below-limit --seed 7 --path "[\d:]+"$/);
    const first = readFileSync(trace, 'utf8');
    const again = await cli([...splitCommand(line).slice(2), '--out', join(tmp, 'sim2')]);
    expect(again.code).toBe(1);
    // The reproduce line names the same run, so the trace gets the same name and the same bytes.
    expect(readFileSync(join(tmp, 'sim2', basename(trace)), 'utf8')).toBe(first);
  });

  it('--json prints one object with result, properties, stats, violation and reproduce', async () => {
    const r = await cli(['check', '--model', COUNTER, '--param', 'stuck=true', '--json', '--out', join(tmp, 'chk')]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(j.result).toBe('violation');
    expect(j.mode).toBe('exhaustive');
    expect(j.properties.map((p: { name: string; status: string }) => `${p.name}:${p.status}`)).toEqual(
      ['below-limit:holds', 'pending-bounded:holds', 'reaches-two:holds', 'quiescent:violated']);
    const q = j.properties[3];
    expect(q.length).toBeGreaterThan(0);
    expect(existsSync(q.traceFile)).toBe(true);
    expect(j.violation).toMatchObject({ property: 'quiescent', traceFile: q.traceFile, length: q.length, replica: 'h1' });
    expect(j.stats).toMatchObject({ distinctStates: expect.any(Number), transitions: expect.any(Number), maxDepth: expect.any(Number) });
    expect(j.reproduce).toBe(`npx replcheck check --model ${COUNTER} --param stuck=true --property quiescent`);
    expect(j.exitCode).toBe(1);
  });

  it('a limit makes the run incomplete (exit 3), never a pass', async () => {
    const r = await cli(['check', '--model', COUNTER, '--max-states', '3', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.result).toBe('incomplete');
    expect(j.stats.limit).toBe('max-states');
    expect(j.properties.find((p: { name: string }) => p.name === 'below-limit').status).toBe('incomplete');
    const s = await cli(['simulate', '--model', COUNTER, '--runs', '100000000', '--time-limit', '0.2', '--json']);
    expect(s.code).toBe(3);
    expect(JSON.parse(s.stdout)).toMatchObject({ result: 'incomplete', stats: { limit: 'time-limit' } });
  });

  it('(stop 37) a size limit ends the text report with what to do next; a complete run and a random one do not', async () => {
    const cut = await cli(['check', '--model', COUNTER, '--max-states', '3', '--out', tmp]);
    expect(cut.stdout).toMatch(/\nhint {7}the space is larger than this run covered \(3 states to depth \d+\): shrink the\n {11}configuration .*--memory MB.*\n {11}or walk it at random with 'replcheck simulate'\n\nresult {5}incomplete/);
    const whole = await cli(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=2', '--out', tmp]);
    expect(whole.code).toBe(0);
    expect(whole.stdout).not.toContain('hint ');
    const walks = await cli(['simulate', '--model', COUNTER, '--runs', '100000000', '--time-limit', '0.2', '--out', tmp]);
    expect(walks.code).toBe(3);
    expect(walks.stdout).not.toContain('hint ');
  });
});

describe('(stop 29) memory per state in the text report', () => {
  it('is left out below 10,000 states (the process base dominates it), and given above; --json keeps it', async () => {
    const few = await cli(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=2', '--out', tmp]);
    expect(few.stdout).toMatch(/^stats {6}states \d+ .* peak [\d,]+ MB {2}[\d.]+ s$/m);
    expect(few.stdout).not.toMatch(/bytes\/state/);
    const json = JSON.parse((await cli(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=2', '--json', '--out', tmp])).stdout);
    expect(json.stats.bytesPerState).toBeGreaterThan(0);
    const many = await cli(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=6', '--out', tmp]);
    expect(many.stdout).toMatch(/ [\d,]+ bytes\/state {2}peak [\d,]+ MB \([\d,]+ bytes\/state\)/);
  }, 60_000);
});

describe('(stop 29) show takes --format=F and --out=FILE, and will not overwrite the trace it shows', () => {
  it('reads the = forms and refuses --out naming its input', async () => {
    const trace = 'traces/corpus/arrival-order-causal.trace.json';
    const mermaid = await cli(['show', trace, '--format=mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^sequenceDiagram\n/);
    const out = join(tmp, 'shown.html');
    expect((await cli(['show', trace, '--format=html', `--out=${out}`])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/<html/i);
    const same = await cli(['show', trace, '--out', trace, '--format', 'itf']);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^replcheck: show: --out .* is the trace being shown; name another file/);
  });
});

describe('(stop 29) a state too wide to expand quickly', () => {
  it('is named at once on stderr (a 10,000-host state takes minutes with nothing shown)', async () => {
    const r = await cli(['check', '--model', 'test/fixtures/long-expansion.ts', '--max-states', '1', '--json', '--out', tmp]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('replcheck: note: state 0 has 1,000,000 enabled actions; an exhaustive search of a configuration this large is unlikely to finish (bound it with --time-limit or --max-states, or test it with simulate)\n');
    expect(JSON.parse(r.stdout).stats.limit).toBe('max-states');
    const narrow = await cli(['check', '--model', 'examples/two-phase.ts', '--param', 'rms=3', '--json', '--out', tmp]);
    expect(narrow.stderr).toBe('');
  });
});
