// Vacuity and coverage from the CLI (issue 11): `holds (vacuous: never ...)` in text and the
// summary line, `witnesses` and `vacuous` on every property in --json, --require-witnesses
// (exit 3), and check's action coverage (stats.actionCounts, stats.neverEnabled).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-vacuity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]) {
  let stdout = '';
  const ctx: CliContext = { cwd: repo, defaultModel: join(repo, 'model', 'no-such-index.ts'), version: '0', env: {}, stdout: (s) => void (stdout += s), stderr: () => {} };
  const code = await runCli([...argv, '--out', tmp], ctx);
  return { code, stdout };
}

const LEDGER = ['--model', 'test/fixtures/ledger.ts'];

describe('vacuity in the CLI', () => {
  for (const command of ['check', 'simulate']) {
    it(`${command}: a model without properties passes only with a vacuity line, and is incomplete with --require-witnesses`, async () => {
      const none = ['--model', 'test/fixtures/no-properties.ts'];
      const text = await cli([command, ...none]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('vacuous    no property was checked');
      const required = await cli([command, ...none, '--require-witnesses', '--json']);
      expect(required.code).toBe(3);
      expect(JSON.parse(required.stdout).result).toBe('incomplete');
    });
  }

  for (const command of ['check', 'simulate']) {
    it(`${command}: reports a vacuous pass in text and JSON, and gates it with --require-witnesses`, async () => {
      const text = await cli([command, ...LEDGER, '--param', 'cap=1']);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/holds\s+ordered-log\s+always\s+\(vacuous: never a log of two entries\)/);
      expect(text.stdout).toContain('vacuous    1 of 3 properties passed vacuously');
      const json = JSON.parse((await cli([command, ...LEDGER, '--param', 'cap=1', '--json'])).stdout);
      expect(json.result).toBe('pass');
      for (const p of json.properties) expect(typeof p.witnesses).toBe('number');
      expect(json.properties.find((p: { name: string }) => p.name === 'ordered-log')).toMatchObject({ vacuous: true, witnesses: 0, status: 'holds' });
      const gated = await cli([command, ...LEDGER, '--param', 'cap=1', '--require-witnesses']);
      expect(gated.code).toBe(3);
      expect(gated.stdout).toMatch(/incomplete\s+ordered-log/);
      const full = await cli([command, ...LEDGER, '--param', 'cap=2', '--require-witnesses']);
      expect(full.code).toBe(0);
      expect(full.stdout).not.toContain('vacuous');
    });
  }

  it('check: reports transitions per action kind and the declared kinds never taken', async () => {
    const text = await cli(['check', ...LEDGER]);
    expect(text.stdout).toContain('actions    append 3, commit 3');
    expect(text.stdout).toMatch(/never +rollback/);
    const json = JSON.parse((await cli(['check', ...LEDGER, '--json'])).stdout);
    expect(json.stats).toMatchObject({ actionCounts: { append: 3, commit: 3 }, neverEnabled: ['rollback'] });
  });
});
