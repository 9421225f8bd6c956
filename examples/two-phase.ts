/**
 * Two-phase commit, state for state as in Lamport's TLA+ spec TwoPhase (the benchmark model).
 *
 * Variables: rmState[rm] in working/prepared/committed/aborted, tmState in init/committed/
 * aborted, tmPrepared (a set of RMs) and msgs (a set of Prepared(rm), Commit, Abort messages).
 * A state is packed into one number: RM i owns the 4-bit field at bit 4i (bits 0-1 its rmState,
 * bit 2 "Prepared(rm) is in msgs", bit 3 "rm is in tmPrepared") and tmState sits at bit 48.
 * Commit (Abort) is in msgs exactly when tmState is committed (aborted), since TMCommit (TMAbort)
 * is the only action that sends it and the only one that sets tmState, so msgs needs no more bits.
 * With up to 12 RMs a state stays below 2^50, an exact integer. Actions whose effect would leave
 * the state unchanged (TLA+ stuttering, e.g. receiving a Commit twice) are not listed: this
 * changes no reachable state, only the transition count.
 */
import type { Model, WordSink } from '../src/engine/model.ts';
import { always, alwaysReachable, sometimes, type Property, type Verdict } from '../src/engine/property.ts';
import type { CheckTarget, ModelModule, Selection } from '../src/engine/plugin.ts';
import { UsageError } from '../src/engine/errors.ts';

