/**
 * `npm run bench:tlc [-- --rms N]`: the TLC comparison (issue 17). When the environment variable
 * TLA2TOOLS names a tla2tools.jar, runs TLC with one worker on bench/tlc/TwoPhase.tla (the same
 * TwoPhase as examples/two-phase.ts, N resource managers, default 8) and the replcheck CLI on the
 * same model in the same invocation (one thread, whole processes on both sides), and writes the figures and their
 * ratios to bench/sections/tlc.md (bench/report.ts includes it in RESULTS.md). Without the jar
 * the section says how to run it. TLC is not on npm or in Debian, so this machine has none:
 * the comparison runs wherever a user or CI provides the jar.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** TLC's figures for one run, or why there are none. */
export type TlcResult =
  | { present: true; version: string; generated: number; distinct: number; depth: number; cpuSeconds: number; wallSeconds: number; rms: number }
  | { present: false; reason: string };

/** What TLC's standard output says about a finished run (undefined: it did not finish cleanly). */
export interface TlcFigures {
  version: string;
  generated: number;
  distinct: number;
  depth: number;
}

const num = (s: string) => Number(s.replace(/,/g, ''));

/** Reads TLC's output: the version line, "N states generated, M distinct states found" and the depth. */
export function parseTlcOutput(text: string): TlcFigures | undefined {
  if (/Error:|violated/i.test(text) && !/No error has been found/.test(text)) return undefined;
  const counts = /([\d,]+) states generated, ([\d,]+) distinct states found/.exec(text);
  if (!counts || !/No error has been found/.test(text)) return undefined;
  const depth = /depth of the complete state graph search is ([\d,]+)/.exec(text);
  const version = /TLC2 Version (\S+)/.exec(text);
  return { version: version?.[1] ?? '?', generated: num(counts[1]!), distinct: num(counts[2]!), depth: depth ? num(depth[1]!) : NaN };
}

/** The TLC configuration for `rms` resource managers (model values r1..rN). */
export function tlcConfig(rms: number): string {
  const names = Array.from({ length: rms }, (_, i) => `r${i + 1}`).join(', ');
  return `CONSTANT RM = {${names}}\nINIT Init\nNEXT Next\nINVARIANT TCConsistent\n`;
}

