/**
 * An independent, naive enumeration of Lamport's TwoPhase spec for the example's tests: states
 * are plain objects in the spec's own terms, explored breadth-first with a Set of JSON strings.
 * Written from the TLA+ text, sharing no code with examples/two-phase.ts.
 */

/** A TwoPhase state as in the TLA+ spec (sets as sorted arrays). */
export interface NaiveTwoPhase {
  rmState: Record<string, string>;
  tmState: string;
  tmPrepared: string[];
  msgs: { type: string; rm?: string }[];
}

function key(s: NaiveTwoPhase): string {
  const msgs = s.msgs.map((m) => JSON.stringify(m)).sort();
  return JSON.stringify([s.rmState, s.tmState, [...s.tmPrepared].sort(), msgs]);
}

function hasMsg(s: NaiveTwoPhase, type: string, rm?: string): boolean {
  return s.msgs.some((m) => m.type === type && m.rm === rm);
}

function addMsg(s: NaiveTwoPhase, m: { type: string; rm?: string }): NaiveTwoPhase['msgs'] {
  return hasMsg(s, m.type, m.rm) ? s.msgs : [...s.msgs, m];
}

/** All successors of `s` under TPNext (TLA+ stuttering steps included; they add no state). */
export function naiveSuccessors(s: NaiveTwoPhase, rms: string[], eagerCommit = false): NaiveTwoPhase[] {
  const out: NaiveTwoPhase[] = [];
  const setRm = (rm: string, v: string) => ({ ...s, rmState: { ...s.rmState, [rm]: v } });
  // TMCommit: tmState = "init" /\ tmPrepared = RM (the broken TM: tmPrepared # {}).
  const canCommit = eagerCommit ? s.tmPrepared.length > 0 : rms.every((rm) => s.tmPrepared.includes(rm));
  if (s.tmState === 'init' && canCommit) out.push({ ...s, tmState: 'committed', msgs: addMsg(s, { type: 'Commit' }) });
  if (s.tmState === 'init') out.push({ ...s, tmState: 'aborted', msgs: addMsg(s, { type: 'Abort' }) });
  for (const rm of rms) {
    if (s.tmState === 'init' && hasMsg(s, 'Prepared', rm)) {
      out.push({ ...s, tmPrepared: s.tmPrepared.includes(rm) ? s.tmPrepared : [...s.tmPrepared, rm] });
    }
    if (s.rmState[rm] === 'working') {
      out.push({ ...setRm(rm, 'prepared'), msgs: addMsg(s, { type: 'Prepared', rm }) });
      out.push(setRm(rm, 'aborted'));
    }
    if (hasMsg(s, 'Commit')) out.push(setRm(rm, 'committed'));
    if (hasMsg(s, 'Abort')) out.push(setRm(rm, 'aborted'));
  }
  return out;
}

/** The initial state for `n` RMs named rm1..rmN. */
export function naiveInit(n: number): { init: NaiveTwoPhase; rms: string[] } {
  const rms = Array.from({ length: n }, (_, i) => `rm${i + 1}`);
  return { init: { rmState: Object.fromEntries(rms.map((rm) => [rm, 'working'])), tmState: 'init', tmPrepared: [], msgs: [] }, rms };
}

/** Breadth-first enumeration: the distinct states (by key) and each one's depth. */
export function naiveEnumerate(n: number, eagerCommit = false): { states: Map<string, NaiveTwoPhase>; depth: Map<string, number> } {
  const { init, rms } = naiveInit(n);
  const states = new Map<string, NaiveTwoPhase>([[key(init), init]]);
  const depth = new Map<string, number>([[key(init), 0]]);
  let level = [init];
  for (let d = 1; level.length > 0; d++) {
    const nextLevel: NaiveTwoPhase[] = [];
    for (const s of level) {
      for (const t of naiveSuccessors(s, rms, eagerCommit)) {
        const k = key(t);
        if (!states.has(k)) {
          states.set(k, t);
          depth.set(k, d);
          nextLevel.push(t);
        }
      }
    }
    level = nextLevel;
  }
  return { states, depth };
}

/** The key of a state given in the spec's terms (e.g. the model's `stateToJson`). */
export function naiveKey(s: NaiveTwoPhase): string {
  return key(s);
}
