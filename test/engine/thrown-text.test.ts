// (Sweep 31c) src/engine/contract-error.ts thrownText: what user code threw, as the one line of
// a breach. Reading it runs user code too: a value whose toString and message getter throw was
// reported as replcheck's own internal error; a 20,000-character message made a 20,177-character line.
import { describe, expect, it } from 'vitest';
import { shown, thrownText } from '../../src/engine/contract-error.ts';

describe('thrownText', () => {
  it('quotes an Error by its first line, named when it is not a plain Error', () => {
    expect(thrownText(new Error('bad\nsecond line'))).toBe('bad');
    expect(thrownText(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
    expect(thrownText('a string')).toBe('"a string" (not an Error)');
  });

  it('never throws itself, whatever the thrown value does when read', () => {
    const evil = { toString() { throw new Error('toString exploded'); }, get message(): string { throw new Error('message exploded'); } };
    expect(thrownText(evil)).toBe('a value whose message cannot be read (its toString or message getter throws too)');
    const e = new Error('x');
    Object.defineProperty(e, 'message', { get() { throw new Error('getter exploded'); } });
    expect(thrownText(e)).toMatch(/cannot be read/);
  });

  it('cuts a long message to 500 characters and says how long it was', () => {
    const t = thrownText(new Error('x'.repeat(20_000)));
    expect(t.length).toBeLessThanOrEqual(530);
    expect(t).toMatch(/^x{497}\.\.\. \(20000 characters\)$/);
  });

  it('(sweep 31c) names a generator object as one, not "an object with a prototype {}"', () => {
    function* ids() { yield 1; }
    expect(shown(ids())).toBe('a generator object (from a function* method)');
  });
});
