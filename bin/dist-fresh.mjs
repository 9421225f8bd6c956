// Whether dist/ is the build of the current sources: the launcher's rule (bin/replcheck.js runs
// the build under REPLCHECK_DIST=1 only then), shared with the tests that run the shipped build
// (test/cli/harness.ts). A source is a .ts or .json file under SOURCES, node_modules and the
// trace corpus aside; the build is fresh when none changed after dist/.stamp.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders whose .ts and .json files are compared with dist/.stamp. */
export const SOURCES = ['src', 'model', 'properties', 'traces', 'reference', 'bin'];

/** True when some source file under `dir` changed after `time`. */
function changedSince(dir, time) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'corpus' && changedSince(p, time)) return true;
    } else if ((e.name.endsWith('.ts') || e.name.endsWith('.json')) && statSync(p).mtimeMs > time) return true;
  }
  return false;
}

/** True when `root`'s dist/ has a stamp and no source under `root` changed after it. */
export function distIsFresh(root) {
  const stamp = join(root, 'dist', '.stamp');
  if (!existsSync(stamp)) return false;
  const time = statSync(stamp).mtimeMs;
  return !SOURCES.some((d) => existsSync(join(root, d)) && changedSince(join(root, d), time));
}
