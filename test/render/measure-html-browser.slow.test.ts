// The measure HTML report in headless Chromium: written by `replcheck measure --out` for two
// mechanisms on wan-small, it renders to a non-empty screenshot and the DOM has the cost table,
// one CDF line per mechanism, the t-visibility curve per mechanism and a traffic chart per link class.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { ensureChromium, runChromium } from './chromium.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'replcheck-measure-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('measure HTML report in headless Chromium', () => {
  let url = '';
  beforeAll(async () => {
    ensureChromium();
    const code = await runCli(['measure', '--config', 'wan-small', '--mechanisms', 'hierarchical,primary-copy', '--runs', '2', '--duration', '15s', '--out', dir], {
      cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: 't', env: {}, stdout: () => {}, stderr: () => {},
    });
    expect(code).toBe(0);
    url = pathToFileURL(join(dir, 'measure.html')).href;
  }, 900_000);

  it('takes a non-empty screenshot', () => {
    const png = join(dir, 'shot.png');
    runChromium(url, [`--screenshot=${png}`, '--window-size=1400,1000']);
    const bytes = readFileSync(png);
    expect(bytes.readUInt32BE(16)).toBe(1400);
    expect(bytes.length).toBeGreaterThan(20_000);
  }, 120_000);

  it('has the table, the CDFs, the t-visibility curves and traffic per link class', () => {
    const dom = runChromium(url, ['--dump-dom']);
    expect(dom).toMatch(/<table id="costs">/);
    expect(dom).toContain('write response p99');
    for (const id of ['cdf-write-response', 'cdf-visibility', 't-visibility', 'traffic-wireless', 'traffic-lan', 'traffic-wan']) {
      const fig = new RegExp(`<figure id="${id}">([\\s\\S]*?)</figure>`).exec(dom);
      expect(fig, id).not.toBeNull();
      for (const m of ['hierarchical', 'primary-copy']) expect(fig![1]).toMatch(new RegExp(`<path class="series" data-name="${m}" d="M[0-9.]+,[0-9.]+L`));
    }
  }, 120_000);
});
