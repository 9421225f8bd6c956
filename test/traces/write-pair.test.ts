// traces/write-pair.ts: a trace and its HTML report are written together or not at all. Every
// file-system step is made to fail in turn (nothing may stay behind), and writer processes are
// SIGKILLed at random points (every trace then has its complete report, and the next write's
// sweep leaves no temporary file).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../traces/read.ts';
import { renderHtml } from '../../traces/render/index.ts';
import { serializeTrace } from '../../traces/write.ts';
import { sweepStaleTemporaries, writeTraceWithReport, type PairFs } from '../../traces/write-pair.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const FIXTURE = join(repo, 'test', 'fixtures', 'traces', 'hierarchical-life.trace.json');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-pair-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const read = readTrace(FIXTURE);
if (!read.ok) throw new Error('fixture trace does not validate');
const trace = read.trace;

/** The real file system, with call number `failAt` (counting every call) throwing ENOSPC. */
function failingFs(failAt: number): PairFs & { calls: number } {
  const f = {
    calls: 0,
    step<T>(fn: () => T): T {
      if (f.calls++ === failAt) throw Object.assign(new Error('ENOSPC: no space left on device (injected)'), { code: 'ENOSPC' });
      return fn();
    },
    mkdirSync: (d: string, o: { recursive: true }) => f.step(() => fs.mkdirSync(d, o)),
    writeFileSync: (p: string, d: string) => f.step(() => fs.writeFileSync(p, d)),
    renameSync: (a: string, b: string) => f.step(() => fs.renameSync(a, b)),
    rmSync: (p: string, o: { force: true }) => fs.rmSync(p, o),
    readdirSync: (d: string) => fs.readdirSync(d),
  };
  return f;
}

describe('writing a trace with its report', () => {
  it('writes both files, complete, and nothing else', () => {
    const dir = join(tmp, 'ok');
    const w = writeTraceWithReport(dir, 'x.trace.json', trace);
    expect(readdirSync(dir).sort()).toEqual(['x.trace.html', 'x.trace.json']);
    expect(readFileSync(w.traceFile, 'utf8')).toBe(serializeTrace(trace));
    expect(readFileSync(w.htmlFile, 'utf8')).toBe(renderHtml(trace));
  });

  it('leaves neither file (and no temporary file) when any step fails', () => {
    let steps = 0;
    for (let failAt = 0; ; failAt++) {
      const dir = join(tmp, `fail-${failAt}`);
      const f = failingFs(failAt);
      let threw = false;
      try {
        writeTraceWithReport(dir, 'x.trace.json', trace, f);
      } catch (e) {
        threw = true;
        expect(String(e)).toMatch(/ENOSPC/);
      }
      if (!threw) break; // every step succeeded: all failure points were tried
      steps++;
      expect(existsSync(dir) ? readdirSync(dir) : [], `failure at call ${failAt}`).toEqual([]);
    }
    expect(steps).toBeGreaterThanOrEqual(5); // mkdir, two writes, the marker, two renames
  });

  it('leaves nothing when the renderer throws', () => {
    const dir = join(tmp, 'render');
    const broken = { ...trace, steps: undefined } as unknown as typeof trace;
    expect(() => writeTraceWithReport(dir, 'x.trace.json', broken)).toThrow();
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('a writer SIGKILLed at random points leaves complete pairs only, once swept', async () => {
    for (let round = 0; round < 6; round++) {
      const dir = join(tmp, `kill-${round}`);
      mkdirSync(dir, { recursive: true });
      const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'test', 'fixtures', 'write-loop.ts'), dir, FIXTURE], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((ok) => child.stdout!.once('data', () => ok()));
      await new Promise((ok) => setTimeout(ok, 20 + Math.floor(Math.random() * 300)));
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGKILL');
      await exited;
      sweepStaleTemporaries(dir);
      const names = readdirSync(dir).sort();
      expect(names.filter((n) => n.startsWith('.')), 'no temporary file or marker after the sweep').toEqual([]);
      const traces = names.filter((n) => n.endsWith('.trace.json'));
      expect(names.length).toBe(2 * traces.length); // every trace has its report and no report is alone
      for (const t of traces) {
        expect(readFileSync(join(dir, t), 'utf8')).toBe(serializeTrace(trace));
        expect(readFileSync(join(dir, t.replace(/\.json$/, '.html')), 'utf8')).toBe(renderHtml(trace));
      }
    }
  }, 600_000);
});