const TWO32 = 4294967296;
const WORKING = 0, PREPARED = 1, COMMITTED = 2, ABORTED = 3;
const MSG = 4, TMP = 8;
const RM_STATES = ['working', 'prepared', 'committed', 'aborted'];
const TM_STATES = ['init', 'committed', 'aborted'];
const KINDS = ['TMRcvPrepared', 'TMCommit', 'TMAbort', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg'];
const TM_RCV = 0, TM_COMMIT = 1, TM_ABORT = 2, RM_PREPARE = 3, RM_ABORT = 4, RM_RCV_COMMIT = 5, RM_RCV_ABORT = 6;

/** A packed TwoPhase state (see the file header). */
export type TwoPhaseState = number;
/** An action: `kind * 16 + rm` with kind the index in TLA+ order (TMRcvPrepared = 0 ... RMRcvAbortMsg = 6). */
export type TwoPhaseAction = number;

/** `correct` is Lamport's TM; `eager-commit` commits once any RM is prepared (refuted by `consistent`). */
export type TwoPhaseVariant = 'correct' | 'eager-commit';

/** Parameters of {@link twoPhaseModel}. */
export interface TwoPhaseOptions {
  rms: number;
  variant?: TwoPhaseVariant;
  /** Reduce by permutations of the RMs (all properties here are symmetric). */
  symmetry?: boolean;
}

/** The 4-bit field of RM `i`. */
export function rmField(s: TwoPhaseState, i: number): number {
  return i < 8 ? (s >>> (4 * i)) & 15 : (((s / TWO32) >>> 0) >>> (4 * (i - 8))) & 15;
}

/** RM `i`'s rmState: 0 working, 1 prepared, 2 committed, 3 aborted. */
export function rmState(s: TwoPhaseState, i: number): number {
  return rmField(s, i) & 3;
}

/** tmState: 0 init, 1 committed, 2 aborted. */
export function tmState(s: TwoPhaseState): number {
  return ((s / TWO32) >>> 16) & 3;
}

function withField(s: TwoPhaseState, i: number, v: number): TwoPhaseState {
  let lo = s >>> 0;
  let hi = (s / TWO32) >>> 0;
  if (i < 8) lo = (lo & ~(15 << (4 * i))) | (v << (4 * i));
  else hi = (hi & ~(15 << (4 * (i - 8)))) | (v << (4 * (i - 8)));
  return hi * TWO32 + (lo >>> 0);
}

function withTm(s: TwoPhaseState, tm: number): TwoPhaseState {
  const hi = ((s / TWO32) >>> 0) & ~(3 << 16);
  return (hi | (tm << 16)) * TWO32 + (s >>> 0);
}

/** RM names rm1..rmN, by index. */
function rmName(i: number): string {
  return `rm${i + 1}`;
}

/** The TwoPhase transition system for `rms` resource managers. */
export function twoPhaseModel(o: TwoPhaseOptions): Model<TwoPhaseState, TwoPhaseAction> {
  const n = o.rms;
  const eager = o.variant === 'eager-commit';
  const scratch = new Int32Array(n);
  const model: Model<TwoPhaseState, TwoPhaseAction> = {
    name: eager ? 'two-phase/eager-commit' : 'two-phase',
    init: () => [0],
    actions(s) {
      const out: number[] = [];
      const tm = tmState(s);
      let prepared = 0;
      for (let i = 0; i < n; i++) {
        const f = rmField(s, i);
        if (f & TMP) prepared++;
        if (tm === 0 && (f & (MSG | TMP)) === MSG) out.push(TM_RCV * 16 + i);
      }
      if (tm === 0 && (eager ? prepared > 0 : prepared === n)) out.push(TM_COMMIT * 16);
      if (tm === 0) out.push(TM_ABORT * 16);
      for (let i = 0; i < n; i++) {
        const r = rmField(s, i) & 3;
        if (r === WORKING) out.push(RM_PREPARE * 16 + i, RM_ABORT * 16 + i);
        if (tm === 1 && r !== COMMITTED) out.push(RM_RCV_COMMIT * 16 + i);
        if (tm === 2 && r !== ABORTED) out.push(RM_RCV_ABORT * 16 + i);
      }
      return out;
    },
    next(s, a) {
      const i = a & 15;
      const f = rmField(s, i);
      switch (a >>> 4) {
        case TM_RCV: return withField(s, i, f | TMP);
        case TM_COMMIT: return withTm(s, 1);
        case TM_ABORT: return withTm(s, 2);
        case RM_PREPARE: return withField(s, i, (f & ~3) | PREPARED | MSG);
        case RM_ABORT: return withField(s, i, (f & ~3) | ABORTED);
        case RM_RCV_COMMIT: return withField(s, i, (f & ~3) | COMMITTED);
        default: return withField(s, i, (f & ~3) | ABORTED);
      }
    },
    encode(s: TwoPhaseState, out: WordSink) {
      out.word(s >>> 0);
      out.word((s / TWO32) >>> 0);
    },
    // (Issue 17) The frontier stores the two words of `encode` and decodes them back.
    codec: { decode: (w, at) => (w[at + 1] >>> 0) * TWO32 + (w[at] >>> 0) },
    formatAction: (a) => (a >>> 4 === TM_COMMIT || a >>> 4 === TM_ABORT ? KINDS[a >>> 4] : `${KINDS[a >>> 4]}(${rmName(a & 15)})`),
    actionKind: (a) => KINDS[a >>> 4],
    isDrain: (a) => a >>> 4 !== RM_PREPARE && a >>> 4 !== RM_ABORT,
    stateToJson: (s) => twoPhaseToJson(s, n),
    actionToJson: (a) => (a >>> 4 === TM_COMMIT || a >>> 4 === TM_ABORT ? { action: KINDS[a >>> 4] } : { action: KINDS[a >>> 4], rm: rmName(a & 15) }),
  };
  if (o.symmetry) {
    model.canonical = (s) => {
      for (let i = 0; i < n; i++) {
        const f = rmField(s, i);
        let j = i;
        while (j > 0 && scratch[j - 1] > f) { scratch[j] = scratch[j - 1]; j--; }
        scratch[j] = f;
      }
      let c = withTm(0, tmState(s));
      for (let i = 0; i < n; i++) c = withField(c, i, scratch[i]);
      return c;
    };
  }
  return model;
}

/** The state in the TLA+ spec's terms, for trace files and tests. */
export function twoPhaseToJson(s: TwoPhaseState, n: number): unknown {
  const rm: Record<string, string> = {};
  const tmPrepared: string[] = [];
  const msgs: unknown[] = [];
  for (let i = 0; i < n; i++) {
    rm[rmName(i)] = RM_STATES[rmState(s, i)];
    if (rmField(s, i) & TMP) tmPrepared.push(rmName(i));
    if (rmField(s, i) & MSG) msgs.push({ type: 'Prepared', rm: rmName(i) });
  }
  if (tmState(s) === 1) msgs.push({ type: 'Commit' });
  if (tmState(s) === 2) msgs.push({ type: 'Abort' });
  return { rmState: rm, tmState: TM_STATES[tmState(s)], tmPrepared, msgs };
}

/** The properties: TCConsistent, a commit witness, and "every RM can still decide". */
export function twoPhaseProperties(n: number): Property<TwoPhaseState>[] {
  const consistent = (s: TwoPhaseState): Verdict => {
    let committed = -1, aborted = -1;
    for (let i = 0; i < n; i++) {
      const r = rmState(s, i);
      if (r === COMMITTED && committed < 0) committed = i;
      if (r === ABORTED && aborted < 0) aborted = i;
    }
    if (committed < 0 || aborted < 0) return true;
    return { facts: [`${rmName(committed)} has committed`, `${rmName(aborted)} has aborted`] };
  };
  const allCommitted = (s: TwoPhaseState): Verdict => {
    for (let i = 0; i < n; i++) if (rmState(s, i) !== COMMITTED) return false;
    return true;
  };
  const decided = (s: TwoPhaseState): Verdict => {
    const open: string[] = [];
    for (let i = 0; i < n; i++) if (rmState(s, i) < COMMITTED) open.push(rmName(i));
    return open.length === 0 ? true : { facts: [`undecided: ${open.join(', ')}`] };
  };
  return [
    always('consistent', consistent, 'TCConsistent: no RM has committed while another has aborted.'),
    sometimes('committed', allCommitted, 'Some run commits the transaction at every RM.'),
    // True in TwoPhase: while tmState is init, TMAbort is enabled and then every RM can take
    // RMRcvAbortMsg; once tmState is committed (aborted) every RM can receive Commit (Abort).
    alwaysReachable('decided', decided, 'From every reachable state, a state where every RM has committed or aborted is reachable.'),
  ];
}

function parseRms(text: string): number {
  const v = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(v) || v < 1 || v > 12) {
    throw new UsageError(`--param rms must be an integer from 1 to 12 (got '${text}')`);
  }
  return v;
}