/** Runs TLC once with one worker; never throws (a failure is the reason). */
export function runTlc(rms: number, jar = process.env.TLA2TOOLS): TlcResult {
  if (!jar) return { present: false, reason: 'TLA2TOOLS is not set (TLA2TOOLS=/path/to/tla2tools.jar npm run bench:tlc)' };
  if (!existsSync(jar)) return { present: false, reason: `TLA2TOOLS names ${jar}, which does not exist` };
  const dir = mkdtempSync(join(tmpdir(), 'replcheck-tlc-'));
  try {
    copyFileSync(fileURLToPath(new URL('./tlc/TwoPhase.tla', import.meta.url)), join(dir, 'TwoPhase.tla'));
    writeFileSync(join(dir, 'TwoPhase.cfg'), tlcConfig(rms));
    // bash's `time` gives the children's user and system seconds (the JVM's threads included).
    const script = `TIMEFORMAT='tlc-cpu: %U %S %R'; time java -XX:+UseParallelGC -cp "$1" tlc2.TLC -workers 1 -deadlock -nowarning -metadir "$2/states" -config TwoPhase.cfg TwoPhase.tla`;
    const out = execFileSync('bash', ['-c', `${script} 2>&1`, 'tlc', jar, dir], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const f = parseTlcOutput(out);
    const t = /tlc-cpu: ([\d.]+) ([\d.]+) ([\d.]+)/.exec(out);
    if (!f || !t) return { present: false, reason: `TLC did not report a clean finish: ${out.trim().split('\n').slice(-1)[0] ?? ''}` };
    return { present: true, ...f, cpuSeconds: Number(t[1]) + Number(t[2]), wallSeconds: Number(t[3]), rms };
  } catch (e) {
    return { present: false, reason: `TLC failed: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** replcheck's figures for the same model (the whole CLI process, like TLC's). */
export interface OursFigures {
  distinct: number;
  transitions: number;
  depth: number;
  cpuSeconds: number;
  wallSeconds: number;
}

/** The section text for TLC's figures beside replcheck's on the same model. */
export function tlcSection(tlc: TlcResult, ours: OursFigures | undefined, rms: number, date: string): string {
  const lines = [`## TLC reference (bench/tlc/TwoPhase.tla, TwoPhase with ${rms} RMs, one worker)`, '', `Written by \`npm run bench:tlc\` (bench/tlc.ts), ${date}.`, ''];
  if (!tlc.present) {
    lines.push(`Not run: ${tlc.reason}. TLC is neither on npm nor in Debian, so this machine has no tla2tools.jar;`,
      'set TLA2TOOLS to one and rerun to get the figures and the ratios printed here.');
    return lines.join('\n');
  }
  lines.push('| checker | distinct states | states generated | depth | CPU s | wall s | states/s |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| TLC ${tlc.version} | ${tlc.distinct.toLocaleString('en-US')} | ${tlc.generated.toLocaleString('en-US')} | ${tlc.depth} | ${tlc.cpuSeconds.toFixed(2)} | ${tlc.wallSeconds.toFixed(2)} | ${Math.round(tlc.distinct / Math.max(tlc.wallSeconds, 1e-3)).toLocaleString('en-US')} |`);
  if (ours) {
    lines.push(`| replcheck | ${ours.distinct.toLocaleString('en-US')} | ${ours.transitions.toLocaleString('en-US')} (transitions) | ${ours.depth} | ${ours.cpuSeconds.toFixed(2)} | ${ours.wallSeconds.toFixed(2)} | ${Math.round(ours.distinct / Math.max(ours.wallSeconds, 1e-3)).toLocaleString('en-US')} |`, '',
      `replcheck / TLC: ${(ours.cpuSeconds / Math.max(tlc.cpuSeconds, 1e-3)).toFixed(3)}x CPU time, ${(ours.wallSeconds / Math.max(tlc.wallSeconds, 1e-3)).toFixed(3)}x wall time` +
      `${ours.distinct === tlc.distinct ? '; the same distinct states' : `; DIFFERENT distinct states (${ours.distinct} vs ${tlc.distinct})`}. Both are whole processes (TLC's JVM and replcheck's Node start-up included).`);
  }
  return lines.join('\n');
}

/** The replcheck CLI on the same model, one thread, timed like TLC (bash's `time`). */
function runOurs(rms: number): OursFigures {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const script = `TIMEFORMAT='ours-cpu: %U %S %R'; { time node bin/replcheck.js check --model examples/two-phase.ts --param rms=${rms} --property consistent --workers 1 --json > "$1"; } 2>&1`;
  const dir = mkdtempSync(join(tmpdir(), 'replcheck-tlc-ours-'));
  try {
    const out = execFileSync('bash', ['-c', script, 'ours', join(dir, 'out.json')], { cwd: root, encoding: 'utf8' });
    const t = /ours-cpu: ([\d.]+) ([\d.]+) ([\d.]+)/.exec(out)!;
    const j = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { stats: { distinctStates: number; transitions: number; maxDepth: number } };
    return { distinct: j.stats.distinctStates, transitions: j.stats.transitions, depth: j.stats.maxDepth, cpuSeconds: Number(t[1]) + Number(t[2]), wallSeconds: Number(t[3]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs TLC and replcheck on TwoPhase with `rms` RMs and writes bench/sections/tlc.md; returns the section. */
export function benchTlc(rms: number): string {
  const tlc = runTlc(rms);
  const ours = tlc.present ? runOurs(rms) : undefined;
  const section = tlcSection(tlc, ours, rms, new Date().toISOString().slice(0, 10));
  writeFileSync(fileURLToPath(new URL('./sections/tlc.md', import.meta.url)), `${section}\n`);
  return section;
}

function main(): void {
  const i = process.argv.indexOf('--rms');
  const rms = i >= 0 ? Number(process.argv[i + 1]) : 8;
  if (!Number.isInteger(rms) || rms < 1 || rms > 12) throw new Error('--rms: give a whole number from 1 to 12');
  process.stdout.write(`${benchTlc(rms)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
