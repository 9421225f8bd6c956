/**
 * The public surface for trace files (`replcheck/traces`): reading and validating native and ITF
 * traces, converting to ITF, rendering as text, Mermaid or HTML, and the faithful JSON form of
 * states with Set, Map and bigint values.
 *
 * @example
 * ```ts
 * import { readTrace, renderTrace, toItf } from 'replcheck/traces';
 * const r = readTrace('replcheck-out/replication-causal-order.trace.json');
 * if (r.ok) console.log(renderTrace(r.trace, 'text'));
 * ```
 */
export type { TraceFile, TraceStep } from './format.ts';
export { TRACE_FORMAT, TRACE_VERSION } from './format.ts';
export { readTrace, traceFromJson, traceFromText, parseJson, type ReadResult } from './read.ts';
export { validateTrace, formatTraceError, traceSchema, type TraceError, type Validation } from './validate.ts';
export { toItf, fromItf, isItf, type ItfTrace } from './itf.ts';
export { renderTrace, renderText, renderMermaid, renderHtml, htmlFileFor, RENDER_FORMATS, type RenderFormat } from './render/index.ts';
export { buildTrace, writeTrace, serializeTrace, traceFileName, type TraceOrigin } from './write.ts';
export { toJsonValue, fromJsonValue, isTaggedValue, UnrepresentableValue } from './json-value.ts';
