// (Issue 17, stop 31) src/engine/parallel-shared-met.ts: the map of met successors the search
// workers share. "Met before" is answered only when some unit up to this one met the
// fingerprint (what makes skipping it sound); every other case, including a full table and a
// slot another worker is writing, answers "not met" (redundant work, never a wrong result).
// That two workers sharing it give one thread's result is in parallel-search.slow.test.ts.
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { SharedFingerprintMap } from '../../src/engine/parallel-shared-met.ts';

describe('the shared map of met successors', () => {
  it('answers met only for the unit that met it first, or a later one; an earlier unit lowers the record', () => {
    const m = new SharedFingerprintMap(SharedFingerprintMap.allocate(1 << 10));
    expect(m.seen(7, 9, 5)).toBe(false);
    expect(m.seen(7, 9, 5)).toBe(true); // earlier in the same unit
    expect(m.seen(7, 9, 6)).toBe(true);
    expect(m.seen(7, 9, 3)).toBe(false); // met out of order: unit 3 is now the first
    expect(m.seen(7, 9, 4)).toBe(true);
    expect(m.seen(7, 9, 2)).toBe(false);
    expect(m.seen(7, 10, 9)).toBe(false); // another fingerprint
    expect(m.seen(0, 0, 0)).toBe(false);
    expect(m.seen(0, 0, 0)).toBe(true);
  });

  it('is shared: a second view over the same buffer (another worker) sees what the first recorded', () => {
    const buffer = SharedFingerprintMap.allocate(1 << 10);
    const a = new SharedFingerprintMap(buffer);
    const b = new SharedFingerprintMap(buffer);
    expect(a.seen(1, 2, 10)).toBe(false);
    expect(b.seen(1, 2, 11)).toBe(true);
    expect(b.seen(1, 2, 9)).toBe(false);
    expect(a.seen(1, 2, 10)).toBe(true);
  });

  it('a full table answers "not met", never "met", for what it cannot hold', () => {
    const m = new SharedFingerprintMap(SharedFingerprintMap.allocate(2));
    expect(m.seen(1, 1, 0)).toBe(false);
    expect(m.seen(2, 2, 0)).toBe(false);
    for (let k = 0; k < 3; k++) expect(m.seen(3, 3, 100)).toBe(false);
    expect(m.seen(1, 1, 100)).toBe(true);
    expect(() => SharedFingerprintMap.allocate(3)).toThrow(/not a power of two/);
  });

  it('two threads recording the same fingerprints under their own units: "met" only where a unit no later met it', async () => {
    // Fingerprint k is recorded under unit 2k by thread 0 and 2k + 1 by thread 1, at the same time:
    // thread 0 may never be told it was met before; thread 1 may, or not (a race answers "not met").
    const buffer = SharedFingerprintMap.allocate(1 << 16);
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const MAX_PROBES = 32;
      const __name = (f) => f;
      const lo = (k) => Math.imul(k, 0x9e3779b1) >>> 0;
      const hi = (k) => Math.imul(k ^ 0x5bd1e995, 0x85ebca6b) >>> 0;
      ${SharedFingerprintMap.toString().replace(/^class SharedFingerprintMap/, 'class M')}
      const m = new M(workerData.buffer);
      let met = 0;
      for (let k = 0; k < 20000; k++) if (m.seen(lo(k), hi(k), 2 * k + workerData.id)) met++;
      parentPort.postMessage(met);`;
    const run = (id: number) => new Promise<number>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { buffer, id } });
      w.on('message', resolve);
      w.on('error', reject);
    });
    const [met0] = await Promise.all([run(0), run(1)]);
    expect(met0).toBe(0);
    // Afterwards every fingerprint (random-looking, as real ones are) is known to have been met by unit 2k + 1 at the latest.
    const m = new SharedFingerprintMap(buffer);
    let unknown = 0;
    for (let k = 0; k < 20000; k++) if (!m.seen(Math.imul(k, 0x9e3779b1) >>> 0, Math.imul(k ^ 0x5bd1e995, 0x85ebca6b) >>> 0, 2 * k + 1)) unknown++;
    expect(unknown).toBe(0);
  }, 60_000);
});
