// The two judges compared on more seeded random schedules (npm run test:long): every mechanism,
// knobs that break things, six seeds each; no disagreement allowed.
import { describe, expect, it } from 'vitest';
import { line, rich } from './configs.ts';
import { configFor } from './differential.ts';
import { compareJudges, randomRun } from './judges.ts';

const MECHANISMS = ['hierarchical', 'arrival-order', 'sequencer', 'lamport', 'vector-causal', 'lww', 'primary-copy', 'bayou'];
const CONFIGS = {
  line, rich, small: configFor('small'),
  nodedup: configFor('small', { duplicateSuppression: false }),
  nohold: configFor('small', { causalHoldBack: false }),
  flagOnSend: configFor('small', { flagOnSend: true }),
  noguard: configFor('small', { snapshotGuard: false }),
};

describe('the two judges on many random schedules', () => {
  it.each(Object.keys(CONFIGS))('%s: every mechanism, six seeds', (name) => {
    const config = CONFIGS[name as keyof typeof CONFIGS];
    const out: string[] = [];
    for (const m of MECHANISMS) {
      for (let seed = 1; seed <= 6; seed++) {
        const { verdicts, disagree } = compareJudges(randomRun(config, m, seed, 80, 300));
        for (const p of disagree) out.push(`${m} seed ${seed}: ${p} ${verdicts[p].join(' vs ')}`);
      }
    }
    expect(out).toEqual([]);
  }, 900_000);

  const CRASH = ['crash-cell', 'crash-zone', 'crash-master', 'crash-host', 'crash-every', 'crash-loss', 'crash-partition', 'crash-permanent', 'crash-joint', 'crash-compare', 'crash-replace', 'crash-replace-zone', 'crash-replace-master'];
  it.each(CRASH)('%s (faults): every mechanism, four seeds', (name) => {
    const config = configFor(name);
    const out: string[] = [];
    for (const m of MECHANISMS) {
      for (let seed = 1; seed <= 4; seed++) {
        const { verdicts, disagree } = compareJudges(randomRun(config, m, seed, 40, 300));
        for (const p of disagree) out.push(`${m} seed ${seed}: ${p} ${verdicts[p].join(' vs ')}`);
      }
    }
    expect(out).toEqual([]);
  }, 900_000);
});
