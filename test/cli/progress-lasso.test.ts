// A lasso counterexample for `progress` on the replication model (issue 11): with the knob
// recurringDisconnects a host may disconnect and reconnect forever, so the state graph cycles.
// The fixture mechanism confirm-cell (the MS numbers an update only while every host of its
// origin's cell is connected) then starves c1's update: `check` prints the loop, the trace has
// `loop`, the HTML marks it, `show --format itf` exports it, and `replay` closes the loop in the
// reference engine with both judges agreeing. With one disconnection (the knob off) the same
// mechanism satisfies progress, and `hierarchical` satisfies it both ways.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wireReplication } from '../../bin/wiring.ts';
import { runInProcess } from './in-process.ts';

wireReplication(); // replay's reference engine, as bin/replcheck.js wires it

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-progress-lasso-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (argv: string[]) => runInProcess(argv, { version: '0' });

const FLAP = ['--config', 'test/fixtures/liveness/flapping.json', '--property', 'progress', '--out', tmp];
const CONFIRM = ['--mechanism', 'test/fixtures/mechanisms/confirm-cell.ts'];

describe('progress on a mechanism that starves an origin while a host keeps disconnecting', () => {
  it('check finds the lasso; text, trace, HTML, ITF and replay all show the loop', async () => {
    const r = await cli(['check', ...FLAP, ...CONFIRM, '--trace-name', 'flap']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/VIOLATED +progress +eventually +11 steps/);
    expect(r.stdout).toMatch(/9\. execute z1\/1 +<- loop starts here/);
    expect(r.stdout).toMatch(/10\. mh1 disconnects\n +11\. mh1 reconnects\n +loop back to step 9 \(steps 10-11 repeat forever\)/);
    expect(r.stdout).toContain('c1#1 has no Global ID');
    const file = join(tmp, 'flap.trace.json');
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    expect(trace).toMatchObject({ property: { name: 'progress', kind: 'eventually' }, loop: 9, verdict: 'violated', mechanism: 'confirm-cell' });
    expect(trace.config.knobs.recurringDisconnects).toBe(true);
    expect(trace.steps).toHaveLength(12);
    expect(trace.steps[11].state).toEqual(trace.steps[9].state);
    const html = readFileSync(join(tmp, 'flap.trace.html'), 'utf8');
    expect(html).toContain('the last step loops back to step 9');
    expect(html).toContain('class="step loop loop-start"');
    const text = await cli(['show', file]);
    expect(text.stdout).toMatch(/11 +mh1 reconnects .*<- loop back to step 9/);
    const itfFile = join(tmp, 'flap.itf.json');
    expect((await cli(['show', file, '--format', 'itf', '--out', itfFile])).code).toBe(0);
    const itf = JSON.parse(readFileSync(itfFile, 'utf8'));
    expect(itf.loop).toBe(9);
    expect(itf.states).toHaveLength(12);

    // replay: the reference engine follows stem and loop, the loop closes there, both judges say violated.
    const rep = await cli(['replay', file]);
    expect(rep.code, rep.stdout + rep.stderr).toBe(0);
    expect(rep.stdout).toContain('reproduced: 12 steps; eventually progress: violated in the engine, as in the trace');
    expect(rep.stdout).toMatch(/the judges agree: property library violated; reference judge violated at step 9: c1#1 has no Global ID, at every state of the loop; the loop is weakly fair/);
    const json = JSON.parse((await cli(['replay', file, '--json'])).stdout);
    expect(json).toMatchObject({ result: 'reproduced', verdict: { engine: 'violated' }, reference: { engine: 'violated', step: 9 } });

    // A lasso whose loop does not close in the engine is not reproduced.
    const open = join(tmp, 'open.trace.json');
    writeFileSync(open, JSON.stringify({ ...trace, loop: 8 }));
    const o = await cli(['replay', open]);
    expect(o.code).toBe(1);
    expect(o.stdout).toMatch(/diverged: step 11 \(mh1 reconnects\): the loop does not close in the engine: nodes\[0\]\.collected is \[0\] after the last step but was \[\] at the loop's start/);
    // The same loop under hierarchical (which commits whatever the hosts do) is not weakly fair:
    // the MS could number c1#1 at every state of it. The library's goal alone cannot see that; the
    // reference judge does, so the judges disagree and replay fails.
    const unfair = join(tmp, 'unfair.trace.json');
    const { mechanismPlugin: _, ...rest } = trace;
    writeFileSync(unfair, JSON.stringify({ ...rest, mechanism: 'hierarchical' }));
    const u = await cli(['replay', unfair]);
    expect(u.code).toBe(1);
    expect(u.stdout).toContain('reference judge holds: the loop is not weakly fair: order is enabled at every state of it and never taken');
  }, 120_000);

  it('a dead-end counterexample (starve.ts) replays with both judges; cut before its dead end, it does not', async () => {
    const r = await cli(['check', '--config', 'test/fixtures/mechanisms/peer-pair.json', '--mechanism', 'test/fixtures/mechanisms/starve.ts',
      '--property', 'progress', '--out', tmp, '--trace-name', 'starve']);
    expect(r.code).toBe(1);
    const file = join(tmp, 'starve.trace.json');
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    expect(trace.loop).toBeUndefined();
    const last = trace.steps.length - 1;
    const rep = await cli(['replay', file]);
    expect(rep.code, rep.stdout).toBe(0);
    expect(rep.stdout).toContain(`reference judge violated at step ${last}: mh2#1 has no Global ID; no completing step is enabled there: a fair run may stop`);
    // One step earlier the MS has not yet executed the RU carrying mh2#1: a fair run does not stop there.
    const cut = join(tmp, 'cut.trace.json');
    writeFileSync(cut, JSON.stringify({ ...trace, steps: trace.steps.slice(0, last) }));
    const c = await cli(['replay', cut]);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/the judges disagree: the property library says violated, the reference judge says holds/);
    expect(c.stdout).toMatch(/reference judge holds: a fair run does not stop there: execute is enabled/);
  }, 120_000);

  it('without recurring disconnects the same mechanism makes progress; hierarchical makes progress both ways', async () => {
    const once = await cli(['check', ...FLAP, ...CONFIRM, '--knob', 'recurringDisconnects=false', '--json']);
    expect(once.code, once.stdout).toBe(0);
    expect(JSON.parse(once.stdout).properties[0]).toMatchObject({ name: 'progress', status: 'holds', vacuous: false });
    for (const knob of ['true', 'false']) {
      const h = await cli(['check', ...FLAP, '--knob', `recurringDisconnects=${knob}`, '--json']);
      expect(h.code, `${knob} ${h.stdout}`).toBe(0);
      expect(JSON.parse(h.stdout).properties[0]).toMatchObject({ name: 'progress', status: 'holds' });
    }
  }, 120_000);

  it('the reduced and the full space agree; random walks terminate on the cyclic graph', async () => {
    const reduced = JSON.parse((await cli(['check', ...FLAP, ...CONFIRM, '--json'])).stdout);
    const full = JSON.parse((await cli(['check', ...FLAP, ...CONFIRM, '--param', 'symmetry=off', '--json'])).stdout);
    expect(reduced.params.symmetry).toBe('on');
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
    for (const j of [reduced, full]) expect(j.violation).toMatchObject({ property: 'progress', length: 11, loop: 9 });
    // Random walks cannot find fair loops (their drain reconnects the host): no violation, and the walks end.
    const sim = JSON.parse((await cli(['simulate', ...FLAP, ...CONFIRM, '--runs', '50', '--json'])).stdout);
    expect(sim.result).not.toBe('violation');
    expect(sim.stats.actionCounts.disconnect).toBeGreaterThan(50);
  }, 120_000);
});
