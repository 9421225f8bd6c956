// `replcheck compare` in-process: the matrix and costs on tiny (every built-in mechanism), the
// --json contract, --out files and traces, a plugin column, and bad input (exit 2, nothing run).
// The run on `small` with its per-mechanism guarantees is in compare.long.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (argv: string[]) => runInProcess(argv);

const BUILTIN = ['hierarchical', 'arrival-order', 'sequencer', 'lamport', 'vector-causal', 'lww', 'primary-copy', 'bayou'];

describe('compare', () => {
  it('checks every built-in mechanism on tiny: JSON results, costs and written traces', async () => {
    const out = join(tmp, 'tiny');
    const r = await cli(['compare', '--config', 'tiny', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mechanisms).toEqual(BUILTIN);
    expect(j.results).toHaveLength(BUILTIN.length * 22); // 21 before issue 13 added metadata-convergence
    for (const x of j.results) expect(Object.keys(x)).toEqual(expect.arrayContaining(['mechanism', 'property', 'status', 'length', 'traceFile']));
    // tiny has a single writer: no mechanism can go wrong there.
    expect(j.results.filter((x: { status: string }) => x.status !== 'holds')).toEqual([]);
    // (Stop 28) ...and most properties are vacuous there, which the results now say (with the witness counts).
    const vacuous = j.results.filter((x: { vacuous?: boolean }) => x.vacuous === true);
    expect(vacuous.length).toBeGreaterThan(0);
    expect(vacuous.every((x: { witnesses?: number; never?: string }) => x.witnesses === 0 && typeof x.never === 'string')).toBe(true);
    expect(j.results.find((x: { property: string }) => x.property === 'ca-state:stable').vacuous).toBeUndefined();
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')).results).toEqual(j.results);
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toContain('| ca-state:stable | holds | holds | holds | holds | holds ° | holds | holds | holds |');
    // One update, seven deliveries on a shortest complete run (RU up three hops, ReRU down four).
    for (const c of j.costs) expect(c).toMatchObject({ updates: 1, messages: 7, messagesPerUpdate: 7, completeRunSteps: 25 });
    expect(j.costs.find((c: { mechanism: string }) => c.mechanism === 'hierarchical').distinctStates).toBe(80);
  });

  it('prints a Markdown matrix for a subset, with a plugin column and a property filter', async () => {
    const r = await cli(['compare', '--config', 'tiny', '--mechanisms', 'hierarchical,examples/my-ordering.ts',
      '--property', 'causal-order,ca-state:stable', '--out', join(tmp, 'md')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| property | hierarchical | cell-causal |');
    // (Stop 28) tiny has no causally related pair: the pass is vacuous and says so.
    expect(r.stdout).toContain('| causal-order | holds (vacuous) | holds (vacuous) |');
    expect(r.stdout).toContain('`(vacuous)`: no explored state exercised it');
    expect(r.stdout).toContain('| ca-state:stable | holds | holds |');
    expect(r.stdout).not.toContain('| total-order');
    expect(r.stdout).toMatch(/\| hierarchical \| 80 \| 7\.00 \| \d+ \| 25 \|/);
  });

  it('writes each violation\'s trace and html, with the line that reproduces it', async () => {
    const r = await cli(['compare', '--config', 'test/fixtures/mechanisms/read-own.json', '--mechanisms', 'hierarchical,primary-copy',
      '--property', 'read-your-writes', '--json', '--out', join(tmp, 'ryw')]);
    expect(r.code).toBe(0);
    const bad = JSON.parse(r.stdout).results.filter((x: { status: string }) => x.status !== 'holds');
    expect(bad.map((x: { mechanism: string; property: string; length: number }) => [x.mechanism, x.property, x.length]))
      .toEqual([['primary-copy', 'read-your-writes', 2]]);
    expect(bad[0].traceFile).toMatch(/primary-copy\/replication-read-your-writes-check-[0-9a-f]{8}\.trace\.json$/);
    expect(existsSync(resolve(repo, bad[0].traceFile))).toBe(true);
    expect(existsSync(resolve(repo, bad[0].htmlFile))).toBe(true);
  });

  it('applies --knob to every mechanism', async () => {
    const on = await cli(['compare', '--config', 'test/fixtures/mechanisms/read-own.json', '--mechanisms', 'primary-copy',
      '--knob', 'eager=true', '--property', 'read-your-writes', '--json', '--out', join(tmp, 'knob')]);
    expect(JSON.parse(on.stdout).results[0]).toMatchObject({ status: 'holds' });
    const r = await cli(['compare', '--config', 'tiny', '--mechanisms', 'hierarchical,lamport', '--knob', 'flagOnSend=true',
      '--property', 'propagation-flag', '--json', '--out', join(tmp, 'knob2')]);
    for (const x of JSON.parse(r.stdout).results) {
      expect(x).toMatchObject({ status: 'violated', reproduce: expect.stringContaining('--knob flagOnSend=true') });
    }
  });

  // (Sweep 31a) A settled state that had lost its update (c1 crashed before checkpointing it) was
  // taken as the shortest complete run: 5 steps and 1 message an update, the cost of losing data.
  it('measures costs under a fault model on runs that lose no update (crash-cell costs what crashes=0 costs)', async () => {
    const cost = async (extra: string[]) => {
      const r = await cli(['compare', '--config', 'crash-cell', '--mechanisms', 'hierarchical', '--timed-runs', '0', '--json', '--out', join(tmp, 'crash'), ...extra]);
      expect([0, 1], r.stderr).toContain(r.code);
      const c = JSON.parse(r.stdout).costs[0];
      return [c.completeRunSteps, c.messages, c.messagesPerUpdate, c.drainSteps];
    };
    const faulty = await cost([]);
    expect(faulty).toEqual(await cost(['--knob', 'checkpoint.zone=on-ack']));
    // (Sweep 31d) Nor a run that loses a host for good once its update is numbered (it was 20 steps, 5 messages).
    const host = async (extra: string[]) => {
      const r = await cli(['compare', '--config', 'crash-host', '--mechanisms', 'hierarchical', '--timed-runs', '0', '--json', '--out', join(tmp, 'crash-host'), ...extra]);
      expect([0, 1], r.stderr).toContain(r.code);
      const c = JSON.parse(r.stdout).costs[0];
      return [c.completeRunSteps, c.messages];
    };
    expect(await host(['--knob', 'faults.permanent=1'])).toEqual(await host([]));
    expect(faulty[0]).toBeGreaterThan(5);
    expect(faulty[1]).toBeGreaterThan(1);
  }, 120_000);

  it('rejects bad input with exit 2 before running anything', async () => {
    const cases: [string[], RegExp][] = [
      [['--mechanisms', 'hierarchical,nope'], /--mechanisms \(nope\): must be one of hierarchical, arrival-order, sequencer, lamport, vector-causal, lww, primary-copy, bayou or a module file \(got "nope"\)/],
      [['--mechanisms', 'test/fixtures/mechanisms/no-arrange.ts'], /the default export has no function 'arrange' \(an OrderingMechanism needs name, description, totalOrder, stamp, release, commit, arrange, peer\)/],
      [['--property', 'no-such'], /unknown property 'no-such'/],
      [['--knob', 'eager=maybe'], /--knob eager must be true or false/],
      [['--mechanisms', ','], /--mechanisms needs comma-separated/],
      [['--mechanism', 'lww'], /unknown option --mechanism/],
    ];
    for (const [args, message] of cases) {
      const out = join(tmp, 'bad');
      const r = await cli(['compare', '--config', 'tiny', '--out', out, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('is listed in the program help and has its own', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/compare +check every property under each ordering mechanism/);
    const h = await cli(['compare', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: replcheck compare');
  });
});
