// The issue-10 scenario end to end: a plugin that breaks ties by host index without declaring
// symmetric: false used to pass `check` under the symmetry reduction (exit 0) while the full
// space refutes causal order in 18 steps. Now the run notices, restarts without the reduction,
// warns, and refutes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-symmetry-long-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('check --mechanism host-priority.ts --config small', () => {
  it('refutes causal order in 18 steps with the symmetry warning', async () => {
    let stdout = '';
    let stderr = '';
    const ctx: CliContext = {
      cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: '0', env: {},
      stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s),
    };
    const code = await runCli(['check', '--config', 'small', '--mechanism', './test/fixtures/mechanisms/host-priority.ts',
      '--property', 'causal-order', '--json', '--out', tmp], ctx);
    expect(code).toBe(1);
    const j = JSON.parse(stdout);
    expect(j.violation).toMatchObject({ property: 'causal-order', length: 18 });
    expect(j.warnings[0]).toMatch(/mechanism 'host-priority' is not symmetric: its commit at ms/);
    expect(stderr).toMatch(/^replcheck: warning: symmetry reduction turned off/);
  }, 300_000);
});
