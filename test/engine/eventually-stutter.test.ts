// Sweep 29/a finding 2: under weak fairness (`eventually`, like TLC's WF_vars) a step that leaves
// the state unchanged is not a step of its fair kind: it neither takes the kind nor keeps it
// enabled. A correct design whose no-op sync returns the unchanged state was reported violated by
// a lasso looping on that no-op; it must pass, on one thread and on workers, in check and in
// simulate, exactly as when the no-op returns undefined. A real bug (every step changes the
// state, also when the symmetry reduction makes the step a self-loop) is still refuted by a lasso.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import type { ParallelOptions, WorkerLike } from '../../src/engine/parallel-search.ts';
import { spawnSearchWorker } from '../../src/cli/search-pool.ts';
import { createStutterSync, stutterSyncModel, converged, type SyncAction, type SyncState } from '../fixtures/stutter-sync.ts';
import type { Model } from '../../src/engine/model.ts';
import type { PathStep } from '../../src/engine/result.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const TIMEOUT = 60_000;

/** Two workers serving test/fixtures/stutter-sync.ts with `params`, counting the units sent to them. */
function pool(params: Record<string, string>, counter: { units: number }): ParallelOptions {
  const file = join(repo, 'test', 'fixtures', 'stutter-sync.ts');
  const target = { source: { file, given: 'test/fixtures/stutter-sync.ts' }, selection: { params, cwd: repo }, mode: 'exhaustive' as const };
  return {
    workers: 2, from: 1, after: 0, wait: true,
    spawn: () => {
      const w = spawnSearchWorker(target);
      const post = w.postMessage.bind(w);
      w.postMessage = ((m: { t: string }, transfer?: readonly ArrayBuffer[]) => {
        if (m.t === 'expand') counter.units++;
        post(m, transfer as ArrayBuffer[]);
      }) as typeof w.postMessage;
      return w as unknown as WorkerLike;
    },
  };
}

/** Every step of `path` is a real successor that changes the state, and the loop closes. */
function expectRealLasso(model: Model<SyncState, SyncAction>, path: PathStep<SyncState, SyncAction>[], loop: number | undefined) {
  expect(loop).toBeDefined();
  expect(path.length).toBeGreaterThan(loop! + 1);
  expect(model.init()).toContainEqual(path[0].state);
  for (let i = 1; i < path.length; i++) {
    const t = model.next(path[i - 1].state, path[i].action as SyncAction);
    expect(t).toEqual(path[i].state);
    expect(t).not.toEqual(path[i - 1].state);
  }
  expect(path.at(-1)!.state).toEqual(path[loop!].state);
}

describe('eventually: a stuttering step does not count for weak fairness', () => {
  for (const symmetry of [false, true]) {
    const sym = symmetry ? ', symmetry on' : '';
    it(`a correct design whose no-op returns the unchanged state holds, as when it returns undefined${sym}`, async () => {
      for (const noop of ['same', 'undefined'] as const) {
        const r = await exhaustive(stutterSyncModel('correct', noop, symmetry), [converged]);
        expect(r.properties[0], `noop=${noop}`).toMatchObject({ name: 'converged', status: 'holds' });
        expect(r.outcome).toBe('pass');
      }
    });

    it(`a design whose syncs swap the versions is still refuted by a real lasso${sym}`, async () => {
      const model = stutterSyncModel('swap', 'same', symmetry);
      const r = await exhaustive(model, [converged]);
      const v = r.properties[0];
      expect(v.status).toBe('violated');
      expect(v.explanation?.facts.join('\n')).toMatch(/loop back to step \d+ forever/);
      expectRealLasso(model, v.path!, v.loop);
    });
  }

  it('a run stuck where the fair actions only stutter says so (sweep 30a: it said no fair action was enabled)', async () => {
    // Copies only towards higher indices: from [0, 2, 1] it reaches [0, 2, 2], where every sync is a no-op.
    const base = stutterSyncModel('correct', 'same', false);
    const model: Model<SyncState, SyncAction> = { ...base, next: (s, a) => (a.i < a.j ? base.next(s, a) : [...s]) };
    const r = await exhaustive(model, [converged]);
    const v = r.properties[0];
    expect(v.status).toBe('violated');
    expect(v.explanation?.facts.join('\n')).toMatch(/the run may stop at step \d+: the weakly fair actions enabled there \('sync n\d->n\d', .*\) leave the state as it is \(a step that changes nothing is not progress\), and converged does not hold/);
  });

  it('decides the same with two workers (the workers record the edges)', async () => {
    for (const params of [
      { variant: 'correct', noop: 'same', symmetry: 'off' },
      { variant: 'correct', noop: 'same', symmetry: 'on' },
      { variant: 'swap', noop: 'same', symmetry: 'off' },
    ]) {
      const t = createStutterSync({ params });
      const one = await exhaustive(t.model, t.properties, {});
      const counter = { units: 0 };
      const many = await exhaustive(t.model, t.properties, { parallel: pool(params, counter) });
      expect(many.workers).toBe('2');
      expect(counter.units).toBeGreaterThan(0);
      expect(many.properties[0].status, JSON.stringify(params)).toBe(params.variant === 'correct' ? 'holds' : 'violated');
      expect(many.properties[0].status).toBe(one.properties[0].status);
      expect(many.properties[0].path?.map((s) => s.state)).toEqual(one.properties[0].path?.map((s) => s.state));
      expect(many.properties[0].loop).toBe(one.properties[0].loop);
    }
  }, TIMEOUT);

  it('simulate: drains skip a no-op that returns the unchanged state, so the correct design passes', async () => {
    for (const noop of ['same', 'undefined'] as const) {
      const model = { ...stutterSyncModel('correct', noop, false), isDrain: () => true };
      const r = await simulate(model, [converged], { runs: 30, steps: 10 });
      expect(r.properties[0].status, `noop=${noop}`).toBe('holds');
      expect(r.outcome).toBe('pass');
    }
  });
});
