/**
 * Runs the SPIN references (bench/spin/run.sh on a Promela model of a bench case: TwoPhase with
 * 8 RMs, the sequencer broadcast P=3, K=3) when `spin` and `gcc` are on PATH, and parses their
 * "key: value" output.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A Promela model of a bench case: SPIN's run of it is compared with replcheck's run of the case. */
export interface SpinReference {
  /** The bench case it models (bench/cases.ts). */
  caseName: string;
  /** The model's file in bench/spin/. */
  model: string;
  /** What it models, for the report's heading. */
  title: string;
}

/** Every SPIN reference, in report order (two-phase-8 first: bench/results.json's `spin`). */
export const spinReferences: readonly SpinReference[] = [
  { caseName: 'two-phase-8', model: 'twophase.pml', title: 'TwoPhase with 8 RMs' },
  { caseName: 'sequencer-3x3', model: 'sequencer.pml', title: 'sequencer broadcast, P=3, K=3' },
];

/** SPIN's figures for a reference model, or why there are none. */
export type SpinResult =
  | { present: true; version: string; cflags: string; states: number; transitions: number; stateVectorBytes: number; memoryMb: number; panSeconds: number; cpuSeconds: number; wallSeconds?: number }
  | { present: false; reason: string };

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds and runs pan once on `model` (a file of bench/spin/); never throws (a failure is reported as the reason). */
export function runSpin(model = 'twophase.pml'): SpinResult {
  if (!onPath('spin')) return { present: false, reason: 'spin is not on PATH (Debian: apt-get install spin gcc)' };
  if (!onPath('gcc')) return { present: false, reason: 'gcc is not on PATH (needed to compile pan)' };
  const script = fileURLToPath(new URL('./spin/run.sh', import.meta.url));
  let out: string;
  try {
    out = execFileSync('bash', [script, model], { encoding: 'utf8', maxBuffer: 1 << 24 });
  } catch (e) {
    return { present: false, reason: `bench/spin/run.sh failed: ${(e as Error).message.split('\n')[0]}` };
  }
  const kv = new Map(out.split('\n').map((l) => l.split(': ')).filter((p) => p.length >= 2).map(([k, ...v]) => [k.trim(), v.join(': ').trim()]));
  const num = (k: string) => Number(kv.get(k) ?? NaN);
  return {
    present: true,
    version: kv.get('spin-version') ?? '?',
    cflags: kv.get('spin-cflags') ?? '?',
    states: num('spin-states-stored'),
    transitions: num('spin-transitions'),
    stateVectorBytes: num('spin-state-vector-bytes'),
    memoryMb: num('spin-memory-mb'),
    panSeconds: num('spin-pan-seconds'),
    cpuSeconds: num('spin-cpu-seconds'),
    wallSeconds: num('spin-wall-seconds'),
  };
}
