/**
 * (Issue 17) The state encoding (model/encode.ts) writes each node, the update list and each
 * instance as a 128-bit digest of its words, cached by identity between calls. Checked on the
 * first states of a breadth-first search of several presets (raw successors, no symmetry
 * reduction): two states encode alike exactly when they are equal field for field, and the
 * encoding with the caches warm is the one a fresh cache gives.
 */
import { describe, expect, it } from 'vitest';
import { encodeState } from '../../model/encode.ts';
import { NameTable } from '../../model/encode-cache.ts';
import { WordBuffer } from '../../src/engine/fingerprint.ts';
import type { ReplicationState } from '../../traces/replication.ts';
import { modelOf } from './helpers.ts';

/** JSON with object keys sorted (field order is not part of a state). */
function canonicalJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

const PRESETS = ['small', 'medium', 'growing', 'handoff', 'faults', 'crash-every', 'join-change', 'reads'];
const STATES = 3_000;

describe('the state encoding', () => {
  it.each(PRESETS)('tells states apart exactly when they differ, warm or cold (%s)', (name) => {
    const m = modelOf(name, 'hierarchical', false);
    const buf = new WordBuffer(256);
    const words = (s: ReplicationState) => {
      buf.length = 0;
      m.encode(s, buf);
      return Array.from(buf.words.subarray(0, buf.length)).join(',');
    };
    const cold = (s: ReplicationState) => {
      const b = new WordBuffer(256);
      encodeState(m.topology, new NameTable(m.topology), s, b);
      return Array.from(b.words.subarray(0, b.length)).join(',');
    };
    const byWords = new Map<string, string>();
    const byJson = new Map<string, string>();
    let queue = [m.init()[0]!];
    let successors = 0;
    while (queue.length > 0 && byJson.size < STATES) {
      const next: ReplicationState[] = [];
      for (const s of queue) {
        for (const a of m.actions(s)) {
          const t = m.next(s, a);
          if (t === undefined) continue;
          successors++;
          const w = words(t);
          const j = canonicalJson(t);
          if (successors % 7 === 0) expect(cold(t)).toBe(w);
          const known = byWords.get(w);
          if (known !== undefined) {
            expect(known, 'two different states share an encoding').toBe(j);
            continue;
          }
          expect(byJson.has(j), 'one state got two encodings').toBe(false);
          byWords.set(w, j);
          byJson.set(j, w);
          next.push(t);
        }
      }
      queue = next;
    }
    expect(byJson.size).toBeGreaterThan(50);
    expect(successors).toBeGreaterThan(byJson.size);
  });
});
