// `replcheck measure` in-process: the per-mechanism table on wan-small with rows that differ
// where the protocols differ, byte-for-byte reproducibility from --seed, --assert verdicts and
// exit codes (0 holds, 1 refuted, 3 undecided), --out files, and bad network/workload input
// refused with one line naming the field (exit 2).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TIMED_PRESETS } from '../../model/timed/presets.ts';
import { runInProcess } from './in-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'replcheck-measure-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (argv: string[]) => runInProcess(argv);

const SHORT = ['--runs', '2', '--duration', '15s'];

describe('measure', () => {
  it('prints a table for the five mechanisms whose cost rows differ where the protocols differ', async () => {
    const r = await cli(['measure', '--config', 'wan-small', ...SHORT, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mechanisms).toEqual(['hierarchical', 'sequencer', 'primary-copy', 'bayou', 'lww']);
    const m = (mech: string, key: string) => j.results.find((x: { mechanism: string }) => x.mechanism === mech).metrics[key].mean as number;
    // Primary copy forwards writes and waits: its write response is a WAN round trip, the others a local write.
    expect(m('primary-copy', 'write-response.mean')).toBeGreaterThan(100 * m('hierarchical', 'write-response.mean'));
    // Ordering metadata: dependency lists (hierarchical, bayou) > one clock (lww) > none (sequencer, primary copy).
    expect(m('bayou', 'metadata.bytes-per-update')).toBeGreaterThan(m('lww', 'metadata.bytes-per-update'));
    expect(m('hierarchical', 'metadata.bytes-per-update')).toBeGreaterThan(m('lww', 'metadata.bytes-per-update'));
    expect(m('lww', 'metadata.bytes-per-update')).toBe(8);
    expect(m('sequencer', 'metadata.bytes-per-update')).toBe(0);
    for (const x of j.results) {
      expect(x.runs).toBe(2);
      expect(x.metrics['write-response.p99'].n).toBe(2);
      expect(x.tVisibility.p.length).toBeGreaterThan(10);
    }
  }, 120_000);

  it('is reproducible byte for byte from --seed, and another seed differs', async () => {
    const a = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', ...SHORT, '--seed', '5']);
    const b = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', ...SHORT, '--seed', '5']);
    const c = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', ...SHORT, '--seed', '6']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
    expect(a.stdout).toContain('| write response p99 |');
  }, 120_000);

  it('gives the same result on two worker threads as on one (precision rule included)', async () => {
    const argv = ['measure', '--config', 'wan-small', '--mechanisms', 'sequencer', '--duration', '10s', '--precision', '0.2', '--seed', '9', '--json'];
    const one = await cli(argv);
    const two = await cli([...argv, '--threads', '2']);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).results[0].runs).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('stops when the requested precision is reached and says how many runs it took', async () => {
    const r = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', '--duration', '15s', '--precision', '0.2', '--json']);
    const j = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(j.results[0].precisionReached).toBe(true);
    expect(j.results[0].runs).toBeGreaterThanOrEqual(3);
    const v = j.results[0].metrics['visibility.mean'];
    expect(v.half).toBeLessThanOrEqual(0.2 * v.mean);
  }, 120_000);

  it('decides --assert: holds (0), refuted (1), undecided within the budget (3)', async () => {
    const hold = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', '--duration', '15s', '--max-runs', '30', '--precision', '0.5', '--assert', 'p99(write-response) < 200ms', '--json']);
    expect(hold.code).toBe(0);
    // (Sweep 30b) Its p99 is 5 ms in every run: a sample without spread decides only at 30 runs.
    expect(JSON.parse(hold.stdout).results[0].assertions[0].samples).toBe(30);
    expect(JSON.parse(hold.stdout).results[0].assertions[0].verdict).toBe('holds');
    const ref = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'primary-copy', '--duration', '15s', '--max-runs', '6', '--assert', 'p99(write-response) < 200ms', '--json']);
    expect(ref.code).toBe(1);
    expect(JSON.parse(ref.stdout).results[0].assertions[0].verdict).toBe('refuted');
    const prob = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', '--duration', '15s', '--max-runs', '6', '--precision', '0.9', '--assert', 'P(staleness > 1s) < 0.01', '--json']);
    const pv = JSON.parse(prob.stdout).results[0].assertions[0];
    expect(pv.verdict).toBe('holds');
    expect(prob.code).toBe(0);
    const und = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', '--duration', '15s', '--max-runs', '2', '--assert', 'mean(visibility) < 700ms', '--json']);
    expect(und.code).toBe(3);
    expect(JSON.parse(und.stdout).results[0].assertions.map((a: { verdict: string }) => a.verdict)).toContain('undecided');
  }, 120_000);

  it('ends its text report with a line that says what the exit code means, and why when it is not 0', async () => {
    const base = ['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', '--duration', '15s'];
    const und = await cli([...base, '--max-runs', '2', '--assert', 'mean(visibility) < 700ms']);
    expect(und.code).toBe(3);
    expect(und.stdout.trimEnd().split('\n').at(-1)).toBe('Result: incomplete: undecided within the run budget: "mean(visibility) < 700ms" for hierarchical (raise --max-runs or --duration); precision 5% not reached by hierarchical (2 runs) (raise --max-runs or loosen --precision) (exit 3).');
    const short = await cli([...base, '--max-runs', '3', '--precision', '0.0001']);
    expect(short.code).toBe(3);
    expect(short.stdout.trimEnd().split('\n').at(-1)).toBe('Result: incomplete: precision 0.01% not reached by hierarchical (3 runs) (raise --max-runs or loosen --precision) (exit 3).');
    const ref = await cli([...base, '--runs', '30', '--assert', 'p99(write-response) < 1ms']);
    expect(ref.code).toBe(1);
    expect(ref.stdout.trimEnd().split('\n').at(-1)).toBe('Result: refuted: "p99(write-response) < 1ms" for hierarchical (exit 1).');
    const ok = await cli([...base, '--runs', '2']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trimEnd().split('\n').at(-1)).toBe('Result: measured (exit 0).');
  }, 120_000);

  it('writes measure.md, measure.json and a self-contained measure.html with --out', async () => {
    const out = join(tmp, 'out');
    const r = await cli(['measure', '--config', 'seed003-a', '--mechanisms', 'primary-copy', '--runs', '2', '--out', out]);
    expect(r.code).toBe(0);
    for (const f of ['measure.md', 'measure.json', 'measure.html']) expect(existsSync(join(out, f))).toBe(true);
    const html = readFileSync(join(out, 'measure.html'), 'utf8');
    expect(html).toContain('id="traffic-wan"');
    expect(html).not.toMatch(/<script|https?:\/\//);
  }, 120_000);

  // (F7) A mechanism that stops committing must not look fast: the latency rows average only the
  // updates that got a Global ID, so the share that never did is a row, a --json metric, an
  // --assert metric and a note under the table; a correct mechanism shows 0.
  it('shows the share of updates never given a Global ID, and says so under the table', async () => {
    const starve = 'test/fixtures/mechanisms/starve.ts';
    const base = ['measure', '--config', 'small', '--mechanisms', `hierarchical,${starve}`, '--runs', '2', '--duration', '20s'];
    const j = JSON.parse((await cli([...base, '--json'])).stdout);
    const [h, s] = j.results;
    expect(h.metrics['uncommitted.mean'].mean).toBe(0);
    expect(h.metrics['unseen.mean'].mean).toBe(0);
    expect(h.notes).toEqual([]);
    expect(s.metrics['uncommitted.mean'].mean).toBeGreaterThan(0.5);
    expect(s.notes).toEqual([expect.stringMatching(/^starve: \d+% of the updates written before the last 10 s of each 20 s run never got a Global ID .*count only the updates that did\.$/)]);
    // (Sweep 30b) hierarchical's share is 0 in every run: without spread it is decided at 30 runs.
    const text = await cli([...base.slice(0, -4), '--runs', '30', '--duration', '20s', '--assert', 'mean(uncommitted) < 0.01', '--out', join(tmp, 'starve')]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\| updates never given a Global ID \(share; final horizon excluded\) \| 0\.000 ± 0\.000 \| \d\.\d{3} ± \d\.\d{3} \|/);
    expect(text.stdout).toMatch(/\n\nstarve: \d+% of the updates written before the last 10 s of each 20 s run never got a Global ID .*\n/);
    expect(text.stdout).toMatch(/\| mean\(uncommitted\) < 0\.01 \| hierarchical \| holds \|/);
    expect(text.stdout).toMatch(/\| mean\(uncommitted\) < 0\.01 \| starve \| refuted \|/);
    // (Sweep 30e) The HTML page has the note and the verdicts too.
    const html = readFileSync(join(tmp, 'starve', 'measure.html'), 'utf8');
    expect(html).toMatch(/<p class="note">starve: \d+% of the updates written before the last 10 s of each 20 s run never got a Global ID/);
    expect(html).toMatch(/<table id="assertions">[\s\S]*<td>mean\(uncommitted\) &lt; 0\.01<\/td><td>starve<\/td><td>refuted<\/td>/);
  }, 120_000);

  it('(sweep 30e) an assertion on figures that leave out uncommitted updates does not hold: undecided, and says why', async () => {
    const starve = 'test/fixtures/mechanisms/starve.ts';
    const r = await cli(['measure', '--config', 'small', '--mechanisms', starve, '--runs', '30', '--duration', '20s', '--assert', 'mean(staleness) < 1s']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/\| mean\(staleness\) < 1s \| starve \| undecided \|/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Result: incomplete: undecided: "mean\(staleness\) < 1s" for starve rests on figures that leave out the updates the note below the table counts/);
  }, 120_000);

  it('(sweep 30e) --runs with --max-runs is refused, and an undecided --runs run advises raising --runs', async () => {
    const both = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', '--runs', '3', '--max-runs', '40']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^replcheck: give either --runs \(exactly N runs\) or --max-runs/);
    const und = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical', '--runs', '3', '--duration', '15s', '--assert', 'mean(write-response) > 1ms']);
    expect(und.code).toBe(3);
    expect(und.stdout.trimEnd().split('\n').at(-1)).toMatch(/\(raise --runs or --duration\) \(exit 3\)\.$/);
  }, 120_000);

  it('(sweep 31c) charges a plugin for dependency lists by what it declares (readsDeps), not by its name', async () => {
    const withDeps = join(tmp, 'vc-deps.ts');
    writeFileSync(withDeps, `import vc from ${JSON.stringify(join(process.cwd(), 'test/fixtures/mechanisms/vc-clone.ts'))};\nexport default { ...vc, name: 'vc-deps', readsDeps: true };\n`);
    const r = await cli(['measure', '--config', 'wan-small', '--mechanisms', `vector-causal,test/fixtures/mechanisms/vc-clone.ts,${withDeps}`, ...SHORT, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [builtin, clone, deps] = JSON.parse(r.stdout).results as { metrics: Record<string, { mean: number }> }[];
    // The same design under another name costs the same, every metric.
    expect(clone!.metrics).toEqual(builtin!.metrics);
    // Declared to read dependency lists, it ships them: more metadata bytes an update.
    expect(deps!.metrics['metadata.bytes-per-update']!.mean).toBeGreaterThan(clone!.metrics['metadata.bytes-per-update']!.mean);
  }, 120_000);

  it('(sweep 31c) names the flag the user wrote for an unknown mechanism: --mechanisms, not --mechanism', async () => {
    const r = await cli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical,nosuch', ...SHORT]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^replcheck: --mechanisms \(nosuch\): must be one of hierarchical, .* or a module file \(got "nosuch"\)$/);
    expect((await cli(['measure', '--help'])).stdout).toMatch(/also p50, p90, p95,/);
  }, 120_000);

  it('(sweep 31c) refuses a plugin whose promises name an unknown property, as check does', async () => {
    for (const command of [['measure', '--config', 'wan-small', ...SHORT], ['check', '--config', 'tiny']]) {
      const r = await cli([...command, command[0] === 'measure' ? '--mechanisms' : '--mechanism', 'test/fixtures/mechanisms/bad-promise.ts', '--out', tmp]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toMatch(/^replcheck: mechanism bad-promise promises unknown property 'causal-ordr' \(known: causal-order, /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);

  it('every built-in mechanism leaves no update uncommitted or unseen on wan-small', async () => {
    const j = JSON.parse((await cli(['measure', '--config', 'wan-small', ...SHORT, '--json'])).stdout);
    for (const x of j.results) {
      expect([x.mechanism, x.metrics['uncommitted.mean'].mean, x.metrics['unseen.mean'].mean, x.notes]).toEqual([x.mechanism, 0, 0, []]);
      expect(x.metrics['uncommitted.mean'].n).toBe(2);
    }
  }, 120_000);

  it('says why every cell is n/a when no update was written (handoff: the only writer has no clients)', async () => {
    const r = await cli(['measure', '--config', 'handoff', '--mechanisms', 'hierarchical', '--runs', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| write response mean | n/a |');
    expect(r.stdout).toContain('\n\nNo update was written in any run, so the write, Global ID, visibility, metadata and per-update traffic rows are n/a: no node with clients may write in this configuration (clients at mh1; writers: ms), so every operation was a read');
  }, 120_000);

  describe('bad input: one line naming the field, exit 2, nothing run', () => {
    const base = TIMED_PRESETS['wan-small'] as Record<string, any>;
    const file = (name: string, cfg: unknown) => { const f = join(tmp, name); writeFileSync(f, JSON.stringify(cfg)); return f; };
    const cases: [string, unknown, RegExp][] = [
      ['negative latency', { ...base, network: { ...base.network, links: { ...base.network.links, wan: { ...base.network.links.wan, latency: { type: 'uniform', min: -5, max: 10 } } } } }, /network\.links\.wan\.latency\.min must not be negative/],
      ['missing parameter', { ...base, network: { ...base.network, links: { ...base.network.links, lan: { ...base.network.links.lan, latency: { type: 'exponential' } } } } }, /network\.links\.lan\.latency\.mean is missing/],
      ['unused link class', { ...base, network: { ...base.network, links: { ...base.network.links, sat: { latency: { type: 'constant', value: 600 }, bandwidth: 1000 } } } }, /network\.links\.sat is a link class no node uses/],
      ['workload distribution', { ...base, workload: { ...base.workload, interArrival: { type: 'lognormal', mu: 7 } } }, /workload\.interArrival\.sigma is missing/],
      ['bad read ratio', { ...base, workload: { ...base.workload, readRatio: 1.5 } }, /workload\.readRatio must be a fraction/],
      // Issue 14: the design-space knobs of the replication configuration.
      ['bad propagation', { ...base, replication: { ...base.replication, knobs: { propagation: 'fast' } } }, /config\.knobs\.propagation must be one of "lazy", "eager" \(got "fast"\)/],
      ['bad secondaryWrites', { ...base, replication: { ...base.replication, knobs: { secondaryWrites: 'drop' } } }, /config\.knobs\.secondaryWrites must be one of "redirect", "reject"/],
      ['primary at an unknown node', { ...base, replication: { ...base.replication, knobs: { primaryPlacement: { o1: 'mh9' } } } }, /config\.knobs\.primaryPlacement: mh9 \(primary of o1\) is not a node of the configuration; name a server or a host/],
      ['primary of an unknown object', { ...base, replication: { ...base.replication, knobs: { primaryPlacement: 'o7=ms' } } }, /config\.knobs\.primaryPlacement: o7 is not an object; name one of o1, o2/],
    ];
    for (const [name, cfg, msg] of cases) {
      it(name, async () => {
        const r = await cli(['measure', '--config', file(`${name.replace(/ /g, '-')}.json`, cfg), '--runs', '1']);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(msg);
      });
    }
    it('a malformed --assert, an unknown metric, --runs with --precision', async () => {
      for (const [argv, msg] of [
        [['--assert', 'p99(write-response) << 200ms'], /--assert "p99\(write-response\) << 200ms" is malformed/],
        [['--assert', 'p99(latency) < 200ms'], /unknown metric 'latency'/],
        // (Stop 29) A time unit on a count was taken silently.
        [['--assert', 'mean(stale-count) < 5ms'], /^replcheck: --assert "mean\(stale-count\) < 5ms": stale-count is a count, not a time; write its bound without 'ms'/],
        // (Stop 29) A statistic no run computes was undecided forever (exit 3, "raise --max-runs").
        [['--assert', 'p90(write-response) < 200ms'], /^replcheck: --assert "p90\(write-response\) < 200ms": write-response has no per-run p90 \(it has mean, p50, p95, p99\)/],
        [['--runs', '2', '--precision', '0.1'], /either --runs or --precision/],
        [['--duration=-3s'], /--duration must be a positive time/],
        [['--knob', 'propagation=fast'], /--knob propagation must be lazy or eager \(got "fast"\)/],
      ] as [string[], RegExp][]) {
        const r = await cli(['measure', '--config', 'wan-small', ...argv]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(msg);
      }
    });
  });
});