/** Builds the check target for a `--param` selection (rms, variant, symmetry). */
export function createTwoPhase(sel: Pick<Selection, 'params'>): CheckTarget<TwoPhaseState, TwoPhaseAction> {
  const rms = parseRms(sel.params.rms ?? '3');
  const variant = sel.params.variant ?? 'correct';
  if (variant !== 'correct' && variant !== 'eager-commit') {
    throw new UsageError(`--param variant must be 'correct' or 'eager-commit' (got '${variant}')`);
  }
  const symmetry = sel.params.symmetry ?? 'false';
  if (symmetry !== 'true' && symmetry !== 'false') {
    throw new UsageError(`--param symmetry must be 'true' or 'false' (got '${symmetry}')`);
  }
  return {
    model: twoPhaseModel({ rms, variant, symmetry: symmetry === 'true' }),
    properties: twoPhaseProperties(rms),
    meta: { params: { rms: String(rms), variant, symmetry } },
  };
}

const twoPhase: ModelModule<TwoPhaseState, TwoPhaseAction> = {
  name: 'two-phase',
  description: "Two-phase commit as in Lamport's TLA+ TwoPhase spec: a transaction manager and `rms` resource managers.",
  params: {
    rms: { description: 'number of resource managers (1-12)', default: '3' },
    variant: { description: "'correct', or 'eager-commit' (the TM commits once any RM is prepared)", default: 'correct' },
    symmetry: { description: "'true' to reduce by permutations of the resource managers", default: 'false' },
  },
  create: createTwoPhase,
};
export default twoPhase;
