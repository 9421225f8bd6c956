// Every property's verdict for every built-in mechanism (and the worked plugin example) on the
// peer pair: two writers in one cell exchanging updates. The fast suites of each mechanism check
// the properties that tell the mechanisms apart (verdicts.ts, PEER_PAIR_KEY); this long suite pins
// the whole row, so a property that changes verdict anywhere is noticed.
import { describe, expect, it } from 'vitest';
import { failures, fixture, verdicts } from './verdicts.ts';

/** The failing properties of each mechanism (shortest counterexample length); the rest hold. */
const MATRIX: Record<string, Record<string, number>> = {
  hierarchical: { 'strong-convergence': 4 },
  'examples/my-ordering.ts': { 'strong-convergence': 4 },
  'arrival-order': { 'causal-order': 15, 'strong-convergence': 4 },
  sequencer: { 'causal-order': 15, 'strong-convergence': 4 },
  bayou: {},
  'primary-copy': {},
  // One host writes; its update reaches the MS, which waits for the other writer forever.
  lamport: { 'eventual-consistency:reachable': 12, 'ca-state:reachable': 12, progress: 12 },
  lww: { 'causal-order': 3, 'total-order': 17, 'committed-prefix': 23 },
  // ca-state:reachable: doomed after 2 steps, then a 50-step drain continuation.
  'vector-causal': { 'total-order': 26, 'eventual-consistency': 29, 'ca-state': 29, 'ca-state:reachable': 52, 'strong-convergence': 4 },
};

describe('every property on the peer pair, per mechanism', { timeout: 900_000 }, () => {
  for (const [mechanism, expected] of Object.entries(MATRIX)) {
    it(mechanism, async () => {
      const v = await verdicts(fixture('peer-pair'), mechanism);
      expect(Object.keys(v.verdicts).length).toBeGreaterThanOrEqual(21);
      expect(failures(v.verdicts)).toEqual(expected);
    });
  }
});
