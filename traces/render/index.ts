/**
 * Trace renderers: pure functions from a {@link TraceFile} to text, used by `replcheck show
 * --format text|mermaid|html` and by the CLI to write an `.html` report next to each trace.
 */
import type { TraceFile } from '../format.ts';
import { renderHtml } from './html.ts';
import { renderMermaid } from './mermaid.ts';
import { renderText } from './text.ts';

export { renderHtml } from './html.ts';
export { renderMermaid } from './mermaid.ts';
export { renderText } from './text.ts';

/** The formats a trace renders to. */
export const RENDER_FORMATS = ['text', 'mermaid', 'html'] as const;
/** One of {@link RENDER_FORMATS}. */
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** Renders a trace in `format`. */
export function renderTrace(trace: TraceFile, format: RenderFormat): string {
  return format === 'html' ? renderHtml(trace) : format === 'mermaid' ? renderMermaid(trace) : renderText(trace);
}

/** The HTML report's file name for a trace file: `x.trace.json` -> `x.trace.html` (any other name: `.json` replaced or `.html` appended). */
export function htmlFileFor(traceFile: string): string {
  return traceFile.endsWith('.json') ? `${traceFile.slice(0, -'.json'.length)}.html` : `${traceFile}.html`;
}
