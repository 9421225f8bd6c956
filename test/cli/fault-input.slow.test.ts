// (Sweep 30b) Fault-model input that ran though it could not mean what it said: a budget too
// large for JSON (1e400 read as Infinity: its counterexample recorded `crashes: null` and did not
// replay) or past the schema's maximum (ran until killed), a node or link listed twice, knobs that
// start a fault model in which nothing can fail, `--knob faults.every` without an every-k policy,
// one knob or param given twice with different values (the last won), a misspelt fault knob
// without "did you mean", and fault settings that cannot take effect (links without partitions,
// jointQuiescence without joint, reregister without replacement recovery, nothing to crash). Each is refused: exit 2, one line naming the field or flag and the fix.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-fault-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 60_000;

/** The crash-cell preset's configuration with `faults` fields replaced (written as raw JSON text). */
function config(name: string, faults: string): string {
  const base = JSON.parse(readFileSync('test/fixtures/mechanisms/fifo-move.json', 'utf8')) as Record<string, unknown>;
  delete base.faults;
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(base).replace(/}$/, `,"faults":${faults}}`));
  return file;
}

async function refused(argv: string[], line: RegExp): Promise<void> {
  const r = await runInProcess([...argv, '--out', tmp]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
}

describe('fault-model input that cannot mean what it says', () => {
  it('budgets past the maximum (1e400 too) and nodes or links listed twice', async () => {
    await refused(['check', '--config', config('inf', '{"crashes":1e400,"nodes":["c1"]}')],
      /^replcheck: config\.faults\.crashes must be at most 100000 \(got Infinity \(a number too large for JSON to hold\)\)/);
    await refused(['check', '--config', config('big', '{"losses":1000000000,"nodes":["c1"]}')], /^replcheck: config\.faults\.losses must be at most 100000 \(got 1000000000\)/);
    await refused(['check', '--config', config('nodes', '{"crashes":1,"nodes":["c1","c1"]}')], /^replcheck: config\.faults\.nodes names "c1" twice \(entries 0 and 1\); give each once/);
    await refused(['check', '--config', config('links', '{"partitions":1,"links":[["c1","z1"],["c1","z1"]]}')], /^replcheck: config\.faults\.links names \["c1","z1"\] twice/);
    // The object form of checkpoint with an unknown kind was reported as "must be one of always, ...".
    await refused(['check', '--config', config('ckpt', '{"crashes":1,"nodes":["c1"],"checkpoint":{"cell":"never","server":"on-ack"}}')],
      /^replcheck: config\.faults\.checkpoint has an unknown field "server" \(allowed: mobile, fixed, cell, zone, master\)/);
  }, TIMEOUT);

  it('fault settings that cannot take effect: links without partitions, jointQuiescence without joint, reregister without replacement, nothing to crash', async () => {
    await refused(['check', '--config', config('lnp', '{"crashes":1,"nodes":["c1"],"links":[["c1","z1"]]}')], /^replcheck: config\.faults\.links names links to cut, but config\.faults\.partitions is not given/);
    await refused(['check', '--config', config('jq', '{"crashes":1,"nodes":["c1"],"jointQuiescence":false}')], /^replcheck: config\.faults\.jointQuiescence applies only to joint checkpoints/);
    await refused(['check', '--config', config('rr', '{"crashes":1,"nodes":["c1"],"reregister":false}')], /^replcheck: config\.faults\.reregister applies only to servers that recover on a replacement/);
    await refused(['check', '--config', config('rm', '{"crashes":1,"nodes":["c1"],"recovery":{"master":"replacement"}}')], /^replcheck: config\.faults\.recovery\.master is 'replacement', but no MS is in config\.faults\.nodes/);
    await refused(['check', '--config', config('none', '{"crashes":1,"nodes":[]}')], /^replcheck: config\.faults\.crashes is above 0 but config\.faults\.nodes is empty/);
  }, TIMEOUT);

  it('knobs: past the maximum, every without every-k, a fault model where nothing can fail, a misspelt name', async () => {
    await refused(['check', '--config', 'tiny', '--knob', 'faults.crashes=200000'], /^replcheck: --knob faults\.crashes must be an integer from 0 to 100000 \(got "200000"\)/);
    await refused(['check', '--config', 'tiny', '--knob', 'faults.crashes=1', '--knob', 'faults.every=3'], /^replcheck: --knob faults\.every applies only to the 'every-k' checkpoint policy.*add --knob checkpoint\.<kind>=every-k/);
    await refused(['check', '--config', 'tiny', '--knob', 'faults.recovery=replacement'], /^replcheck: --knob faults\.recovery sets up a fault model, but nothing can fail .*add --knob faults\.crashes=N/);
    await refused(['check', '--config', 'tiny', '--knob', 'faults.crashs=2'], /^replcheck: unknown --knob 'faults\.crashs' \(did you mean 'faults\.crashes'\?\)/);
  }, TIMEOUT);

  // (Sweep 31a) The same settings made by knobs ran (exit 0 or 1) where the file refused them; and
  // in a file, a string-form replacement recovery, an empty faults section, partitions with no
  // link and joint checkpoints no policy allows still ran.
  it('knobs that make a setting unable to take effect are refused as in a file, naming the knob', async () => {
    await refused(['check', '--config', 'crash-partition', '--knob', 'faults.crashes=1'], /^replcheck: --knob faults\.crashes is above 0 but config\.faults\.nodes is empty: nothing can crash/);
    await refused(['check', '--config', 'crash-cell', '--knob', 'faults.permanent=1'], /^replcheck: --knob faults\.permanent needs a host in config\.faults\.nodes/);
    await refused(['check', '--config', 'crash-cell', '--knob', 'faults.jointQuiescence=false'], /^replcheck: --knob faults\.jointQuiescence applies only to joint checkpoints: add --knob faults\.joint=true, or drop the knob\n?$/);
    // (Sweep 31d) The fix in the user's terms: no knob sets nodes, so a file is needed.
    await refused(['check', '--config', 'crash-loss', '--knob', 'faults.crashes=1'], /use a configuration file whose faults\.nodes names the nodes that may crash \(no knob sets it\), or drop the knob\n?$/);
    // (Sweep 31d) Joint checkpoints on, but policies that allow none: jointQuiescence has nothing to act on.
    await refused(['check', '--config', 'crash-joint', '--knob', 'faults.jointQuiescence=true', '--knob', 'checkpoint.zone=never'],
      /^replcheck: --knob faults\.jointQuiescence applies only to joint checkpoints, and none can be taken: .*zone never\); add --knob checkpoint\.cell=on-ack and --knob checkpoint\.zone=on-ack/);
    await refused(['check', '--config', 'crash-cell', '--knob', 'faults.reregister=false'], /^replcheck: --knob faults\.reregister applies only to servers that recover on a replacement/);
    await refused(['check', '--config', 'crash-host', '--knob', 'faults.recovery=replacement'], /^replcheck: --knob faults\.recovery is 'replacement', but no server that recovers on one \(a cell, a zone, the MS\) is in config\.faults\.nodes/);
    await refused(['check', '--config', 'crash-cell', '--knob', 'faults.joint=true'], /^replcheck: --knob faults\.joint is true, but a joint checkpoint needs a cell and its zone that both checkpoint 'on-ack' or 'every-k' \(config\.faults\.checkpoint: cell never, zone on-ack\)/);
    // Experiments the knobs are for still run: a control without crashes, a policy turned to never under joint checkpoints.
    for (const argv of [['--config', 'crash-cell', '--knob', 'faults.crashes=0'], ['--config', 'crash-durable', '--knob', 'checkpoint.cell=never']]) {
      const r = await runInProcess(['check', ...argv, '--property', 'durability', '--max-states', '3000', '--out', tmp]);
      expect([0, 1, 3], r.stderr).toContain(r.code);
    }
  }, TIMEOUT);

  it('in a file: a string-form replacement with no server to crash, no budget at all, partitions with no link, joint with no policy that allows one', async () => {
    await refused(['check', '--config', config('rs', '{"crashes":1,"nodes":["mh1"],"recovery":"replacement"}')], /^replcheck: config\.faults\.recovery is 'replacement', but no server that recovers on one/);
    await refused(['check', '--config', config('empty', '{}')], /^replcheck: config\.faults sets up a fault model, but nothing can fail \(it gives none of crashes, losses, partitions, permanent\)/);
    await refused(['check', '--config', config('nolink', '{"partitions":1,"links":[],"nodes":[]}')], /^replcheck: config\.faults\.partitions is above 0 but config\.faults\.links is empty: no link can be cut/);
    await refused(['check', '--config', config('jall', '{"crashes":1,"nodes":["c1"],"checkpoint":"always","joint":true}')], /^replcheck: config\.faults\.joint is true, but a joint checkpoint needs .*cell always, zone always/);
    // A budget written as 0 is a control run, not a mistake: beside nodes, and (sweep 31d) beside links.
    for (const [name, faults] of [['zero', '{"crashes":0,"nodes":["c1"]}'], ['nolinkbudget', '{"crashes":1,"nodes":["c1"],"partitions":0,"links":[["c1","z1"]]}']]) {
      const zero = await runInProcess(['check', '--config', config(name!, faults!), '--property', 'causal-order', '--out', tmp]);
      expect(zero.code, zero.stderr).toBe(0);
    }
  }, TIMEOUT);

  it('one knob or param given twice with different values (the same value twice is fine)', async () => {
    await refused(['check', '--config', 'tiny', '--knob', 'checkpoint.cell=on-ack', '--knob', 'checkpoint.cell=never'], /^replcheck: --knob checkpoint\.cell given twice with different values \("on-ack" and "never"\); give it once/);
    await refused(['check', '--config', 'tiny', '--param', 'symmetry=on', '--param', 'symmetry=off'], /^replcheck: --param symmetry given twice with different values/);
    const same = await runInProcess(['check', '--config', 'tiny', '--knob', 'peerExchange=false', '--knob', 'peerExchange=false', '--property', 'causal-order', '--out', tmp]);
    expect(same.code, same.stderr).toBe(0);
  }, TIMEOUT);
});

describe('the report of a run that ended without its reduction', () => {
  it('(sweep 30d) a user model without reductionParam gets params symmetry=off (restarted: ...), text and --json', async () => {
    const j = await runInProcess(['check', '--model', 'test/fixtures/budget-pair.ts', '--json', '--out', tmp]);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).params.symmetry).toMatch(/^off \(restarted: property 'w0-below-6' fails on /);
    const t = await runInProcess(['check', '--model', 'test/fixtures/budget-pair.ts', '--out', tmp]);
    expect(t.stdout).toMatch(/\nparams     symmetry=off \(restarted: property 'w0-below-6'/);
  }, TIMEOUT);
});

describe('the report under a fault model', () => {
  it('says symmetry=off: the model reduces nothing there (faults name their targets)', async () => {
    const r = await runInProcess(['check', '--config', 'crash-cell', '--property', 'durability', '--json', '--out', tmp]);
    expect(JSON.parse(r.stdout).params.symmetry).toBe('off');
  }, TIMEOUT);
});
