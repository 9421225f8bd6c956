// (Stop 28) The library API (src/index.ts) names a caller's own model when its code throws, as
// the CLI names a --model file's: check throws a UserCodeError naming the model and the method,
// simulate a ModelError saying the same with the seed and path; a subject that is not a model is
// a UsageError. The built-in replication model's errors stay replcheck's.
import { describe, expect, it } from 'vitest';
import { always, check, simulate } from '../../src/index.ts';
import { UserCodeError } from '../../src/engine/contract-error.ts';

function counter(fault: 'next' | 'check') {
  return {
    model: {
      name: 'gc', init: () => [0], actions: (s: number) => (s < 5 ? [1] : []),
      next: (s: number) => {
        if (fault === 'next' && s === 2) throw new TypeError('boom in next');
        return s + 1;
      },
      encode: (s: number, out: { word(n: number): void }) => out.word(s),
    },
    properties: [always('small', (s: number) => {
      if (fault === 'check' && s === 3) throw new Error('boom in property');
      return s < 10;
    })],
  };
}

describe('the library names user code that throws', () => {
  it('check: a UserCodeError naming the model, the method and where', async () => {
    const e = await check(counter('next')).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(UserCodeError);
    expect((e as Error).message).toBe('model gc threw in next (while exploring state 2): TypeError: boom in next');
    await expect(check(counter('check'))).rejects.toThrow("model gc threw in property 'small' check (while exploring state 2): boom in property");
  });

  it('simulate: the method that threw, during a random walk', async () => {
    await expect(simulate(counter('next'), { runs: 5 })).rejects.toThrow('model gc threw in next during a random walk: TypeError: boom in next');
  });

  it('a subject without a model\'s functions is bad input, not a TypeError', async () => {
    await expect(check({ model: { name: 'x' } } as never)).rejects.toThrow(/the subject must be a model module|needs init, actions, next and encode/);
    await expect(check({ model: { name: 'x' }, properties: [] } as never)).rejects.toThrow('model x: the subject\'s model needs init, actions, next and encode functions');
  });
});
