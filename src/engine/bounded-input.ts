/**
 * (Issue 16) Bounded input: files are read with a size cap (so `/dev/zero` or a runaway file is
 * refused instead of exhausting memory) and JSON nesting depth is checked before parsing (so a
 * document nested 100,000 deep is refused instead of overflowing the stack downstream).
 * `REPLCHECK_MAX_INPUT_MB` raises the size caps.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** The deepest JSON nesting accepted (configurations and traces nest a few levels). */
export const MAX_JSON_DEPTH = 256;

/** The size cap in bytes: `defaultMb` megabytes unless `REPLCHECK_MAX_INPUT_MB` says otherwise. */
export function inputCapBytes(defaultMb: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env.REPLCHECK_MAX_INPUT_MB;
  const mb = raw !== undefined && Number(raw) > 0 ? Number(raw) : defaultMb;
  return Math.floor(mb * 1024 * 1024);
}

/** The outcome of a capped read: the text, or why not (`too-large`, or the system's error code). */
export type CappedRead = { ok: true; text: string } | { ok: false; tooLarge: boolean; reason: string };

/**
 * Reads at most `maxBytes` of `file` as UTF-8; a file with more (including endless devices such
 * as `/dev/zero`) is refused without reading further.
 */
export function readCapped(file: string, maxBytes: number): CappedRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return { ok: false, tooLarge: false, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1));
    for (;;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > maxBytes) {
        const mb = maxBytes / (1024 * 1024);
        return { ok: false, tooLarge: true, reason: `it is larger than ${mb >= 1 ? `${Math.round(mb)} MB` : `${maxBytes} bytes`} (set REPLCHECK_MAX_INPUT_MB to raise the cap)` };
      }
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { ok: false, tooLarge: false, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

/**
 * Why `text` nests deeper than `maxDepth` arrays and objects (`nested deeper than 256 levels at
 * character 300`), or undefined. A linear scan that skips strings; it does not validate JSON.
 */
export function jsonDepthProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return `nested deeper than ${maxDepth} levels (at character ${i})`;
    } else if (c === 93 || c === 125) depth--;
  }
  return undefined;
}

/** (Sweep 30e) `text` with control characters, lone surrogates and U+FFFD shown as `\uXXXX` escapes. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
