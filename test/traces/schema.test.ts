// Schema validation: generated valid traces pass; each kind of corruption fails at the right JSON path.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateTrace, formatTraceError } from '../../traces/validate.ts';
import { traceArb } from './arbitrary.ts';
import type { TraceFile } from '../../traces/format.ts';

function sample(): TraceFile {
  return fc.sample(traceArb.filter((t) => t.steps.length >= 2), { numRuns: 1, seed: 7 })[0];
}
function errorsOf(x: unknown): string[] {
  const v = validateTrace(x);
  return v.ok ? [] : v.errors.map(formatTraceError);
}
function corrupt(f: (t: any) => void): string[] {
  const t = structuredClone(sample()) as any;
  f(t);
  return errorsOf(t);
}

describe('trace schema', () => {
  it('accepts arbitrary well-formed replication traces', () => {
    fc.assert(fc.property(traceArb, (t) => { expect(errorsOf(t)).toEqual([]); }), { numRuns: 200 });
  });

  it('names the path of a wrongly typed state field', () => {
    expect(corrupt((t) => (t.steps[1].state.nodes[0].connected = 'yes'))).toContain('steps[1].state.nodes[0].connected: must be boolean');
  });
  it('names a missing field', () => {
    expect(corrupt((t) => delete t.steps[0].state.nextGid)).toContain('steps[0].state.nextGid: is required');
  });
  it('names an unknown field', () => {
    expect(corrupt((t) => (t.steps[1].state.updates.push({ origin: 0, seq: 1, item: 0, value: 1, deps: [], gid: 0, stamp: [], extra: 1 }))))
      .toContainEqual(expect.stringMatching(/^steps\[1\]\.state\.updates\[\d+\]\.extra: is not allowed here$/));
  });
  it('names a bad enum value with the allowed ones', () => {
    expect(corrupt((t) => (t.steps[0].state.nodes[0].agent = 'sleeping'))).toContainEqual(expect.stringMatching(/^steps\[0\]\.state\.nodes\[0\]\.agent: must be one of "monitoring"/));
  });
  it('names a negative count', () => {
    expect(corrupt((t) => (t.steps[1].state.used.moves = -1))).toContain('steps[1].state.used.moves: must be >= 0');
  });
  it('checks actions by type', () => {
    expect(corrupt((t) => (t.steps[1].action = { type: 'migrate', instance: 'mh1/1' }))).toContain('steps[1].action.ok: is required');
    expect(corrupt((t) => (t.steps[1].action = { type: 'teleport' }))).toContainEqual(expect.stringMatching(/^steps\[1\]\.action\.type: must be one of/));
    expect(corrupt((t) => (t.steps[1].action = { type: 'execute', instance: 'mh1' }))).toContainEqual(expect.stringMatching(/^steps\[1\]\.action\.instance: must match pattern/));
  });
  it('checks the header', () => {
    expect(corrupt((t) => (t.version = 2))).toContain('version: must be 1');
    expect(corrupt((t) => (t.property.kind = 'never'))).toContainEqual(expect.stringMatching(/^property\.kind: must be one of/));
    expect(corrupt((t) => delete t.config)).toContain('config: is required');
    expect(corrupt((t) => (t.config.hosts = 'none'))).toContain('config.hosts: must be array');
    expect(corrupt((t) => (t.config.writers = ['']))).toContain('config.writers[0]: must NOT have fewer than 1 characters');
  });
  it('checks step structure beyond the schema', () => {
    expect(corrupt((t) => (t.steps[1].index = 5))).toEqual(['steps[1].index: must be 5 (its position)'.replace('5 (', '1 (')]);
    expect(corrupt((t) => (t.steps[0].action = t.steps[1].action))).toEqual(['steps[0].action: must be null (the initial state)']);
    expect(corrupt((t) => (t.steps[1].action = null))).toEqual(['steps[1].action: must be an action (only step 0 has none)']);
    expect(corrupt((t) => t.steps[1].state.nodes.pop())).toContainEqual(expect.stringMatching(/^steps\[1\]\.state\.nodes: must have \d+ entries/));
    expect(corrupt((t) => t.steps[0].state.nodes[0].order.push([]))).toContainEqual(expect.stringMatching(/^steps\[0\]\.state\.nodes\[0\]\.order: must have \d+ entries/));
  });
  it('leaves the state of other models unconstrained', () => {
    const t = { ...sample(), model: 'twophase', config: undefined, steps: [{ index: 0, action: null, label: null, state: 42 }] };
    delete (t as any).config;
    expect(errorsOf(t)).toEqual([]);
  });
});

describe('(stop 29) loop', () => {
  it('must name a step of the trace', async () => {
    const { readFileSync } = await import('node:fs');
    const t = JSON.parse(readFileSync(new URL('../../traces/corpus/arrival-order-causal.trace.json', import.meta.url), 'utf8')) as TraceFile;
    const last = t.steps.length - 1;
    const live = { ...t, property: { ...t.property, kind: 'eventually' } } as TraceFile;
    expect(validateTrace({ ...live, loop: 0 }).ok).toBe(true);
    const v = validateTrace({ ...live, loop: 99 });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.errors.map(formatTraceError)).toEqual([`loop: must name a step of the trace (0 to ${last}), not 99`]);
    // (Sweep 30e) A loop at the last step holds no step, and only leads-to counterexamples loop:
    // both replayed as "reproduced" without any verdict being checked.
    const atLast = validateTrace({ ...live, loop: last });
    expect(!atLast.ok && atLast.errors.map(formatTraceError)).toEqual([`loop: must name a step before the last (0 to ${last - 1}): a loop takes at least one step back to its start`]);
    const onAlways = validateTrace({ ...t, loop: 0 });
    expect(!onAlways.ok && onAlways.errors.map(formatTraceError)).toEqual([`loop: belongs to eventually (leads-to) counterexamples only; this trace's property is always`]);
  });
});
