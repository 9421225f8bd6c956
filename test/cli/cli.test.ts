// End to end: `node bin/replcheck.js ...` spawned from the repository root with the counter
// fixture. Exit codes 0/1/2/3, stdout of --json is exactly one JSON object, traces written on a
// violation and not on bad input, same seed => same JSON (minus timing) and byte-identical
// trace, the paste-back line reproduces the violation, and Ctrl-C ends a run as incomplete.
// Spawns are few and small (each costs about half a second of tsx start-up).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitCommand } from './split-command.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const COUNTER = 'test/fixtures/counter.ts';

interface Ran { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Spawns the CLI; `onStdout` may act on the running child (e.g. send SIGINT). */
function replcheck(args: string[], onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/replcheck.js', ...args], { cwd: repo, env: { ...process.env, REPLCHECK_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** A run's JSON without its timing fields. */
const untimed = (stdout: string) => JSON.stringify(JSON.parse(stdout), (k, v) => (k === 'seconds' || k === 'stepsPerSecond' ? undefined : v));

describe('replcheck (spawned)', () => {
  it('--help exits 0; an unknown flag is one line on stderr, exit 2, and writes nothing', async () => {
    const help = await replcheck(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: replcheck <command>');
    const out = join(tmp, 'bad');
    const bad = await replcheck(['simulate', '--model', COUNTER, '--bogus', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe("replcheck: unknown option --bogus (see 'replcheck simulate --help')\n");
    expect(existsSync(out)).toBe(false);
  });

  it('simulate --json: violation exit 1, deterministic JSON and trace, paste-back reproduces it', async () => {
    const args = ['simulate', '--model', COUNTER, '--param', 'limit=5', '--param', 'hosts=3', '--seed', '42', '--steps', '40', '--json'];
    const a = await replcheck([...args, '--out', join(tmp, 'a')]);
    const b = await replcheck([...args, '--out', join(tmp, 'b')]);
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
    const ja = JSON.parse(a.stdout); // exactly one JSON document, nothing else on stdout
    expect(ja).toMatchObject({ result: 'violation', mode: 'random', model: 'counter', exitCode: 1 });
    expect(ja.violation).toMatchObject({ property: 'below-limit', length: expect.any(Number), replica: expect.any(String) });
    expect(ja.stats).toMatchObject({ runs: expect.any(Number), steps: expect.any(Number), seed: 42, path: expect.stringMatching(/^[\d:]+$/) });
    expect(untimed(a.stdout).replaceAll(join(tmp, 'a'), 'OUT')).toBe(untimed(b.stdout).replaceAll(join(tmp, 'b'), 'OUT'));
    const traceA = readFileSync(ja.violation.traceFile, 'utf8');
    expect(readFileSync(JSON.parse(b.stdout).violation.traceFile, 'utf8')).toBe(traceA);
    expect(JSON.parse(traceA)).toMatchObject({ format: 'replcheck-trace', mode: 'random', seed: 42, path: ja.stats.path, reproduce: ja.reproduce });

    expect(ja.reproduce).toMatch(/^npx replcheck simulate --model test\/fixtures\/counter\.ts .*--property below-limit --steps 40 --seed 42 --path "[\d:]+"$/);
    const again = await replcheck([...splitCommand(ja.reproduce).slice(2), '--out', join(tmp, 'c'), '--json']);
    expect(again.code).toBe(1);
    const jc = JSON.parse(again.stdout);
    expect(jc.violation.length).toBe(ja.violation.length);
    expect(readFileSync(jc.violation.traceFile, 'utf8')).toBe(traceA);
  });

  it('simulate passes with exit 0; check finds the shortest violation (1) and reports limits as incomplete (3)', async () => {
    const pass = await replcheck(['simulate', '--model', COUNTER, '--runs', '30', '--json']);
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ result: 'pass', stats: { runs: 30 } });
    const v = await replcheck(['check', '--model', COUNTER, '--param', 'limit=4', '--json', '--out', join(tmp, 'check')]);
    expect(v.code).toBe(1);
    const j = JSON.parse(v.stdout);
    expect(j).toMatchObject({ result: 'violation', mode: 'exhaustive', violation: { property: 'below-limit', length: 4 } });
    expect(JSON.parse(readFileSync(j.violation.traceFile, 'utf8')).steps).toHaveLength(5);
    const inc = await replcheck(['check', '--model', COUNTER, '--max-depth', '2']);
    expect(inc.code).toBe(3);
    expect(inc.stdout).toMatch(/result +incomplete/);
  });

  it('--json keeps console output of the model module off stdout', async () => {
    const r = await replcheck(['simulate', '--model', 'test/fixtures/broken-model.ts', '--param', 'where=noisy', '--runs', '5', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'pass', model: 'broken' });
    expect(r.stderr).toContain('hello from the model');
  });

  it('Ctrl-C during a run stops it and reports what was explored, as incomplete (exit 3)', async () => {
    let sent = false;
    const r = await replcheck(['simulate', '--model', COUNTER, '--runs', '2000000000'], (text, kill) => {
      // The header is printed once the run is set up (and its SIGINT handler installed).
      if (!sent && text.includes('mode ')) {
        sent = true;
        setTimeout(() => kill('SIGINT'), 300);
      }
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/incomplete +below-limit +always +interrupted: stopped after/);
    expect(r.stdout).toMatch(/stopped: interrupted/);
    expect(r.stderr).toContain('interrupted');
  });
});
