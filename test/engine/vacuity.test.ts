// Antecedents, witnesses and vacuity (issue 11) in both explorers: a property whose antecedent
// never held is a vacuous pass (or incomplete with requireWitnesses); one that held is not; and
// properties without an antecedent count the states or steps they were checked on.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';
import { always, eventually } from '../../src/engine/property.ts';
import type { RunResult } from '../../src/engine/result.ts';
import { ledgerModel, ledgerProperties } from '../fixtures/ledger.ts';
import { gridModel } from './toy-models.ts';

const byName = <S, A>(r: RunResult<S, A>, name: string) => r.properties.find((p) => p.name === name)!;

describe('vacuity: exhaustive', () => {
  it('marks a property whose antecedent never held vacuous, and one whose antecedent held not', async () => {
    const short = await exhaustive(ledgerModel({ cap: 1, rollback: false }), ledgerProperties());
    expect(short.outcome).toBe('pass');
    expect(byName(short, 'ordered-log')).toMatchObject({ status: 'holds', vacuous: true, witnesses: 0, never: 'a log of two entries' });
    expect(byName(short, 'commit-stable')).toMatchObject({ status: 'holds', vacuous: false, witnesses: 1, antecedent: 'a commit' });
    const long = await exhaustive(ledgerModel({ cap: 2, rollback: false }), ledgerProperties());
    // States with two entries: [1,2] committed 0, 1 or 2.
    expect(byName(long, 'ordered-log')).toMatchObject({ status: 'holds', vacuous: false, witnesses: 3 });
    // Commits: from (1 entry, 0), (2 entries, 0), (2 entries, 1).
    expect(byName(long, 'commit-stable').witnesses).toBe(3);
  });

  it('counts states checked (or steps, for transition properties) without an antecedent', async () => {
    const r = await exhaustive(ledgerModel({ cap: 2, rollback: false }), ledgerProperties());
    expect(byName(r, 'committed-in-log')).toMatchObject({ witnesses: 6, vacuous: false });
    const noAntecedent = ledgerProperties().map((p) => ({ ...p, antecedent: undefined }));
    const steps = await exhaustive(ledgerModel({ cap: 2, rollback: false }), noAntecedent);
    expect(byName(steps, 'commit-stable').witnesses).toBe(6);
  });

  it('turns a vacuous pass into incomplete when witnesses are required', async () => {
    const r = await exhaustive(ledgerModel({ cap: 1, rollback: false }), ledgerProperties(), { requireWitnesses: true });
    expect(r.outcome).toBe('incomplete');
    expect(byName(r, 'ordered-log')).toMatchObject({ status: 'incomplete', vacuous: true, reason: 'vacuous: never a log of two entries (witnesses required)' });
    const ok = await exhaustive(ledgerModel({ cap: 2, rollback: false }), ledgerProperties(), { requireWitnesses: true });
    expect(ok.outcome).toBe('pass');
  });

  it('never calls a violation vacuous, and counts the trigger states of a leads-to', async () => {
    const bad = always<[number, number]>('small', ([x]) => x < 2, { antecedent: { description: 'never true', state: () => false } });
    const r = await exhaustive(gridModel(3, 3), [bad]);
    expect(r.properties[0]).toMatchObject({ status: 'violated', vacuous: false, witnesses: 0 });
    const trig = eventually<[number, number]>('corner', ([x, y]) => x === 2 && y === 2, { trigger: ([x, y]) => x + y === 3 });
    const t = await exhaustive(gridModel(3, 3), [trig]);
    expect(t.properties[0]).toMatchObject({ witnesses: 2 });
  });

  it('stops early only once every antecedent has a witness', async () => {
    const witnessed = always<[number, number]>('ok', () => true, { antecedent: { description: 'the far corner', state: ([x, y]) => x === 4 && y === 4 } });
    const bad = always<[number, number]>('small', ([x]) => x < 1);
    const r = await exhaustive(gridModel(5, 5), [bad, witnessed]);
    expect(r.properties[0].status).toBe('violated');
    expect(r.properties[1]).toMatchObject({ status: 'holds', vacuous: false, witnesses: 1 });
  });
});

describe('vacuity: random', () => {
  it('reports vacuity and witnesses from the walks, and requires witnesses on demand', async () => {
    const r = await simulate(ledgerModel({ cap: 1, rollback: false }), ledgerProperties(), { runs: 20, steps: 5 });
    expect(r.outcome).toBe('pass');
    expect(byName(r, 'ordered-log')).toMatchObject({ status: 'holds', vacuous: true, witnesses: 0 });
    expect(byName(r, 'commit-stable').witnesses).toBeGreaterThan(0);
    const req = await simulate(ledgerModel({ cap: 1, rollback: false }), ledgerProperties(), { runs: 20, steps: 5, requireWitnesses: true });
    expect(req.outcome).toBe('incomplete');
    const long = await simulate(ledgerModel({ cap: 3, rollback: false }), ledgerProperties(), { runs: 20, steps: 5 });
    expect(byName(long, 'ordered-log')).toMatchObject({ vacuous: false });
    expect(byName(long, 'ordered-log').witnesses).toBeGreaterThan(0);
  });
});
