// `replcheck compare --config small` (about 80 s alone on the 2-core machine, minutes when it is shared): every built-in mechanism,
// every property; the matrix must match each mechanism's stated guarantees
// (model/mechanisms/README.md): hierarchical holds everything but strong-convergence (which it
// does not promise), arrival-order, sequencer and lww lose causal order, vector-causal and lww
// lose total order, vector-causal loses convergence, lww its committed prefix, every mechanism
// without timestamp-ordered tentative updates loses strong-convergence; primary-copy and bayou
// hold everything on small (primary-copy's read-your-writes failure needs reads: see the
// read-own fixture); lamport keeps every safety property but loses liveness (its MS waits for a
// writer that may stay silent, and no new update may be needed to settle).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replcheck-compare-long-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('compare --config small', () => {
  it('finishes and its matrix matches each mechanism\'s stated guarantees', async () => {
    let stdout = '';
    const ctx: CliContext = {
      cwd: repo, defaultModel: join(repo, 'model', 'index.ts'), version: '0', env: {},
      stdout: (s) => void (stdout += s), stderr: () => {},
    };
    const code = await runCli(['compare', '--config', 'small', '--json', '--out', tmp], ctx);
    expect(code).toBe(0);
    const j = JSON.parse(stdout) as { results: { mechanism: string; property: string; status: string; length: number | null; traceFile: string | null }[]; costs: { mechanism: string; distinctStates: number }[] };
    expect(j.results.every((r) => r.status !== 'incomplete')).toBe(true);
    const failing: Record<string, Record<string, number | null>> = {};
    for (const r of j.results) {
      if (r.status !== 'violated') continue;
      (failing[r.mechanism] ??= {})[r.property] = r.length;
      // On small, only the deliberately broken arrival-order (causal order) and lamport (the
      // reachability of settled and CA states: its MS waits for a silent writer forever; lamport does
      // not promise progress) violate a property they promise (issue 11).
      const promisedViolation = (r.mechanism === 'arrival-order' && r.property === 'causal-order')
        || (r.mechanism === 'lamport' && (r.property === 'eventual-consistency:reachable' || r.property === 'ca-state:reachable'));
      expect((r as { promised?: boolean }).promised, `${r.mechanism} / ${r.property}`).toBe(promisedViolation ? undefined : false);
      expect(existsSync(resolve(repo, r.traceFile!))).toBe(true);
    }
    expect(failing).toEqual({
      hierarchical: { 'strong-convergence': 4 },
      'arrival-order': { 'causal-order': 15, 'strong-convergence': 4 },
      sequencer: { 'causal-order': 15, 'strong-convergence': 4 },
      lamport: { 'eventual-consistency:reachable': 12, 'ca-state:reachable': 12, progress: 12 },
      'vector-causal': { 'total-order': 26, 'eventual-consistency': 29, 'ca-state': 29, 'ca-state:reachable': 52, 'strong-convergence': 4 },
      lww: { 'causal-order': 3, 'total-order': 17, 'committed-prefix': 23 },
    });
    expect(j.costs.find((c) => c.mechanism === 'hierarchical')!.distinctStates).toBe(132_439);
  });
});
