// Issue 17: `--workers N`. check and simulate give the same --json report (timing aside) and exit
// code on 2 workers as on 1, on passes, violations (same shortest counterexample), early stops
// (--stop-at-first, --max-states, --max-depth), transition and liveness properties and a small
// replication configuration; the same seed twice gives the same report; a state that does not
// survive serialisation makes the run fall back to one thread and say so; bad values exit 2.
// REPLCHECK_WORKERS_FROM=1 hands every level of one state or more to the workers at once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-workers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = 120_000;

const cli = (argv: string[]) => runInProcess(argv, { env: { REPLCHECK_WORKERS_FROM: '1' } });

/** The --json report without timing, memory and `params.workers`, with the --out directory replaced. */
function comparable(json: string, out: string): Record<string, unknown> {
  const o = JSON.parse(json.replaceAll(out, 'OUT'));
  for (const k of ['seconds', 'statesPerSecond', 'stepsPerSecond', 'peakMemoryBytes', 'peakBytesPerState']) delete o.stats[k];
  delete o.params.workers;
  return o;
}

/** Runs `args` with --workers 1 and 2; expects equal reports and exit codes; returns the 2-worker report. */
async function same(command: string, args: string[], code: number) {
  const runs = [];
  for (const n of [1, 2]) {
    const out = join(tmp, `${command}-${runs.length}-${Math.random().toString(36).slice(2)}`);
    const r = await cli([command, ...args, '--workers', String(n), '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(code);
    runs.push({ json: JSON.parse(r.stdout), comparable: comparable(r.stdout, out) });
  }
  expect(runs[1].comparable).toEqual(runs[0].comparable);
  expect(runs[0].json.params.workers).toBe('1');
  return runs[1].json;
}

const TWO = ['--model', 'examples/two-phase.ts'];

describe('check --workers 2 equals --workers 1', () => {
  it('two-phase, 4 RMs, every property (alwaysReachable keeps the edge list): pass', async () => {
    const j = await same('check', [...TWO, '--param', 'rms=4'], 0);
    expect(j.params.workers).toBe('2');
    expect(j.stats.distinctStates).toBe(1568);
  }, TIMEOUT);

  it('two-phase eager-commit: the same shortest counterexample', async () => {
    const j = await same('check', [...TWO, '--param', 'rms=4', '--param', 'variant=eager-commit'], 1);
    expect(j.params.workers).toBe('2');
    expect(j.violation.property).toBe('consistent');
  }, TIMEOUT);

  it('early stops: --stop-at-first, --max-states, --max-depth', async () => {
    await same('check', [...TWO, '--param', 'rms=5', '--param', 'variant=eager-commit', '--stop-at-first'], 1);
    const full = await same('check', [...TWO, '--param', 'rms=5', '--max-states', '700'], 3);
    expect(full.stats.distinctStates).toBe(700);
    const deep = await same('check', [...TWO, '--param', 'rms=4', '--max-depth', '5'], 3);
    expect(deep.stats.limit).toBe('max-depth');
  }, TIMEOUT);

  it('counter: an invariant violated, and an alwaysReachable goal that cannot be reached', async () => {
    await same('check', ['--model', 'test/fixtures/counter.ts', '--param', 'limit=3'], 1);
    await same('check', ['--model', 'test/fixtures/counter.ts', '--param', 'stuck=true'], 1);
  }, TIMEOUT);

  it('ledger: a transition property violated (rollback)', async () => {
    const j = await same('check', ['--model', 'test/fixtures/ledger.ts', '--param', 'rollback=true', '--param', 'cap=3'], 1);
    expect(j.violation.kind).toBe('transition');
  }, TIMEOUT);

  it('replication tiny: symmetry reduction, eventually properties (edge codes), witnesses', async () => {
    const j = await same('check', ['--config', 'tiny'], 0);
    expect(j.params.workers).toBe('2');
    expect(j.params.symmetry).toBe('on');
  }, TIMEOUT);

  // (Sweep 31d) committed-prefix's antecedent compared order arrays by identity: a worker's
  // deserialised states counted 7,346 to 7,488 witnesses where one thread counted 7,168, varying run to run.
  it('replication crash-compare: every witness count as on one thread (states rebuilt on a worker)', async () => {
    const j = await same('check', ['--config', 'crash-compare'], 0);
    expect(j.params.workers).toBe('2');
    expect(j.properties.find((p: { name: string }) => p.name === 'committed-prefix').witnesses).toBeGreaterThan(0);
  }, TIMEOUT);

  it('a symmetry reduction found unsound on a worker: the run restarts on one thread, with the same result, and says so', async () => {
    const j = await same('check', ['--config', 'small', '--mechanism', './test/fixtures/mechanisms/lww-undeclared.ts', '--property', 'causal-order'], 1);
    expect(j.params.symmetry).toMatch(/^off \(restarted: /);
    expect(j.params.workers).toMatch(/^1 \(restarted: the symmetry reduction was found unsound on a worker \(the step 'mh1 writes/);
  }, TIMEOUT);

  it('states that do not survive serialisation: falls back to one thread, says why, same result', async () => {
    const j = await same('check', ['--model', 'test/fixtures/class-states.ts'], 0);
    // (Sweep 29a finding 3) Caught before serialisation now: the class is what serialisation drops.
    expect(j.params.workers).toMatch(/^1 \(restarted: a state holds an instance of Pair, which serialisation to a worker \(v8\.serialize\) turns into plain data/);
  }, TIMEOUT);

  it('class instances that encode the same after serialisation but answer a property through a getter: one thread, same result (sweep 29a finding 3)', async () => {
    const j = await same('check', ['--model', 'test/fixtures/class-getter-states.ts'], 0);
    expect(j.properties).toEqual([expect.objectContaining({ name: 'none-big', status: 'holds' })]);
    expect(j.stats.distinctStates).toBe(81);
    expect(j.params.workers).toMatch(/^1 \(restarted: a state holds an instance of Counter, which serialisation to a worker \(v8\.serialize\) turns into plain data without its methods and getters\)$/);
  }, TIMEOUT);
});

describe('simulate --workers 2 equals --workers 1', () => {
  it('replication tiny, 30 runs: pass; the same seed twice gives the same report', async () => {
    const j = await same('simulate', ['--config', 'tiny', '--runs', '30', '--seed', '4'], 0);
    expect(j.params.workers).toBe('2');
    const again = await same('simulate', ['--config', 'tiny', '--runs', '30', '--seed', '4'], 0);
    expect(again).toEqual({ ...j, stats: { ...j.stats, seconds: again.stats.seconds, stepsPerSecond: again.stats.stepsPerSecond } });
  }, TIMEOUT);

  it('counter with limit=3: the same first failing walk and shrunk counterexample', async () => {
    const j = await same('simulate', ['--model', 'test/fixtures/counter.ts', '--param', 'limit=3', '--runs', '50', '--seed', '9'], 1);
    expect(j.params.workers).toBe('2');
    expect(j.stats.path).toBeDefined();
  }, TIMEOUT);
});

describe('simulate --workers 2 with a worker that never joins (stop 36)', () => {
  // late-worker.ts makes the walk worker wait ten minutes before building the model: this
  // thread walks every run, closes the worker out and ends it (the test would time out otherwise).
  it('a pass and a failing walk: the one-thread report, params.workers 2', async () => {
    const pass = await same('simulate', ['--model', 'test/fixtures/late-worker.ts', '--runs', '40', '--seed', '9'], 0);
    expect(pass.params.workers).toBe('2');
    const fail = await same('simulate', ['--model', 'test/fixtures/late-worker.ts', '--param', 'limit=3', '--runs', '50', '--seed', '9'], 1);
    expect(fail.params.workers).toBe('2');
    expect(fail.stats.path).toBeDefined();
  }, TIMEOUT);
});

describe('simulate --workers 2 with a worker that fails to load before the run listens (stop 36)', () => {
  // worker-load-error.ts throws on the walk worker, which starts while this thread's create()
  // takes five seconds: its fault arrives before the run takes the worker (shard-prestart.ts keeps
  // it). REPLCHECK_JOIN_WAIT: this thread waits for the worker instead of closing it out.
  it('exit 2, one line naming the model file', async () => {
    const r = await runInProcess(['simulate', '--model', 'test/fixtures/worker-load-error.ts', '--runs', '40', '--seed', '9', '--workers', '2', '--json'], { env: { REPLCHECK_JOIN_WAIT: '1' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^replcheck: cannot load model module test\/fixtures\/worker-load-error\.ts: worker-load-error: refuses to load on a worker\n$/);
  }, TIMEOUT);
});

describe('runs that stay on one thread say why in params.workers', () => {
  it('--checkpoint (check) and --path (simulate)', async () => {
    const c = await cli(['check', '--config', 'tiny', '--checkpoint', join(tmp, 'ck'), '--workers', '2', '--json']);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).params.workers).toBe('1 (checkpoints are taken on one thread)');
    const s = await cli(['simulate', '--config', 'tiny', '--runs', '5', '--path', '3', '--workers', '2', '--json']);
    expect(JSON.parse(s.stdout).params.workers).toBe('1 (--path replays one walk)');
  }, TIMEOUT);
});

describe('a --model file under the plugin watchdog uses the workers (the CLI as installed, in its own process)', () => {
  it('two-phase, 4 RMs: params.workers 2 and the same report as on one thread and without the watchdog', () => {
    const run = (workers: string, watchdog: string | undefined) => {
      const out = join(tmp, `watched-${workers}-${watchdog ?? 'on'}`);
      const r = spawnSync(process.execPath, ['bin/replcheck.js', 'check', ...TWO, '--param', 'rms=4', '--workers', workers, '--json', '--out', out], {
        cwd: repo, encoding: 'utf8', env: { ...process.env, REPLCHECK_WATCHDOG: watchdog, REPLCHECK_WORKERS_FROM: '1' },
      });
      expect(r.status, r.stderr).toBe(0);
      return { json: JSON.parse(r.stdout), comparable: comparable(r.stdout, out) };
    };
    const watched = run('2', undefined);
    expect(watched.json.params.workers).toBe('2');
    expect(watched.comparable).toEqual(run('1', undefined).comparable);
    expect(watched.comparable).toEqual(run('2', '0').comparable);
  }, TIMEOUT);
});

describe('REPLCHECK_WORKERS', () => {
  it('sets the default of --workers; a bad value is a one-line error naming it (exit 2)', async () => {
    const saved = process.env.REPLCHECK_WORKERS;
    try {
      process.env.REPLCHECK_WORKERS = '2';
      const two = JSON.parse((await cli(['check', ...TWO, '--json'])).stdout);
      expect(two.params.workers).toBe('2');
      process.env.REPLCHECK_WORKERS = 'many';
      const r = await cli(['check', ...TWO]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^replcheck: REPLCHECK_WORKERS must be a whole number of threads from 1 to 256 \(got 'many'\); use 1 for one thread\n$/);
    } finally {
      if (saved === undefined) delete process.env.REPLCHECK_WORKERS;
      else process.env.REPLCHECK_WORKERS = saved;
    }
  });
});

describe('simulate defaults to every core (this thread walks too)', () => {
  it('a long run without --workers or REPLCHECK_WORKERS uses the cores; a short one keeps one thread', async () => {
    const saved = process.env.REPLCHECK_WORKERS;
    try {
      delete process.env.REPLCHECK_WORKERS;
      const long = JSON.parse((await cli(['simulate', '--config', 'tiny', '--runs', '100', '--seed', '4', '--json'])).stdout);
      expect(long.params.workers).toBe(String(availableParallelism()));
      const short = JSON.parse((await cli(['simulate', '--config', 'tiny', '--runs', '20', '--seed', '4', '--json'])).stdout);
      expect(short.params.workers).toMatch(availableParallelism() > 1 ? /^1 \(a short run/ : /^1$/);
      process.env.REPLCHECK_WORKERS = '1';
      const one = JSON.parse((await cli(['simulate', '--config', 'tiny', '--runs', '100', '--seed', '4', '--json'])).stdout);
      expect(one.params.workers).toBe('1');
      expect(comparable(JSON.stringify(one), 'x')).toEqual(comparable(JSON.stringify(long), 'x'));
    } finally {
      if (saved === undefined) delete process.env.REPLCHECK_WORKERS;
      else process.env.REPLCHECK_WORKERS = saved;
    }
  }, TIMEOUT);
});

describe('bad --workers values', () => {
  for (const bad of ['0', 'x', '1.5']) {
    it(`--workers ${bad}: one line, exit 2`, async () => {
      const r = await cli(['check', ...TWO, '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^replcheck: --workers must be a whole number of threads from 1 to 256 \(got '.*'\); use 1 for one thread\n$/);
    });
  }

  it('simulate --workers x: the one line and nothing on stdout (no header before the error)', async () => {
    const r = await cli(['simulate', '--config', 'tiny', '--workers', 'x']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^replcheck: --workers must be a whole number of threads from 1 to 256 \(got 'x'\)/);
  });
});
