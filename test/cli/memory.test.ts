// The memory budget: a run that would outgrow it (or V8's heap limit) ends as incomplete with
// limit 'memory', the reason and what it explored, never with V8's out-of-memory abort (134);
// the report gives peak memory per state beside the visited table's bytes per state.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const TWO_PHASE = ['--model', 'examples/two-phase.ts', '--param', 'rms=12', '--param', 'symmetry=false', '--json'];

function replcheck(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['bin/replcheck.js', ...args], { cwd: repo, env: { ...process.env, REPLCHECK_DEBUG: '', ...env } });
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
    const r = await replcheck(['check', ...TWO_PHASE], { NODE_OPTIONS: '--max-old-space-size=64' });
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.stats.limit).toBe('memory');
    expect(j.stats.distinctStates).toBeGreaterThan(1000);
    expect(j.stats.peakMemoryBytes).toBeGreaterThan(0);
  }, 600_000);

  it('reports peak memory per state beside the visited table bytes per state', async () => {
    const r = await replcheck(['check', '--config', 'tiny', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).stats;
    expect(s.peakBytesPerState).toBeCloseTo(s.peakMemoryBytes / s.distinctStates, 6);
    expect(s.peakBytesPerState).toBeGreaterThan(s.bytesPerState);
  }, 600_000);
});
