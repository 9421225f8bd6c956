/**
 * (Stop 42) `isSettled` asks first about the node it found unsettled last (properties/settled.ts):
 * the hint changes only what an answer costs. These states move the unsettled node around, settle
 * it, and shrink the system below the hinted index; every answer must be the full scan's.
 */
import { describe, expect, it } from 'vitest';
import { makeStatics } from '../../properties/context.ts';
import { isSettled } from '../../properties/settled.ts';
import { oneCell } from './builder.ts';

describe('isSettled with the unsettled-node hint', () => {
  it('answers each state by its own nodes, wherever the last unsettled node was', () => {
    const b = oneCell(3);
    const st = makeStatics(b.index, b.config);
    b.gen('mh1', 'x');
    b.syncAll();
    expect(isSettled(st, b.state())).toBe(true);
    b.node('mh3').connected = false; // the hint now points at mh3
    expect(isSettled(st, b.state())).toBe(false);
    b.node('mh3').connected = true; // mh3 settled again: the hinted node no longer decides
    expect(isSettled(st, b.state())).toBe(true);
    b.node('mh3').connected = false;
    expect(isSettled(st, b.state())).toBe(false);
    b.node('mh3').connected = true;
    b.node('mh1').flagF = [0]; // another node is the unsettled one now
    expect(isSettled(st, b.state())).toBe(false);
    b.node('mh1').flagF = [];
    b.node('mh2').collected = [0];
    expect(isSettled(st, b.state())).toBe(false);
    b.node('mh2').collected = [];
    expect(isSettled(st, b.state())).toBe(true);
  });

  it('is not misled by a hint past the end of a smaller system', () => {
    const big = oneCell(4);
    const bigSt = makeStatics(big.index, big.config);
    big.node('mh4').connected = false;
    expect(isSettled(bigSt, big.state())).toBe(false);
    const small = oneCell(1);
    const smallSt = makeStatics(small.index, small.config);
    small.gen('mh1', 'x');
    small.syncAll();
    expect(isSettled(smallSt, small.state())).toBe(true);
    small.node('mh1').committed = 0; // behind the MS's last Global ID on an item it holds
    expect(isSettled(smallSt, small.state())).toBe(false);
  });
});
