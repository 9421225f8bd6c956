// Design knobs (issue 6): `--knob name=value` overrides a configuration's knobs (typed, one-line
// errors), the schema accepts the new ones, and `eager` blocks a node's next write and its reads
// until its own previous write is committed at itself.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../model/config.ts';
import { DEFAULT_KNOBS } from '../../../model/config-types.ts';
import replication from '../../../model/index.ts';
import { withKnobs } from '../../../model/knob-flags.ts';
import { PRESETS } from '../../../model/presets.ts';
import { UsageError } from '../../../src/engine/errors.ts';
import { modelOf, run } from '../helpers.ts';
import { REPO } from './verdicts.ts';

const small = () => resolveConfig(structuredClone(PRESETS.small!), 'small');

describe('knobs', () => {
  it('parses --knob values by the type of the default and rejects unknown names and bad values', () => {
    const c = withKnobs(small(), { eager: 'true', clockSkew: '5', peerExchange: 'off' });
    expect(c.knobs).toMatchObject({ waitOwnCommit: true, clockSkew: 5, peerExchange: false, refusals: 0 });
    expect(c.knobs).not.toHaveProperty('eager');
    expect(withKnobs(small(), undefined)).toEqual(small());
    expect(() => withKnobs(small(), { eagre: 'true' })).toThrow(new UsageError(`unknown --knob 'eagre' (valid: ${Object.keys(DEFAULT_KNOBS).join(', ')}; fault model: faults.crashes, faults.losses, faults.partitions, faults.permanent, faults.every, faults.joint, faults.jointQuiescence, faults.reregister, faults.recovery, checkpoint.mobile, checkpoint.fixed, checkpoint.cell, checkpoint.zone)`));
    // (Stop 29) A near miss names the knob it is near.
    expect(() => withKnobs(small(), { handofDedup: 'false' })).toThrow(/^unknown --knob 'handofDedup' \(did you mean 'handoffDedup'\?\) \(valid: /);
    expect(() => withKnobs(small(), { eager: 'yes' })).toThrow(new UsageError('--knob eager must be true or false (got "yes")'));
    expect(() => withKnobs(small(), { clockSkew: '-1' })).toThrow(new UsageError('--knob clockSkew must be a non-negative integer (got "-1")'));
  });

  it('a configuration may set the new knobs; the module applies --knob over it and records the result', async () => {
    const c = resolveConfig({ ...structuredClone(PRESETS.tiny!), knobs: { fifoHoldBack: false, eager: true, clockSkew: 1 } });
    expect(c.knobs).toMatchObject({ fifoHoldBack: false, waitOwnCommit: true, clockSkew: 1 });
    // The deprecated name yields to the new one when both are given.
    expect(resolveConfig({ ...structuredClone(PRESETS.tiny!), knobs: { eager: true, waitOwnCommit: false } }).knobs).toMatchObject({ waitOwnCommit: false });
    expect(() => resolveConfig({ ...structuredClone(PRESETS.tiny!), knobs: { clockSkew: -2 } })).toThrow(/clockSkew/);
    const t = await replication.create({ params: {}, cwd: REPO, config: 'tiny', knobs: { causalHoldBack: 'false' } });
    expect((t.meta.config as { knobs: Record<string, unknown> }).knobs.causalHoldBack).toBe(false);
  });

  it('eager: a node with an own write not yet committed at itself can neither write nor read', () => {
    const config = { ...structuredClone(PRESETS.tiny!), bounds: { updatesPerHost: 2, values: 1, reads: 1 } };
    const lazy = modelOf(config);
    const eager = modelOf({ ...config, knobs: { refusals: 0, eager: true } });
    const step = 'mh1 writes x=1 (mh1#1)';
    const kinds = (m: typeof lazy) => m.actions(run(m, m.init()[0]!, step)).filter((a) => 'node' in a && a.node === 3).map((a) => a.t);
    expect(kinds(lazy)).toEqual(expect.arrayContaining(['update', 'read']));
    expect(kinds(eager)).not.toContain('update');
    expect(kinds(eager)).not.toContain('read');
  });
});
