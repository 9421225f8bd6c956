// Mechanism plugins (`--mechanism FILE`): the worked example examples/my-ordering.ts loads and,
// as its header claims, gives the same verdicts as hierarchical; a module that is not an
// OrderingMechanism is rejected with a UsageError naming what is missing.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/engine/errors.ts';
import replication from '../../../model/index.ts';
import { mechanismProblems } from '../../../model/mechanism.ts';
import { MECHANISMS, pluginError } from '../../../model/mechanisms/index.ts';
import { failures, fixture, ORIGIN_ORDER, REPO, PEER_PAIR_KEY, verdicts } from './verdicts.ts';

const EXAMPLE = 'examples/my-ordering.ts';

// Exhaustive runs of the peer pair take tens of seconds on a loaded 2-core machine.
describe('mechanism plugins', { timeout: 300_000 }, () => {
  it('loads the worked example by file', async () => {
    const t = await replication.create({ params: {}, cwd: REPO, config: 'tiny', mechanism: EXAMPLE });
    expect(t.meta.mechanism).toBe('cell-causal');
  });

  it('the example gives the verdicts of hierarchical on the peer pair and with a moving writer', async () => {
    // Every property's verdict on the peer pair: peer-pair-matrix.long.test.ts.
    expect(failures((await verdicts(fixture('peer-pair'), EXAMPLE, undefined, PEER_PAIR_KEY)).verdicts)).toEqual({ 'strong-convergence': 4 });
    expect(failures((await verdicts(fixture('fifo-move'), EXAMPLE, undefined, ORIGIN_ORDER)).verdicts)).toEqual({});
  });

  it('rejects a module without arrange, naming it', async () => {
    const create = replication.create({ params: {}, cwd: REPO, config: 'tiny', mechanism: 'test/fixtures/mechanisms/no-arrange.ts' });
    await expect(create).rejects.toThrow(UsageError);
    await expect(create).rejects.toThrow(
      "--mechanism test/fixtures/mechanisms/no-arrange.ts: the default export has no function 'arrange' (an OrderingMechanism needs name, description, totalOrder, stamp, release, commit, arrange, peer)");
  });

  it('names every missing or mistyped member, and a missing default export', () => {
    expect(mechanismProblems({ name: 'x', totalOrder: 'yes', localApply: 1 })).toEqual([
      "no string 'description'", "no boolean 'totalOrder'", "no function 'stamp'", "no function 'release'",
      "no function 'commit'", "no function 'arrange'", "no function 'peer'", "a non-boolean 'localApply'"]);
    expect(mechanismProblems(null)).toEqual(['is not an object (got null)']);
    expect(pluginError('./m.ts', {})).toMatch(/^--mechanism \.\/m\.ts: the module has no default export/);
    expect(pluginError('./m.ts', { mechanism: { name: 1 } })).toMatch(/^--mechanism \.\/m\.ts: the export 'mechanism' has no string 'name'/);
    // (F8) `module.exports = { default: m }`: the mechanism one level too deep is named as such, not as eight missing members.
    expect(pluginError('./m.cjs', { default: { default: MECHANISMS.lww } })).toBe("--mechanism ./m.cjs: the default export is an object that holds the mechanism under 'default', one level too deep; export the mechanism itself (module.exports = m, or export default m)");
    expect(pluginError('./m.cjs', { default: { mechanism: MECHANISMS.lww } })).toMatch(/the default export is an object that holds the mechanism under 'mechanism', one level too deep/);
    expect(pluginError('./m.cjs', { default: { default: { name: 1 } } })).toMatch(/the default export has no string 'name'/);
    for (const m of Object.values(MECHANISMS)) expect(mechanismProblems(m)).toEqual([]);
    // (Stop 31) readsDeps is a boolean, and every built-in declares it (measure's costs read it).
    expect(mechanismProblems({ ...MECHANISMS.lww, readsDeps: 'no' })).toEqual(["a non-boolean 'readsDeps'"]);
    for (const m of Object.values(MECHANISMS)) expect(typeof m.readsDeps, m.name).toBe('boolean');
  });
});
