/**
 * Benchmark cases for the fault model (issue 12): one crash and one recovery of each server kind
 * (cell, zone, MS) on the smallest topology, in place and on a replacement, with every property
 * and the checkpoint policy durability needs (on-ack at cells and zones), plus the two-writer crash configuration `compare`
 * uses. The aim: each under 2 minutes. bench/cases.ts registers them after the replication cases.
 */
import { fileURLToPath } from 'node:url';
import replication from '../model/index.ts';
import type { BenchCase, BenchTarget } from './cases.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function preset(config: string, knobs: Record<string, string> = {}): Promise<BenchTarget> {
  const t = await replication.create({ params: {}, config, cwd: ROOT, knobs });
  return { model: t.model, properties: t.properties };
}

/** The fault cases, in the order RESULTS.md lists them. */
export function faultBenchCases(): BenchCase[] {
  return [
    {
      name: 'replication-crash-cell', preset: 'crash-cell',
      description: 'replication, preset crash-cell with --knob checkpoint.cell=on-ack: c1 crashes once and recovers; exhaustive, all properties',
      load: () => preset('crash-cell', { 'checkpoint.cell': 'on-ack' }), expectedStates: 229,
    },
    {
      name: 'replication-crash-zone', preset: 'crash-zone',
      description: 'replication, preset crash-zone with --knob checkpoint.zone=on-ack: z1 crashes once and recovers; exhaustive, all properties',
      load: () => preset('crash-zone', { 'checkpoint.zone': 'on-ack' }), expectedStates: 225,
    },
    {
      name: 'replication-crash-master', preset: 'crash-master',
      description: 'replication, preset crash-master: the MS crashes once and recovers (write-ahead); exhaustive, all properties',
      load: () => preset('crash-master'), expectedStates: 79,
    },
    {
      name: 'replication-crash-replace', preset: 'crash-replace',
      description: 'replication, preset crash-replace: c1 crashes once and recovers on a replacement its neighbours re-register with (on-ack); exhaustive, all properties',
      load: () => preset('crash-replace'), expectedStates: 485,
    },
    {
      name: 'replication-crash-replace-zone', preset: 'crash-replace-zone',
      description: 'replication, preset crash-replace-zone: z1 crashes once and recovers on a replacement (on-ack); exhaustive, all properties',
      load: () => preset('crash-replace-zone'), expectedStates: 419,
    },
    {
      name: 'replication-crash-replace-master', preset: 'crash-replace-master',
      description: 'replication, preset crash-replace-master: the MS crashes once and recovers on a replacement; exhaustive, all properties',
      load: () => preset('crash-replace-master'), expectedStates: 102,
    },
    {
      name: 'replication-crash-compare', preset: 'crash-compare',
      description: 'replication, preset crash-compare: two writers (mh1, the MS), c1 crashes once (on-ack); exhaustive, all properties',
      load: () => preset('crash-compare'), expectedStates: 31_164,
    },
  ];
}
