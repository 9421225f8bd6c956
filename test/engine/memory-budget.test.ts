// (Stop 37) The default memory budget (src/engine/guard.ts): 3/4 of the machine's memory, or of a
// container's memory limit when there is one, and never more than V8's heap limit beside the
// process's base. In a pod limited to 2 GiB on a 24 GB host the budget was about 4 GB (the heap
// limit), so a run grew until the kernel killed it instead of ending as incomplete.
import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultMemoryBudget, memoryBudget } from '../../src/engine/guard.ts';

const GB = 2 ** 30;
const MB = 2 ** 20;

describe('the default memory budget', () => {
  it('is 3/4 of a container limit below the machine', () => {
    expect(memoryBudget(24 * GB, 2 * GB, 40 * MB, 4 * GB)).toBe(1.5 * GB);
  });

  it('is 3/4 of the machine without a limit (none, 0, or Node reporting 2^64)', () => {
    for (const none of [undefined, 0, 2 ** 64]) expect(memoryBudget(4 * GB, none, 40 * MB, 8 * GB)).toBe(3 * GB);
  });

  it("is V8's heap limit beside the base when that is smaller", () => {
    expect(memoryBudget(24 * GB, 16 * GB, 40 * MB, 4 * GB)).toBe(4 * GB + 40 * MB);
  });

  it('on this machine, is positive and within its memory and heap limit', () => {
    const b = defaultMemoryBudget();
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThanOrEqual(Math.min(process.constrainedMemory?.() || Infinity, totalmem()));
  });
});
