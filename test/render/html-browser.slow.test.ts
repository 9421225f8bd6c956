// The HTML report in a real browser (headless Chromium): a replication counterexample found by
// the checker (causal-order under arrival-order on the small preset) renders to a non-empty
// screenshot, and after its script ran the page has every host's and server's lifeline, the
// highlighted violating step, and the state panel filled in for that step.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../traces/render/html.ts';
import type { ResolvedConfig } from '../../traces/replication.ts';
import { ensureChromium, runChromium } from './chromium.ts';
import { replicationTrace } from './traces.ts';

const dir = mkdtempSync(join(tmpdir(), 'replcheck-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTML report in headless Chromium', () => {
  let url = '';
  let trace: Awaited<ReturnType<typeof replicationTrace>>;
  beforeAll(async () => {
    ensureChromium();
    trace = await replicationTrace();
    const file = join(dir, 'replication-causal-order.trace.html');
    writeFileSync(file, renderHtml(trace));
    url = pathToFileURL(file).href;
  }, 900_000);

  it('takes a non-empty screenshot', () => {
    const png = join(dir, 'shot.png');
    runChromium(url, [`--screenshot=${png}`, '--window-size=1400,900']);
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.readUInt32BE(16)).toBe(1400); // IHDR width
    expect(bytes.readUInt32BE(20)).toBe(900); // IHDR height
    expect(bytes.length).toBeGreaterThan(20_000); // a blank page compresses to a few kB
  });

  it('has every lifeline, the violating step and the panel after the script ran', () => {
    const dom = runChromium(url, ['--dump-dom']);
    const c = trace.config as ResolvedConfig;
    const nodes = [c.master.id, ...c.zones.map((z) => z.id), ...c.cells.map((x) => x.id), ...c.hosts.map((h) => h.id)];
    for (const id of nodes) expect(dom).toMatch(new RegExp(`<g class="lifeline kind-\\w+" data-node="${id}"`));
    const last = trace.steps.length - 1;
    expect(dom).toMatch(new RegExp(`<g class="step violating selected" data-step="${last}"`)); // highlighted and selected by the script
    expect(dom).toMatch(new RegExp(`<aside id="panel"[^>]*data-step="${last}"`));
    expect(dom).toContain(`Step ${last}: ${trace.steps[last].label}`);
    expect(dom).toContain('causal-order violated here');
    for (const id of nodes) expect(dom).toMatch(new RegExp(`<td class="mono[^"]*">${id}</td>`)); // the nodes table of the state
  });
});
