/**
 * Loading a trace file: read, parse (saying so in one line when the JSON is truncated or
 * malformed), import ITF when the document is ITF (by content, whatever its name), and validate
 * against the schema. Every failure is a value listing `{path, message}` errors.
 */
import { inputCapBytes, jsonDepthProblem, printable, readCapped } from '../src/engine/bounded-input.ts';
import type { TraceFile } from './format.ts';
import { fromItf, isItf } from './itf.ts';
import { validateTrace, type TraceError } from './validate.ts';

/** (Issue 16) The size cap of a trace file, in MB (REPLCHECK_MAX_INPUT_MB raises it). */
export const MAX_TRACE_MB = 256;

/** The outcome of loading a trace file. `itf` tells which form the file was in. */
export type ReadResult = { ok: true; trace: TraceFile; itf: boolean } | { ok: false; errors: TraceError[] };

/** Parses JSON text, describing truncated or malformed input in one line. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: TraceError } {
  const deep = jsonDepthProblem(text);
  if (deep) return { ok: false, error: { path: '$', message: `refused: the JSON is ${deep}` } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    // (Sweep 30e) V8 quotes the input: control bytes of a binary file were written to the terminal.
    const msg = printable((e as Error).message);
    const pos = /at position (\d+)/.exec(msg);
    const truncated = text.trim() === '' || /end of (JSON )?input|Unterminated/i.test(msg) || (pos !== null && Number(pos[1]) >= text.trimEnd().length);
    return {
      ok: false,
      error: { path: '$', message: truncated ? `truncated JSON (the file ends before the document does): ${msg}` : `malformed JSON: ${msg}` },
    };
  }
}

/** True for a document shaped like ITF (`states` and `#meta` or `vars`, no native `steps`). */
function looksItf(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Array.isArray((x as Record<string, unknown>).states) && !('steps' in x)
    && ('#meta' in x || 'vars' in x);
}

/** Turns a parsed JSON document (native trace or ITF) into a validated trace. */
export function traceFromJson(value: unknown): ReadResult {
  let candidate = value;
  // (Stop 29) A document with ITF's `states` and `#meta` but no `vars` is an ITF trace missing a
  // field, not a native trace missing `steps`: say so.
  if (looksItf(value) && !isItf(value)) return { ok: false, errors: [{ path: '$.vars', message: 'an ITF trace needs "vars" (the list of variable names its states hold); add it, or write the trace as replcheck does (show --format itf)' }] };
  const itf = isItf(value);
  if (itf) {
    const imported = fromItf(value);
    if (!imported.ok) return imported;
    candidate = imported.trace;
  }
  const v = validateTrace(candidate);
  return v.ok ? { ok: true, trace: v.trace, itf } : v;
}

/** Parses and validates a trace from text. */
export function traceFromText(text: string): ReadResult {
  const parsed = parseJson(text);
  return parsed.ok ? traceFromJson(parsed.value) : { ok: false, errors: [parsed.error] };
}

/** Reads, parses and validates a trace file (native `.json` or ITF `.itf.json`). */
export function readTrace(file: string): ReadResult {
  const read = readCapped(file, inputCapBytes(MAX_TRACE_MB));
  if (!read.ok) {
    // (Stop 29) A file that cannot be read has no JSON path to point at (path '': no `$:` prefix).
    return { ok: false, errors: [{ path: '', message: read.tooLarge ? `refused ${file}: ${read.reason}` : `cannot read ${file}: ${read.reason}` }] };
  }
  return traceFromText(read.text);
}
