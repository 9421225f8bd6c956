// The fault model from the CLI, in-process (issue 12): `check --config crash-cell` finds the
// durability violation for a cell that never checkpoints (shortest counterexample, trace
// written and replayed with exit 0), passes with `--knob checkpoint.cell=on-ack`, and a bad
// fault budget is refused with one line naming the field (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wireReplication } from '../../bin/wiring.ts';
import { runInProcess } from './in-process.ts';

wireReplication();

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (argv: string[]) => runInProcess(argv);

describe('faults from the CLI', () => {
  it('crash-cell: durability violated in 4 steps, the trace replays; on-ack passes', async () => {
    const out = join(tmp, 'never');
    const bad = await cli(['check', '--config', 'crash-cell', '--property', 'durability', '--out', out, '--json']);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout) as { violation: { property: string; length: number; traceFile: string } };
    expect(j.violation).toMatchObject({ property: 'durability', length: 4 });
    const replay = await cli(['replay', resolve(repo, j.violation.traceFile)]);
    expect(replay.stdout + replay.stderr).toMatch(/reproduced/);
    expect(replay.code).toBe(0);
    const good = await cli(['check', '--config', 'crash-cell', '--knob', 'checkpoint.cell=on-ack', '--out', join(tmp, 'ack')]);
    expect(good.code).toBe(0);
  }, 120_000);

  it('crash-cell: the liveness part durability:eventually is violated in 5 steps (c1 recovers with nothing), the trace replays; on-ack passes', async () => {
    const out = join(tmp, 'never-eventually');
    const bad = await cli(['check', '--config', 'crash-cell', '--property', 'durability:eventually', '--out', out, '--json']);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout) as { violation: { property: string; length: number; traceFile: string } };
    expect(j.violation).toMatchObject({ property: 'durability:eventually', length: 5 });
    const replay = await cli(['replay', resolve(repo, j.violation.traceFile)]);
    expect(replay.stdout + replay.stderr).toMatch(/reproduced/);
    expect(replay.code).toBe(0);
    const good = await cli(['check', '--config', 'crash-cell', '--knob', 'checkpoint.cell=on-ack', '--property', 'durability', '--json', '--out', join(tmp, 'ack2')]);
    expect(good.code).toBe(0);
    const names = (JSON.parse(good.stdout) as { properties: { name: string; status: string }[] }).properties.map((p) => [p.name, p.status]);
    expect(names).toEqual([['durability', 'holds'], ['durability:eventually', 'holds']]);
  }, 120_000);

  it('crash-replace: recovery on a replacement passes; without re-registration only the liveness part fails, and its trace replays with both judges', async () => {
    const good = await cli(['check', '--config', 'crash-replace', '--out', join(tmp, 'replace')]);
    expect(good.code).toBe(0);
    const bad = await cli(['check', '--config', 'crash-replace', '--knob', 'faults.reregister=false', '--property', 'durability', '--out', join(tmp, 'noreg'), '--json']);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout) as { properties: { name: string; status: string }[]; violation: { property: string; length: number; traceFile: string } };
    expect(j.properties.map((p) => [p.name, p.status])).toEqual([['durability', 'holds'], ['durability:eventually', 'violated']]);
    expect(j.violation).toMatchObject({ property: 'durability:eventually', length: 8 });
    const replay = await cli(['replay', resolve(repo, j.violation.traceFile), '--json']);
    expect(replay.code).toBe(0);
    const r = JSON.parse(replay.stdout) as { result: string; verdict: { engine: string }; reference: { engine: string } };
    expect([r.result, r.verdict.engine, r.reference.engine]).toEqual(['reproduced', 'violated', 'violated']);
  }, 120_000);

  it('crash-peer (random): a host that never checkpoints can erase a write its peer built on; the peer\'s acknowledged update is held back forever (durability:eventually), and the trace replays', async () => {
    const bad = await cli(['simulate', '--config', 'crash-peer', '--property', 'durability', '--seed', '1', '--runs', '2000', '--out', join(tmp, 'peer'), '--json']);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout) as { violation: { property: string; traceFile: string } };
    expect(j.violation.property).toBe('durability:eventually');
    const replay = await cli(['replay', resolve(repo, j.violation.traceFile), '--json']);
    expect(replay.code).toBe(0);
    const r = JSON.parse(replay.stdout) as { result: string; verdict: { engine: string }; reference: { engine: string } };
    expect([r.result, r.verdict.engine, r.reference.engine]).toEqual(['reproduced', 'violated', 'violated']);
    const good = await cli(['simulate', '--config', 'crash-peer', '--knob', 'checkpoint.mobile=always', '--property', 'durability', '--seed', '1', '--runs', '300', '--out', join(tmp, 'peer-wa')]);
    expect(good.code).toBe(0);
  }, 240_000);

  it('a bad fault budget is refused with one line naming the field', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 1 }, faults: { links: [['c1', 'ms']] } }));
    const r = await cli(['check', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['replcheck: config.faults.links[0] ["c1", "ms"] is not a cell-zone or zone-master link (c1\'s parent is z1)']);
  });
});
