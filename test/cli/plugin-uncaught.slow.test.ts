// (Sweep 29, findings 7 and 8) A mechanism plugin that misbehaves outside its method calls is
// named in one line, exit 2, never "internal error ... this is a bug": a member whose read throws
// (a getter, a Proxy) is a load error naming the member; an uncaught exception or unhandled
// rejection it started (a timer, a promise) ends the run, and under --json stdout stays empty
// (never a pass object beside exit 2), with the watchdog's worker and on the main thread
// (REPLCHECK_WATCHDOG=0). Under --json every way user code writes to stdout (console.dir, table,
// group, count, process.stdout.write) goes to stderr, in check, simulate, compare and measure.
// (Stop 30) The same on the search workers of --workers 2 and the workers of measure --threads.
import { describe, expect, it } from 'vitest';
import { replcheck } from './harness.ts';

const LONG = 120_000;
const F = 'test/fixtures/plugins';

function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, line: RegExp, json: boolean): void {
  expect(r.code, r.stderr).toBe(2);
  if (json) expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('replcheck: '));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/internal error|this is a bug/);
}

describe('a mechanism plugin that fails outside its method calls', () => {
  it('a `name` getter that throws is a load error naming the member', async () => {
    const r = await replcheck(['check', '--config', 'tiny', '--mechanism', `${F}/getter-name.mjs`, '--json']);
    expectOneLine(r, /^replcheck: --mechanism file test\/fixtures\/plugins\/getter-name\.mjs cannot be loaded: reading its member 'name' threw: getter boom$/, true);
  }, LONG);

  it('a Proxy that throws on every read is a load error naming the member', async () => {
    const r = await replcheck(['check', '--config', 'tiny', '--mechanism', `${F}/proxy.mjs`]);
    expectOneLine(r, /^replcheck: --mechanism file test\/fixtures\/plugins\/proxy\.mjs cannot be loaded: reading its member 'name' threw: proxy get name$/, false);
  }, LONG);

  for (const watchdog of ['1', '0']) {
    const env = { REPLCHECK_WATCHDOG: watchdog };
    it(`an unhandled rejection from release names the plugin (REPLCHECK_WATCHDOG=${watchdog})`, async () => {
      for (const json of [true, false]) {
        const r = await replcheck(['check', '--config', 'tiny', '--mechanism', `${F}/unhandled.mjs`, ...(json ? ['--json'] : [])], undefined, env);
        expectOneLine(r, /^replcheck: mechanism plugin test\/fixtures\/plugins\/unhandled\.mjs raised an uncaught error outside a method call \(a timer or promise it started\): unhandled in release$/, json);
      }
    }, LONG);

    it(`a timer that throws names the plugin, and --json withholds the verdict (REPLCHECK_WATCHDOG=${watchdog})`, async () => {
      const r = await replcheck(['check', '--config', 'tiny', '--mechanism', `${F}/timer-throw.mjs`, '--json'], undefined, env);
      expectOneLine(r, /^replcheck: mechanism plugin test\/fixtures\/plugins\/timer-throw\.mjs raised an uncaught error outside a method call \(a timer or promise it started\): timer boom$/, true);
    }, LONG);
  }
});

describe('a plugin error outside a method call on a search or measure worker (stop 30)', () => {
  const P = `${F}/worker-reject.mjs`;
  const line = /^replcheck: mechanism plugin test\/fixtures\/plugins\/worker-reject\.mjs raised an uncaught error outside a method call \(a timer or promise it started\): worker rejection$/;
  const runs: [string, string[]][] = [
    ['check --workers 2', ['check', '--config', 'small', '--mechanism', P, '--workers', '2']],
    ['simulate --workers 2', ['simulate', '--config', 'medium', '--runs', '400', '--seed', '3', '--mechanism', P, '--workers', '2']],
    ['measure --threads 2', ['measure', '--mechanisms', P, '--runs', '6', '--duration', '2s', '--threads', '2']],
  ];
  for (const [what, args] of runs) {
    it(what, async () => {
      // REPLCHECK_JOIN_WAIT: the walk worker walks even when this thread could walk every run first (stop 36).
      expectOneLine(await replcheck([...args, '--json'], undefined, { REPLCHECK_JOIN_WAIT: '1' }), line, true);
    }, LONG);
  }
});

describe('user output under --json: every console method and process.stdout.write go to stderr', () => {
  const P = `${F}/noisy.mjs`;
  const runs: [string, string[], Record<string, string>?][] = [
    ['check', ['check', '--config', 'tiny', '--mechanism', P]],
    ['check on the main thread', ['check', '--config', 'tiny', '--mechanism', P], { REPLCHECK_WATCHDOG: '0' }],
    ['simulate', ['simulate', '--config', 'tiny', '--runs', '5', '--mechanism', P]],
    ['compare', ['compare', '--config', 'tiny', '--mechanisms', `hierarchical,${P}`]],
    ['measure', ['measure', '--mechanisms', P, '--runs', '2', '--duration', '1s']],
    ['measure --threads 2', ['measure', '--mechanisms', P, '--runs', '4', '--duration', '1s', '--threads', '2']],
  ];
  for (const [what, args, env] of runs) {
    it(what, async () => {
      const r = await replcheck([...args, '--json'], undefined, env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/noisy (log|write|buffer|group|count)|'import'/);
      expect(() => JSON.parse(r.stdout), r.stdout).not.toThrow();
      for (const s of ['noisy: \'import\'', '│ noisy', 'noisy group import', 'noisy count import: 1', 'noisy log import', 'noisy write import', 'noisy buffer import', 'noisy write release']) {
        expect(r.stderr, s).toContain(s);
      }
    }, LONG);
  }
});
