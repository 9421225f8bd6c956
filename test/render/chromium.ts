// Headless Chromium for the HTML report tests: Debian's `chromium` package, installed with apt-get
// when it is missing and we are root; otherwise a clear error (never a silent skip). Every run
// gets a fresh profile directory and no network-facing features.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/** Installs Chromium if it is missing (root only); throws a message saying what to do otherwise. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing and this is not root: install it with 'sudo apt-get install -y chromium' to run the HTML report tests`);
  }
  try {
    // Two test files may ask at once (vitest runs files in parallel): one installs while the other
    // waits on the lock, then finds it installed (two apt-get runs would fight over dpkg's lock).
    const install = `test -x ${CHROMIUM} || { apt-get update && apt-get install -y --no-install-recommends chromium; }`;
    execFileSync('flock', [join(tmpdir(), 'replcheck-chromium-install.lock'), 'sh', '-c', install], {
      stdio: 'ignore', timeout: 900_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (e) {
    throw new Error(`could not install chromium with apt-get (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); install it by hand to run the HTML report tests`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install chromium did not provide ${CHROMIUM}`);
  return CHROMIUM;
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--virtual-time-budget=2000'];

/** Runs headless Chromium on `url` with `extra` flags in a fresh profile; returns stdout. */
export function runChromium(url: string, extra: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'replcheck-chromium-'));
  try {
    const r = spawnSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, ...extra, url], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`chromium exited with ${r.status}: ${r.stderr.split('\n').slice(-3).join(' ')}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
