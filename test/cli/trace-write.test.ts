// traces/write.ts: a trace built from a random-search violation carries the run's metadata,
// semantic actions and labels, validates against the trace schema, and is written atomically.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/engine/random.ts';
import type { RandomStats } from '../../src/engine/result.ts';
import { buildTrace, serializeTrace, traceFileName, writeTrace } from '../../traces/write.ts';
import { validateTrace } from '../../traces/validate.ts';
import { counterModel, counterProperties } from '../fixtures/counter.ts';

const dir = mkdtempSync(join(tmpdir(), 'replcheck-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trace writing', async () => {
  const p = { hosts: 2, max: 3, limit: 3, stuck: false, starts: 1 };
  const model = counterModel(p);
  const result = await simulate(model, counterProperties(p), { seed: 5 });
  const violated = result.properties.find((r) => r.status === 'violated')!;
  const stats = result.stats as RandomStats;
  const origin = {
    model, meta: { params: { limit: '3' } }, modelFile: 'test/fixtures/counter.ts', mode: 'random' as const,
    seed: stats.seed, path: stats.path, reproduce: 'npx replcheck simulate --seed 5',
  };

  it('builds a trace with metadata, semantic actions, labels and states', () => {
    const t = buildTrace(origin, violated);
    expect(t).toMatchObject({
      format: 'replcheck-trace', version: 1, model: 'counter', modelFile: 'test/fixtures/counter.ts',
      params: { limit: '3' }, mode: 'random', seed: 5, path: stats.path,
      property: { name: 'below-limit', kind: 'always' }, verdict: 'violated', reproduce: 'npx replcheck simulate --seed 5',
    });
    expect(t.explanation!.facts).toEqual(violated.explanation!.facts);
    expect(t.explanation!.replica).toBe(violated.explanation!.replica);
    expect(t.steps.map((s) => s.index)).toEqual(violated.path!.map((_, i) => i));
    expect(t.steps[0]).toEqual({ index: 0, action: null, label: null, state: violated.path![0].state });
    for (const [i, s] of t.steps.entries()) {
      if (i === 0) continue;
      const a = violated.path![i].action!;
      expect(s.action).toEqual({ type: a.type, host: `h${a.host + 1}` }); // actionToJson, not the raw action
      expect(s.label).toBe(model.formatAction!(a));
    }
    expect(validateTrace(JSON.parse(serializeTrace(t)))).toMatchObject({ ok: true });
  });

  it('writes atomically to <out>/<model>-<property>.trace.json and creates the directory', () => {
    const out = join(dir, 'nested', 'out');
    const t = buildTrace(origin, violated);
    const file = writeTrace(out, t);
    expect(file).toBe(join(out, 'counter-below-limit.trace.json'));
    expect(readFileSync(file, 'utf8')).toBe(serializeTrace(t));
    expect(readdirSync(out)).toEqual(['counter-below-limit.trace.json']); // no temporary file left
    expect(traceFileName('my model', 'a/b')).toBe('my_model-a_b.trace.json');
  });

  it('refuses to build a trace for a property without a verdict', () => {
    const inc = result.properties.find((r) => r.status === 'incomplete')!;
    expect(() => buildTrace(origin, inc)).toThrow(/no verdict/);
  });
});
