// The hand-written trace fixtures: the committed JSON matches its hand-written source, each is a
// valid trace, and each is an execution of the model too (the model enables every step and reaches
// the recorded state), so model, engine and the hand derivation agree on them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplicationModel } from '../../model/index.ts';
import { builtinMechanism } from '../../model/mechanisms/index.ts';
import { firstDifference, jsonPath } from '../../traces/jsonpath.ts';
import type { ReplicationState, ResolvedConfig } from '../../traces/replication.ts';
import { validateTrace } from '../../traces/validate.ts';
import { FIXTURES } from '../fixtures/traces/build.ts';

const dir = resolve(import.meta.dirname, '..', 'fixtures', 'traces');

describe.each(Object.entries(FIXTURES))('%s', (file, trace) => {
  it('is up to date with build.ts and valid', () => {
    expect(JSON.parse(readFileSync(join(dir, file), 'utf8'))).toEqual(trace);
    expect(validateTrace(trace)).toMatchObject({ ok: true });
  });
  it('is an execution of the model', () => {
    const model = createReplicationModel(trace.config as ResolvedConfig, builtinMechanism(trace.mechanism!), { symmetry: false });
    let s: ReplicationState = model.init()[0];
    expect(firstDifference(trace.steps[0].state, s)).toBeUndefined();
    for (const step of trace.steps.slice(1)) {
      const act = model.actions(s).find((a) => JSON.stringify(model.actionToJson(a)) === JSON.stringify(step.action));
      expect(act, `step ${step.index} ${step.label} enabled in the model`).toBeDefined();
      s = model.next(s, act!)!;
      const d = firstDifference(step.state, s);
      expect(d && `step ${step.index}: ${jsonPath(d.path)}`).toBeUndefined();
    }
  });
});
