/**
 * Random walks use the model's in-place `step` (node replacements written into an array the walk
 * owns). Property memos must not be fooled by that reuse: on broken variants, simulate finds the
 * same violations, with byte-identical results, whether the model offers `step` or not.
 * (A memo that kept the last passing state's nodes array once made every later check pass.)
 */
import { describe, expect, it } from 'vitest';
import replication from '../../model/index.ts';
import { simulate } from '../../src/engine/random.ts';
import type { Model } from '../../src/engine/model.ts';
import type { Property } from '../../src/engine/property.ts';
import type { RunResult } from '../../src/engine/result.ts';

const untimed = (r: RunResult<unknown, unknown>) =>
  JSON.stringify(r, (k, v) => (k === 'seconds' || k === 'stepsPerSecond' ? undefined : v));

const VARIANTS: [string, Record<string, string>, string][] = [
  ['small', { flagOnSend: 'true' }, 'propagation-flag'],
  ['faults', { duplicateSuppression: 'false' }, 'exactly-once'],
  ['faults', { duplicateSuppression: 'false' }, 'agent-lifecycle'],
];

describe('random walks with the in-place step', () => {
  it.each(VARIANTS)('%s %o: %s is found, exactly as without step', async (config, knobs, property) => {
    const t = await replication.create({ params: {}, config, knobs, cwd: process.cwd() });
    const props = t.properties.filter((p) => p.name === property) as Property<unknown>[];
    const model = t.model as Model<unknown, unknown>;
    expect(model.step).toBeTypeOf('function');
    const opts = { seed: 3, runs: 200, steps: 60 };
    const withStep = await simulate(model, props, opts);
    const withoutStep = await simulate({ ...model, step: undefined }, props, opts);
    expect(withStep.properties[0]!.status).toBe('violated');
    expect(untimed(withStep)).toBe(untimed(withoutStep));
  });
});
