/**
 * An independent, naive enumeration of the sequencer broadcast for the example's tests: every
 * FIFO channel is an explicit list of messages (the model stores them compactly), states are
 * plain objects keyed by JSON, explored breadth-first. Shares no code with the example.
 */

/** A naive state: explicit channels, messages and logs by update name ("p1.2"). */
interface Naive {
  sent: number[];
  /** Sequencer variants: [p] = p -> sequencer, [P + q] = sequencer -> q. Direct: [p * P + q] = p -> q. */
  chans: (string | { seq: number; u: string })[][];
  seq: number;
  logs: string[][];
}

/** The delivery logs of every reachable state, with each state's depth, for `variant`. */
export function naiveBroadcast(P: number, K: number, variant: 'correct' | 'direct' | 'unordered'): { logs: string[][]; depth: number }[] {
  const direct = variant === 'direct';
  const init: Naive = { sent: Array(P).fill(0), chans: Array.from({ length: direct ? P * P : 2 * P }, () => []), seq: 0, logs: Array.from({ length: P }, () => []) };
  const clone = (s: Naive): Naive => JSON.parse(JSON.stringify(s));
  const successors = (s: Naive): Naive[] => {
    const out: Naive[] = [];
    for (let p = 0; p < P; p++) {
      if (s.sent[p] === K) continue;
      const t = clone(s);
      const u = `p${p + 1}.${s.sent[p] + 1}`;
      t.sent[p]++;
      if (direct) {
        t.logs[p].push(u);
        for (let q = 0; q < P; q++) if (q !== p) t.chans[p * P + q].push(u);
      } else {
        t.chans[p].push(u);
      }
      out.push(t);
    }
    if (direct) {
      for (let q = 0; q < P; q++) {
        for (let p = 0; p < P; p++) {
          if (p === q || s.chans[p * P + q].length === 0) continue;
          const t = clone(s);
          t.logs[q].push(t.chans[p * P + q].shift() as string);
          out.push(t);
        }
      }
      return out;
    }
    for (let p = 0; p < P; p++) {
      const choices = variant === 'unordered' ? s.chans[p].length : Math.min(1, s.chans[p].length);
      for (let i = 0; i < choices; i++) {
        const t = clone(s);
        const [u] = t.chans[p].splice(i, 1) as string[];
        for (let q = 0; q < P; q++) t.chans[P + q].push({ seq: t.seq, u });
        t.seq++;
        out.push(t);
      }
    }
    for (let q = 0; q < P; q++) {
      const head = s.chans[P + q][0] as { seq: number; u: string } | undefined;
      if (head === undefined || head.seq !== s.logs[q].length) continue;
      const t = clone(s);
      t.chans[P + q].shift();
      t.logs[q].push(head.u);
      out.push(t);
    }
    return out;
  };
  const seen = new Set([JSON.stringify(init)]);
  const result = [{ logs: init.logs, depth: 0 }];
  let level = [init];
  for (let d = 1; level.length > 0; d++) {
    const next: Naive[] = [];
    for (const s of level) {
      for (const t of successors(s)) {
        const k = JSON.stringify(t);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push(t);
        result.push({ logs: t.logs, depth: d });
      }
    }
    level = next;
  }
  return result;
}
