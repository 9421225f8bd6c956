// The TLC comparison's plumbing (bench/tlc.ts): TLC's output is read correctly for a clean
// finish and refused for an error, the configuration names every RM, and a missing jar is a
// reason in the section, never a crash. (TLC itself is not installed here: the bench runs it
// wherever TLA2TOOLS names a tla2tools.jar.)
import { describe, expect, it } from 'vitest';
import { parseTlcOutput, runTlc, tlcConfig, tlcSection } from '../../bench/tlc.ts';

const CLEAN = `TLC2 Version 2.18 of 20 March 2023 (rev: 3ea3222)
Running breadth-first search Model-Checking with fp 86 and seed -26 with 1 worker on 2 cores with 5964MB heap and 64MB offheap memory [pid: 1] (Linux 6.1.0 amd64, Debian 17.0.15 x86_64, MSBDiskFPSet, DiskStateQueue).
Computing initial states...
Finished computing initial states: 1 distinct state generated at 2026-11-30 16:00:00.
Model checking completed. No error has been found.
  Estimates of the probability that TLC did not check all reachable states
  because two distinct states had the same fingerprint:
  calculated (optimistic):  val = 1.1E-7
13,402,626 states generated, 1,745,408 distinct states found, 0 states left on queue.
The depth of the complete state graph search is 26.
Finished in 01min 02s at (2026-11-30 16:01:02)
`;

describe('bench/tlc.ts', () => {
  it('reads the counts, the depth and the version of a clean finish', () => {
    expect(parseTlcOutput(CLEAN)).toEqual({ version: '2.18', generated: 13_402_626, distinct: 1_745_408, depth: 26 });
    expect(parseTlcOutput(CLEAN.replace(/(\d),(?=\d)/g, '$1'))?.distinct).toBe(1_745_408);
  });

  it('refuses output that reports an error or did not finish', () => {
    const violated = CLEAN.replace('Model checking completed. No error has been found.', 'Error: Invariant TCConsistent is violated.');
    expect(parseTlcOutput(violated)).toBeUndefined();
    expect(parseTlcOutput(CLEAN.split('Model checking completed')[0]!)).toBeUndefined();
  });

  it('writes a configuration with every RM and the invariant', () => {
    expect(tlcConfig(3)).toBe('CONSTANT RM = {r1, r2, r3}\nINIT Init\nNEXT Next\nINVARIANT TCConsistent\n');
  });

  it('says why it did not run when no jar is given or the jar is missing', () => {
    const none = runTlc(8, '');
    expect(none).toEqual({ present: false, reason: expect.stringContaining('TLA2TOOLS is not set') });
    const missing = runTlc(8, '/no/such/tla2tools.jar');
    expect(missing.present).toBe(false);
    expect(tlcSection(missing, undefined, 8, '2026-11-30')).toMatch(/Not run: TLA2TOOLS names \/no\/such\/tla2tools\.jar, which does not exist/);
  });

  it('prints the ratios beside TLC when both ran', () => {
    const tlc = { present: true as const, version: '2.18', generated: 13_402_626, distinct: 1_745_408, depth: 26, cpuSeconds: 40, wallSeconds: 30, rms: 8 };
    const text = tlcSection(tlc, { distinct: 1_745_408, transitions: 11_657_217, depth: 25, cpuSeconds: 2, wallSeconds: 1.5 }, 8, '2026-11-30');
    expect(text).toContain('replcheck / TLC: 0.050x CPU time, 0.050x wall time; the same distinct states');
  });
});
