// The memory budget: a run that would outgrow it (or V8's heap limit) ends as incomplete with
// limit 'memory', the reason and what it explored, never with V8's out-of-memory abort (134);
// the report gives peak memory per state beside the visited table's bytes per state.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catchesSighup } from './harness.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const TWO_PHASE = ['--model', 'examples/two-phase.ts', '--param', 'rms=12', '--param', 'symmetry=false', '--json'];

function replcheck(args: string[], env: Record<string, string> = {}, started?: (pid: number) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['bin/replcheck.js', ...args], { cwd: repo, env: { ...process.env, REPLCHECK_DEBUG: '', ...env } });
    started?.(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

describe('memory budget', () => {
  it('--memory ends an exhaustive run as incomplete with the reason and what it explored', async () => {
    const r = await replcheck(['check', ...TWO_PHASE, '--memory', '1']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.result).toBe('incomplete');
    expect(j.stats.limit).toBe('memory');
    expect(j.stats.distinctStates).toBeGreaterThan(0);
    expect(j.properties[0].reason).toMatch(/^the memory budget ran out after \d+ states: the process used \d+ MB, over the memory budget of 1 MB$/);
  }, 600_000);

  it("a small V8 heap limit ends the run as incomplete before V8 aborts (default budget)", async () => {
    // 56 MB: the CLI starts in about 40 MB, so the run fills the rest in a few seconds (64 MB took 13 s).
    const r = await replcheck(['check', ...TWO_PHASE], { NODE_OPTIONS: '--max-old-space-size=56' });
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.stats.limit).toBe('memory');
    expect(j.stats.distinctStates).toBeGreaterThan(1000);
    expect(j.stats.peakMemoryBytes).toBeGreaterThan(0);
  }, 600_000);

  it('an object frontier (a model without a codec) under a small V8 heap ends incomplete, never with V8 aborting', async () => {
    // Issue 17: this aborted V8 (exit 2, 'ran out of memory') when the guard compared the used heap
    // with 85% of the whole heap limit, young generation included.
    const counter = ['--model', 'test/fixtures/counter.ts', '--param', 'hosts=10', '--param', 'max=4', '--param', 'limit=1000', '--json'];
    const r = await replcheck(['check', ...counter], { NODE_OPTIONS: '--max-old-space-size=64' });
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.stats.limit).toBe('memory');
    expect(j.stats.distinctStates).toBeGreaterThan(1000);
    expect(j.properties[0].reason).toMatch(/the JavaScript heap reached \d+ MB, near V8's heap limit/);
  }, 600_000);

  it('reports peak memory per state beside the visited table bytes per state', async () => {
    const r = await replcheck(['check', '--config', 'tiny', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).stats;
    expect(s.peakBytesPerState).toBeCloseTo(s.peakMemoryBytes / s.distinctStates, 6);
    expect(s.peakBytesPerState).toBeGreaterThan(s.bytesPerState);
  }, 600_000);

  // (Issue 17) Spilling to disk. The engine's tests (test/engine/spill.test.ts) force merges and
  // frontier chunks with tiny allowances; here the CLI's flags, the cleanup and the exit codes.
  const EAGER = ['--model', 'examples/two-phase.ts', '--param', 'rms=5', '--param', 'variant=eager-commit', '--property', 'consistent', '--json'];

  it('--memory with --spill-dir: the same verdict, counts and counterexample, and the directory left empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-spill-cli-'));
    try {
      const plain = await replcheck(['check', ...EAGER]);
      const spilled = await replcheck(['check', ...EAGER, '--memory', '4096', '--spill-dir', dir]);
      expect(plain.code).toBe(1);
      expect(spilled.code).toBe(1);
      const a = JSON.parse(plain.stdout), b = JSON.parse(spilled.stdout);
      expect(b.stats.spill).toBeDefined();
      expect(a.stats.spill).toBeUndefined();
      expect(b.stats.distinctStates).toBe(a.stats.distinctStates);
      expect(b.violation).toEqual(a.violation);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('an interrupted spilling run removes its files and exits 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replcheck-spill-cli-'));
    try {
      let pid = 0;
      const run = replcheck(['check', ...TWO_PHASE, '--property', 'consistent', '--memory', '8192', '--spill-dir', dir], {}, (p) => (pid = p));
      // Wait until the run has made its spill directory and catches signals, then interrupt it.
      // (Stop 35) The directory alone raced: the command's thread makes it right after telling
      // the main thread to catch signals, and a SIGINT before the main thread had installed its
      // handlers ended the process (code null). The signal tests wait the same way (harness.ts).
      for (let i = 0; i < 600 && (readdirSync(dir).length === 0 || !catchesSighup(pid)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(readdirSync(dir).length).toBe(1);
      process.kill(pid, 'SIGINT');
      const r = await run;
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout).stats.limit).toBe('interrupted');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('--spill-dir that cannot be written is a one-line usage error (exit 2)', async () => {
    const r = await replcheck(['check', ...EAGER, '--spill-dir', join(repo, 'no-such-dir')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^replcheck: --spill-dir: cannot create files in '.*no-such-dir' \(ENOENT\); give an existing, writable directory\n$/);
  }, 600_000);
});
