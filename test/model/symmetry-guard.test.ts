// The mechanism guard behind the symmetry reduction (model/symmetry-guard.ts): a plugin that
// breaks ties by host index without declaring symmetric: false is caught at its first
// asymmetric decision; the built-in symmetric mechanisms never trip it.
import { describe, expect, it } from 'vitest';
import replication, { createReplicationModel } from '../../model/index.ts';
import { loadConfig } from '../../model/config.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { simulate } from '../../src/engine/random.ts';

const repo = new URL('../..', import.meta.url).pathname;

async function asymmetryAfterWalks(mechanism: string): Promise<string | undefined> {
  const t = await replication.create({ config: 'small', mechanism, params: {}, cwd: repo });
  expect(t.model.canonical).toBeDefined();
  await simulate(t.model, [], { runs: 300, steps: 40, seed: 1 });
  return t.model.asymmetry?.();
}

describe('the symmetry guard', () => {
  it('names the commit decision of a plugin that favours the lower host index', async () => {
    const found = await asymmetryAfterWalks('./test/fixtures/mechanisms/host-priority.ts');
    expect(found).toMatch(/^mechanism 'host-priority' is not symmetric: its commit at ms decides \[mh\d#1, mh\d#1\], but \[mh\d#1, mh\d#1\] once interchangeable hosts are swapped/);
  }, 120_000);

  it('names the stamp of a plugin whose clocks depend on the host', async () => {
    expect(await asymmetryAfterWalks('./test/fixtures/mechanisms/lww-undeclared.ts')).toMatch(/its stamp for a write of mh\d/);
  }, 120_000);

  it('stays silent for the built-in symmetric mechanisms (forced on: the CLI does not install it for them)', async () => {
    const { config } = loadConfig('small', repo);
    for (const m of ['hierarchical', 'arrival-order', 'sequencer', 'primary-copy']) {
      const model = createReplicationModel(config, builtinMechanism(m), { guard: true });
      expect(model.asymmetry).toBeDefined();
      await simulate(model, [], { runs: 300, steps: 40, seed: 1 });
      expect(model.asymmetry!()).toBeUndefined();
    }
  }, 240_000);

  it('is installed for plugins only (issue 17: built-ins are symmetric by construction)', async () => {
    const builtin = await replication.create({ config: 'small', mechanism: 'hierarchical', params: {}, cwd: repo });
    expect(builtin.model.canonical).toBeDefined();
    expect(builtin.model.asymmetry).toBeUndefined();
    const plugin = await replication.create({ config: 'small', mechanism: './test/fixtures/mechanisms/host-priority.ts', params: {}, cwd: repo });
    expect(plugin.model.asymmetry).toBeDefined();
  });

  it('is not installed without the reduction', async () => {
    const t = await replication.create({ config: 'small', mechanism: './test/fixtures/mechanisms/host-priority.ts', params: { symmetry: 'off' }, cwd: repo });
    expect(t.model.canonical).toBeUndefined();
    expect(t.model.asymmetry).toBeUndefined();
  });
});
