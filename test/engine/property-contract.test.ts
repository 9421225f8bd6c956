/**
 * (Issue 17) The contract guard keeps an explanation's getters lazy: a verdict whose `facts`
 * (or another field, like the replication model's `progress` `updates`) is a getter costs nothing
 * until a report reads it, and reads the same values then.
 */
import { describe, expect, it } from 'vitest';
import { Guard } from '../../src/engine/contract-error.ts';
import { guardProperty } from '../../src/engine/property-contract.ts';
import type { Property } from '../../src/engine/property.ts';

describe('guardProperty and getters', () => {
  it('calls no getter of an explanation until it is read, then gives the same values', () => {
    const calls = { facts: 0, updates: 0 };
    const p: Property<number, unknown> = {
      name: 'lazy', kind: 'always',
      check: (s) => (s > 0 ? true : {
        get facts() { calls.facts++; return [`bad ${s}`]; },
        get updates() { calls.updates++; return [`u${s}`]; },
        plain: 7,
      } as never),
    };
    const q = guardProperty(new Guard('test'), 'test', p);
    const v = q.check(0) as unknown as { facts: string[]; updates: string[]; plain: number };
    expect(calls).toEqual({ facts: 0, updates: 0 });
    expect(v.plain).toBe(7);
    expect(v.updates).toEqual(['u0']);
    expect(v.facts).toEqual(['bad 0']);
    expect(calls).toEqual({ facts: 1, updates: 1 });
    expect(JSON.parse(JSON.stringify(v))).toEqual({ updates: ['u0'], plain: 7, facts: ['bad 0'] });
  });
});
