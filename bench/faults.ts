/**
 * `npm run bench:faults`: the fault model's exhaustive runs from the CLI (issue 12: "exhaustive
 * runs with one crash and one recovery of each server kind on the smallest topology finish in
 * under 2 minutes each"). Each case is `replcheck check --json` in a child process (every
 * property, the hierarchical mechanism): recovery in place and on a replacement for a cell, a
 * zone and the MS, with the checkpoint policy durability needs, then the durability violations
 * (shortest counterexamples) and the two-writer configuration `compare` uses. Writes
 * bench/sections/faults.md (bench/report.ts includes it in RESULTS.md) and the same text in place
 * in RESULTS.md between the markers below.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const BEGIN = '<!-- faults:begin -->';
export const END = '<!-- faults:end -->';

const TARGET_S = 120;

/** One case: the CLI arguments after `check`, and what it shows. */
const CASES: { what: string; args: string[] }[] = [
  { what: 'cell crashes, recovers in place (on-ack)', args: ['--config', 'crash-cell', '--knob', 'checkpoint.cell=on-ack'] },
  { what: 'zone crashes, recovers in place (on-ack)', args: ['--config', 'crash-zone', '--knob', 'checkpoint.zone=on-ack'] },
  { what: 'MS crashes, recovers in place (write-ahead)', args: ['--config', 'crash-master'] },
  { what: 'cell crashes, recovers on a replacement (on-ack)', args: ['--config', 'crash-replace'] },
  { what: 'zone crashes, recovers on a replacement (on-ack)', args: ['--config', 'crash-replace-zone'] },
  { what: 'MS crashes, recovers on a replacement', args: ['--config', 'crash-replace-master'] },
  { what: 'cell never checkpoints: durability violated', args: ['--config', 'crash-cell', '--property', 'durability'] },
  { what: 'replacement nobody re-registers with: durability:eventually violated', args: ['--config', 'crash-replace', '--knob', 'faults.reregister=false', '--property', 'durability'] },
  { what: 'two writers (mh1, the MS), c1 crashes (on-ack)', args: ['--config', 'crash-compare'] },
];

interface Report {
  result: string;
  stats: { distinctStates: number; seconds: number; statesPerSecond: number };
  properties: { name: string; status: string; length?: number }[];
}

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const load = loadavg()[0]!;
  const rows: string[] = [];
  let slowest = 0;
  for (const c of CASES) {
    const argv = [`${root}bin/replcheck.js`, 'check', ...c.args, '--json', '--out', `${root}replcheck-out/bench-faults`];
    const t0 = performance.now();
    let stdout: string;
    try {
      stdout = execFileSync('node', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], cwd: root });
    } catch (e) {
      stdout = (e as { stdout: string }).stdout; // exit 1: a violation, still a report
    }
    const wall = (performance.now() - t0) / 1000;
    const r = JSON.parse(stdout) as Report;
    const violated = r.properties.filter((p) => p.status === 'violated').map((p) => `${p.name} (${p.length} steps)`);
    slowest = Math.max(slowest, wall);
    process.stderr.write(`bench:faults ${c.args.join(' ')}: ${r.stats.distinctStates} states, ${wall.toFixed(1)} s\n`);
    rows.push(`| ${c.what} | \`${c.args.join(' ')}\` | ${r.stats.distinctStates.toLocaleString('en-US')} | ${r.stats.seconds.toFixed(2)} | ${wall.toFixed(1)} | ${r.result}${violated.length ? `: ${violated.join(', ')}` : ''} |`);
  }
  const section = [
    BEGIN,
    '## Faults (issue 12)',
    '',
    'Written by `npm run bench:faults` (bench/faults.ts): `npx replcheck check <args> --json` per row, every property (or the `durability` family), mechanism hierarchical, exhaustive on the smallest topology (MS, z1, c1, mh1), one crash and one recovery of the named server.',
    '"engine s" is the search as `stats.seconds` reports it; "wall s" is the whole command (start-up included).',
    `1-minute load average when this run started: ${load.toFixed(2)} on ${cpus().length} CPUs (the machine was shared, so wall-clock figures are pessimistic).`,
    `Target: each under ${TARGET_S} s; slowest here ${slowest.toFixed(1)} s (${slowest < TARGET_S ? 'met' : 'MISSED'}).`,
    '',
    '| case | args | states | engine s | wall s | result |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...rows,
    END,
  ].join('\n');
  writeFileSync(fileURLToPath(new URL('./sections/faults.md', import.meta.url)), `${section}\n`);
  const file = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  const old = readFileSync(file, 'utf8');
  const i = old.indexOf(BEGIN), j = old.indexOf(END);
  const next = i >= 0 && j > i ? old.slice(0, i) + section + old.slice(j + END.length) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  process.stdout.write(section + '\n');
}

main();
