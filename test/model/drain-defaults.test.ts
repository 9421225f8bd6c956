// Issue 17: the drain limit of large configurations is a bound on a settling drain derived from
// the configuration and the walk length ((min(steps, update budget) + 1) x (4 x depth + 4 x nodes)),
// not a guess that an unlucky walk can exceed (`simulate --config large --runs 100 --seed 1`
// ended incomplete with 10 steps per node); --drain-steps still overrides it.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import replication from '../../model/index.ts';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';

const repo = resolve(import.meta.dirname, '..', '..');

async function cli(argv: string[]) {
  let stdout = '';
  const ctx: CliContext = { cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: '0', env: {}, stdout: (s) => void (stdout += s), stderr: () => {} };
  return { code: await runCli(argv, ctx), stdout };
}

describe('drain limits of large configurations', () => {
  it('large: 316 nodes, depth 3, 903 updates budget', async () => {
    const t = await replication.create({ config: 'large', params: {}, cwd: repo });
    const hints = t.simulate!;
    expect(hints.drainStepsFor!(100)).toBe(101 * (4 * 3 + 4 * 316));
    expect(hints.drainSteps).toBe(hints.drainStepsFor!(100));
    expect(hints.drainStepsFor!(5)).toBe(6 * (4 * 3 + 4 * 316));
    expect(hints.drainStepsFor!(100_000)).toBe((3 * 301 + 1) * (4 * 3 + 4 * 316)); // the update budget caps U
    expect((await replication.create({ config: 'small', params: {}, cwd: repo })).simulate).toBeUndefined();
  }, 60_000);

  it('the CLI applies it for --steps and --drain-steps overrides it', async () => {
    const dflt = await cli(['simulate', '--config', 'large', '--runs', '1', '--steps', '5', '--json']);
    expect(JSON.parse(dflt.stdout).stats.drainSteps).toBe(6 * 1276);
    const given = await cli(['simulate', '--config', 'large', '--runs', '1', '--steps', '5', '--drain-steps', '77', '--json']);
    expect(JSON.parse(given.stdout).stats.drainSteps).toBe(77);
    const text = await cli(['simulate', '--config', 'large', '--runs', '1', '--steps', '5']);
    expect(text.stdout).toContain('drain up to 7,656 steps (configuration default)');
  }, 120_000);
});
