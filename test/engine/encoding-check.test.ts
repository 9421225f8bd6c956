// (Stop 29) encode() is checked on the first states stored: a word that is not a 32-bit integer
// (a string, NaN, a number past 2^32) and two states of the same words whose futures differ (a
// field left out of encode) are the model's contract breach, never a pass. Data that nothing can
// observe (a cache) may be left out, and booleans are words.
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { ContractError } from '../../src/engine/contract-error.ts';
import type { Model } from '../../src/engine/model.ts';
import { always } from '../../src/engine/property.ts';

type XY = { x: number; y: number; seen: number; label: string };
/** Two counters to 2; `seen` counts steps (derived data nobody reads); `label` names x's level. */
function xy(encode: Model<XY, 'x' | 'y'>['encode']): Model<XY, 'x' | 'y'> {
  return {
    name: 'xy',
    init: () => [{ x: 0, y: 0, seen: 0, label: 'l0' }],
    actions: (s) => [...(s.x < 2 ? ['x' as const] : []), ...(s.y < 2 ? ['y' as const] : [])],
    next: (s, a) => (a === 'x' ? { ...s, x: s.x + 1, seen: s.seen + 1, label: `l${s.x + 1}` } : { ...s, y: s.y + 1, seen: s.seen + 1 }),
    encode,
  };
}
const notBoth = always<XY>('not-both-2', (s) => !(s.x === 2 && s.y === 2));

async function breach(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ContractError);
  return (e as Error).message;
}

describe('encode is checked on the first states', () => {
  it('an injective encode finds the violation; leaving out data nothing observes is allowed', async () => {
    const r = await exhaustive(xy((s, out) => { out.word(s.x); out.word(s.y); }), [notBoth]);
    expect(r.outcome).toBe('violation');
    expect(r.properties[0]!.path).toHaveLength(5);
  });

  it('a field left out of encode is a contract breach, not a pass', async () => {
    const msg = await breach(exhaustive(xy((s, out) => out.word(s.x)), [notBoth]));
    expect(msg).toMatch(/encode .*wrote the same words for two states that behave differently \(their states 1 step on enable 2 and 1 actions\)/);
  });

  it('a property that sees the left-out field is named when the actions agree', async () => {
    // y is left out, x is encoded twice over: the actions agree, the property does not.
    const seesY = always<XY>('y-below-1', (s) => s.y < 1);
    const wide: Model<XY, 'x' | 'y'> = { ...xy((s, out) => out.word(s.x)), actions: () => ['x', 'y'], next: (s, a) => (a === 'x' ? { ...s, x: (s.x + 1) % 3 } : { ...s, y: (s.y + 1) % 3 }) };
    const msg = await breach(exhaustive(wide, [seesY]));
    expect(msg).toMatch(/property 'y-below-1' holds on one of .* and fails on the other/);
  });

  it('a word that is a string, NaN or past 32 bits is refused, naming encode and the value', async () => {
    expect(await breach(exhaustive(xy((s, out) => { out.word(s.label as unknown as number); out.word(s.y); }), [notBoth])))
      .toMatch(/encode \(for state 0\) wrote the string "l0" as a word: words must be 32-bit integers/);
    expect(await breach(exhaustive(xy((s, out) => { out.word(s.x / 0 - s.x / 0); out.word(s.y); }), [notBoth]))).toMatch(/wrote NaN as a word/);
    expect(await breach(exhaustive(xy((s, out) => { out.word(s.x * 2 ** 32 + s.y); }), [notBoth]))).toMatch(/wrote 4294967296 \(not a 32-bit integer\) as a word/);
  });

  it('booleans, negative and unsigned 32-bit words are accepted', async () => {
    const r = await exhaustive(xy((s, out) => { out.word((s.x === 2) as unknown as number); out.word(s.x - 5); out.word(0xffffff00 + s.y); }), [notBoth]);
    expect(r.outcome).toBe('violation');
  });
});
