/**
 * Writing a trace together with its HTML report, all or nothing: both are rendered first, then
 * written in full to hidden temporary names (`.<name>.<pid>.tmp`) in the target directory; a
 * commit marker (`.<name>.<pid>.commit`) then says both are complete, and they are renamed into
 * place (report first, trace last) before the marker goes. Any failure (a read-only or full
 * disk, a renderer that throws) removes what this call created, so neither file stays behind.
 * A process killed with SIGKILL while writing leaves only hidden files; the next write into the
 * same directory finishes its pair when the marker exists (roll forward) and removes its
 * temporary files otherwise (roll back): see {@link sweepStaleTemporaries}.
 */
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import type { TraceFile } from './format.ts';
import { htmlFileFor, renderHtml } from './render/index.ts';
import { serializeTrace } from './write.ts';
import { makeDir } from '../src/engine/make-dir.ts';

/** The file-system calls the writer uses (injectable, so tests can make any one of them fail). */
export interface PairFs {
  mkdirSync: (dir: string, o: { recursive: true }) => unknown;
  writeFileSync: (file: string, data: string) => void;
  renameSync: (from: string, to: string) => void;
  rmSync: (file: string, o: { force: true }) => void;
  readdirSync: (dir: string) => string[];
}

const realFs: PairFs = {
  mkdirSync: (d, o) => nodeFs.mkdirSync(d, o),
  writeFileSync: (f, d) => nodeFs.writeFileSync(f, d),
  renameSync: (a, b) => nodeFs.renameSync(a, b),
  rmSync: (f, o) => nodeFs.rmSync(f, o),
  readdirSync: (d) => nodeFs.readdirSync(d),
};

/** Where a pair went. */
export interface WrittenPair {
  traceFile: string;
  htmlFile: string;
}

/** The hidden temporary name of `name` for this process. */
export function temporaryName(name: string, pid = process.pid): string {
  return `.${name}.${pid}.tmp`;
}

const TEMPORARY = /^\.(.+)\.(\d+)\.tmp$/;
const MARKER = /^\.(.+)\.(\d+)\.commit$/;

/** The commit marker of a pair whose trace is `name`. */
function markerName(name: string, pid = process.pid): string {
  return `.${name}.${pid}.commit`;
}

/** True when process `pid` is alive (signal 0 probes without sending anything). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Completes or removes what writers that no longer run (killed mid-write) left in `dir`: a pair
 * with a commit marker is renamed into place, any other temporary file is removed. Best effort:
 * a file that cannot be handled is left for the next sweep rather than failing a run.
 */
export function sweepStaleTemporaries(dir: string, fs: PairFs = realFs): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const present = new Set(names);
  const attempt = (f: () => void) => {
    try {
      f();
    } catch {
      // best effort (see above)
    }
  };
  for (const n of names) {
    const m = MARKER.exec(n);
    if (!m || alive(Number(m[2]))) continue;
    const [traceName, pid] = [m[1]!, Number(m[2])];
    for (const name of [htmlFileFor(traceName), traceName]) {
      const tmp = temporaryName(name, pid);
      if (present.has(tmp)) attempt(() => fs.renameSync(join(dir, tmp), join(dir, name)));
    }
    attempt(() => fs.rmSync(join(dir, n), { force: true }));
  }
  for (const n of fs.readdirSync(dir)) {
    const m = TEMPORARY.exec(n);
    if (m && !alive(Number(m[2]))) attempt(() => fs.rmSync(join(dir, n), { force: true }));
  }
}

/**
 * Writes `trace` as `<dir>/<fileName>` and its HTML report next to it, atomically as a pair.
 * Throws (with nothing left behind) when either cannot be written.
 */
export function writeTraceWithReport(dir: string, fileName: string, trace: TraceFile, fs: PairFs = realFs): WrittenPair {
  const traceFile = join(dir, fileName);
  const htmlFile = htmlFileFor(traceFile);
  const json = serializeTrace(trace);
  const html = renderHtml(trace); // a renderer failure happens before anything touches the disk
  if (fs === realFs) makeDir(dir, '--out'); // (stop 28) never the recursive mkdir that can loop forever
  else fs.mkdirSync(dir, { recursive: true });
  sweepStaleTemporaries(dir, fs);
  const tmpTrace = join(dir, temporaryName(fileName));
  const tmpHtml = join(dir, temporaryName(htmlFileFor(fileName)));
  const marker = join(dir, markerName(fileName));
  const created: string[] = [];
  try {
    created.push(tmpTrace);
    fs.writeFileSync(tmpTrace, json);
    created.push(tmpHtml);
    fs.writeFileSync(tmpHtml, html);
    created.push(marker);
    fs.writeFileSync(marker, '');
    fs.renameSync(tmpHtml, htmlFile);
    created.push(htmlFile);
    fs.renameSync(tmpTrace, traceFile);
    try {
      fs.rmSync(marker, { force: true });
    } catch {
      // the pair is in place; a leftover marker of a finished pair is swept harmlessly later
    }
    return { traceFile, htmlFile };
  } catch (e) {
    for (const f of created) {
      try {
        fs.rmSync(f, { force: true });
      } catch {
        // keep the original error
      }
    }
    throw e;
  }
}
