/**
 * Plugin mechanisms in traces: a trace found with `--mechanism FILE` records the plugin's file
 * and the SHA-256 of its contents (`mechanismPlugin`; (stop 31) with the local modules it
 * imports: module-digest.ts), and `replay` loads exactly that plugin:
 * it looks for the file (absolute, else against the trace's directory, else the current
 * directory), refuses one whose contents changed since (the trace would replay another design),
 * and imports it exactly as `check` and `compare` load a `--mechanism` file (importPlugin: tsx
 * for TypeScript, the exit guard, the load timeout, watched by the plugin watchdog). Every
 * failure is one line naming the field and the fix.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { changedModuleText, pluginDigest } from '../src/engine/module-digest.ts';
import { UsageError } from '../src/engine/errors.ts';
import { importPlugin } from '../src/engine/plugin-guard.ts';
import type { TraceFile } from './format.ts';

/** The SHA-256 (hex) of a file's contents. */
export function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The `mechanismPlugin` field for a plugin file given as `file` (resolved against `cwd`). */
export function pluginRecord(file: string, cwd: string): { file: string; sha256: string } {
  return { file, sha256: pluginDigest(resolve(cwd, file)) };
}

/** Where the recorded plugin file is, or undefined. */
export function locatePlugin(file: string, traceFile: string, cwd: string): string | undefined {
  const candidates = isAbsolute(file) ? [file] : [resolve(dirname(traceFile), file), resolve(cwd, file)];
  return candidates.find((p) => existsSync(p));
}

/** Loads the plugin a trace records: the module, or a one-line reason it cannot be used. */
export async function loadTracePlugin(trace: TraceFile, traceFile: string, cwd: string): Promise<{ file: string; module: Record<string, unknown> } | string> {
  const rec = trace.mechanismPlugin!;
  const path = locatePlugin(rec.file, traceFile, cwd);
  if (!path) return `mechanismPlugin.file: plugin ${rec.file} not found (looked next to the trace and in ${cwd}); restore the plugin the trace was found with`;
  const now = pluginDigest(path);
  if (now !== rec.sha256) {
    return `mechanismPlugin.sha256: ${changedModuleText(path, `plugin ${rec.file}`)} has changed since the trace was written (sha256 now ${now.slice(0, 12)}..., recorded ${rec.sha256.slice(0, 12)}...); replay needs the plugin the trace was found with`;
  }
  const label = `mechanismPlugin.file: plugin ${rec.file}`;
  try {
    return { file: rec.file, module: await importPlugin(path, label, undefined, true, rec.file) };
  } catch (e) {
    if (e instanceof UsageError) return e.message.split('\n')[0]!;
    return `${label} cannot be loaded: ${(e as Error).message.split('\n')[0]}`;
  }
}
