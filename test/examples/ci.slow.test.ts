// examples/ci: the property suite a user puts in CI, run as they would run it (`vitest run
// --config examples/ci/vitest.config.ts`, spawned). On the hierarchical mechanism it passes; on
// the broken arrival-order mechanism it fails with a readable counterexample whose paste-back
// line, run through the CLI, reproduces the violation. fast-check's seed is pinned with FC_SEED
// so this test is deterministic.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitCommand } from '../cli/split-command.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-ci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment without the outer vitest's variables (the suite runs in a vitest of its own). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST') env[k] = v;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: repo, env: cleanEnv(env) });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

const suite = (mechanism?: string) => run(join(repo, 'node_modules', '.bin', 'vitest'),
  ['run', '--config', 'examples/ci/vitest.config.ts', '--reporter', 'default'], { FC_SEED: '42', ...(mechanism ? { REPLCHECK_MECHANISM: mechanism } : {}) });

// Both runs start at once (each is mostly vitest's start-up and a few seconds of checking).
const passing = suite();
const failing = suite('arrival-order');

describe('examples/ci property suite', () => {
  it('passes on the hierarchical mechanism', async () => {
    const r = await passing;
    expect(r.out).toMatch(/Tests\s+3 passed \(3\)/);
    expect(r.code).toBe(0);
  }, 600_000);

  it('fails on arrival-order with a counterexample and a paste-back line that reproduces it', async () => {
    const r = await failing;
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Tests\s+2 failed \| 1 passed \(3\)/); // tiny has one writer: no causal pair to misorder
    expect(r.out).toContain('replication, arrival-order mechanism');
    expect(r.out).toContain('causal-order (always) is violated at replica');
    expect(r.out).toMatch(/\n\s+- .*mh\d#1.*\n/); // the explanation's facts name updates
    expect(r.out).toMatch(/counterexample \(\d+ steps\):\n\s+0\. initial state\n\s+1\. /);
    const lines = [...r.out.matchAll(/reproduce: (npx replcheck simulate [^\n]*)/g)].map((m) => m[1]);
    expect(lines.length).toBe(2);
    for (const line of lines) expect(line).toMatch(/^npx replcheck simulate --config small --mechanism arrival-order --property causal-order (--runs \d+ )?(--seed \d+|--seed=-\d+) --path "[\d:]+"$/);
    const again = await run(process.execPath, ['bin/replcheck.js', ...splitCommand(lines[0]).slice(2), '--json', '--out', join(tmp, 'out')], {});
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out).violation).toMatchObject({ property: 'causal-order' });
  }, 600_000);
});
