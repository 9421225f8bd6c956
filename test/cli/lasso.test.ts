// A lasso counterexample from the CLI (issue 11): `check` on the starvation fixture prints the
// loop ("loop back to step N"), writes `loop` in the trace, marks it in the HTML report, and
// `show --format itf` exports ITF's `loop`, which converts back to the native trace.
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { runInProcess } from './in-process.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-lasso-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]) {
  let stdout = '';
  const ctx: CliContext = { cwd: repo, defaultModel: join(repo, 'model', 'no-such-index.ts'), version: '0', env: {}, stdout: (s) => void (stdout += s), stderr: () => {} };
  const code = await runCli(argv, ctx);
  return { code, stdout };
}

const STAR = ['--model', 'test/fixtures/starvation.ts'];

describe('lasso counterexamples in the CLI', () => {
  it('check: holds under weak fairness, and shows the loop of a fair starvation in text, trace, HTML and ITF', async () => {
    expect((await cli(['check', ...STAR, '--out', tmp])).code).toBe(0);
    const r = await cli(['check', ...STAR, '--param', 'serve=phase', '--out', tmp]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/1\. spin\s+<- loop starts here/);
    expect(r.stdout).toContain('loop back to step 1 (steps 2-3 repeat forever)');
    const file = join(tmp, readdirSync(tmp).find((f) => f.startsWith('starvation-served-check-') && f.endsWith('.trace.json'))!);
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    expect(trace).toMatchObject({ property: { name: 'served', kind: 'eventually' }, loop: 1, verdict: 'violated' });
    expect(trace.steps).toHaveLength(4);
    expect(trace.steps[3].state).toEqual(trace.steps[1].state);
    const html = readFileSync(file.replace(/\.json$/, '.html'), 'utf8');
    expect(html).toContain('the last step loops back to step 1');
    expect(html).toContain('class="step loop loop-start"');
    const text = await cli(['show', file, '--format', 'text']);
    expect(text.stdout).toMatch(/3 +spin .*<- loop back to step 1/);
    const itfFile = join(tmp, 'served.itf.json');
    expect((await cli(['show', file, '--format', 'itf', '--out', itfFile])).code).toBe(0);
    const itf = JSON.parse(readFileSync(itfFile, 'utf8'));
    expect(itf.loop).toBe(1);
    expect(itf.states).toHaveLength(4);
    const back = JSON.parse((await cli(['show', itfFile, '--format', 'json'])).stdout);
    expect(back.loop).toBe(1);
    const json = JSON.parse((await cli(['check', ...STAR, '--param', 'serve=phase', '--out', tmp, '--json'])).stdout);
    expect(json.violation).toMatchObject({ property: 'served', kind: 'eventually', length: 3, loop: 1 });
  });
});

describe('eventually in simulate (sweep 29a finding 6)', () => {
  it('holds only in the random sense: exit 0 with a liveness line saying fair loops are not searched; check and undecided runs have none', async () => {
    const sim = await runInProcess(['simulate', '--config', 'tiny', '--property', 'progress', '--runs', '10']);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toMatch(/holds +progress +eventually/);
    expect(sim.stdout).toContain('liveness   progress (eventually) holds in the random sense: no walk ended stuck short of the goal;\n'
      + '           random walks do not search for fair loops that never reach it (check decides those)');
    expect(sim.stdout).toMatch(/result +pass \(exit 0\)/);
    const json = JSON.parse((await runInProcess(['simulate', '--config', 'tiny', '--property', 'progress', '--runs', '10', '--json'])).stdout);
    expect(json).toMatchObject({ result: 'pass', mode: 'random', exitCode: 0 });
    expect(json.properties[0]).toMatchObject({ name: 'progress', kind: 'eventually', status: 'holds' });

    // Undecided (a drain cut with fair actions enabled): incomplete, exit 3, no liveness line.
    const open = await cli(['simulate', ...STAR, '--param', 'serve=phase', '--runs', '20', '--steps', '10', '--out', tmp]);
    expect(open.code).toBe(3);
    expect(open.stdout).toMatch(/incomplete +served +eventually/);
    expect(open.stdout).not.toContain('liveness ');
    // check decides fair loops: no such line.
    const checked = await cli(['check', ...STAR, '--out', tmp]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).not.toContain('liveness ');
  });
});
