/**
 * (Stop 29) The exhaustive explorer's checks of `Model.encode`, which the search trusts to tell
 * states apart: a state is stored as the fingerprint of its words and never looked at again, so
 * an `encode` that loses information merges states and explores a smaller space, passing designs
 * it should refute (a user sweep: a field left out of `encode`, strings or `Number(bigint)` written
 * as words). Two checks, each a {@link ContractError} naming the model's `encode` (exit 2):
 * - **words**: the first {@link KEEP} states stored are encoded once more through a sink that
 *   refuses a word that is not a 32-bit integer (or a boolean): the word buffer would truncate a
 *   string, `undefined`, NaN, a fraction or a number past 2^32 silently, merging states;
 * - **same words, other behaviour**: those states are kept, and a transition that lands on one of
 *   them with a state that is not deeply equal to it has both compared, with a few steps of their
 *   futures (in lockstep by successor fingerprint, at most {@link PAIRS} pairs): as many actions,
 *   every state property alike, the same successor fingerprints. A difference proves `encode` left
 *   out something that is not derivable, which the Model contract forbids. A difference that no
 *   property, action or successor can see (a cache, derived data) is allowed.
 * At most {@link BUDGET} such comparisons are made in a run.
 */
import { isDeepStrictEqual } from 'node:util';
import { ContractError } from './contract-error.ts';
import { whoOf } from './contract.ts';
import { StateHasher, WordBuffer } from './fingerprint.ts';
import { formatAction, type Model, type WordSink } from './model.ts';
import { holds, type Property } from './property.ts';

/** States (by id) whose words are checked and which are kept for comparison. */
export const KEEP = 1024;
/** Comparisons of a state with a different one of the same words, per run. */
const BUDGET = 2048;
/** Pairs of states compared per comparison (their futures, in lockstep). */
const PAIRS = 64;

/** A sink that passes 32-bit integers (and booleans) on and remembers the first other value. */
class CheckedSink implements WordSink {
  bad: { value: unknown } | undefined;
  private readonly inner: WordBuffer;
  constructor(inner: WordBuffer) {
    this.inner = inner;
  }
  word(n: number): void {
    const v = n as unknown;
    if (typeof v === 'boolean') return this.inner.word(v ? 1 : 0);
    if (typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff) return this.inner.word(v);
    this.bad ??= { value: v };
    this.inner.word(0);
  }
}

/** How a refused word is shown. */
function shownWord(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'bigint') return `the bigint ${v}n`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : `${v} (not a 32-bit integer)`;
  return v === null ? 'null' : v === undefined ? 'undefined' : `a value of type ${typeof v}`;
}

/** The checks (see the file header); one per search. */
export class EncodingCheck<S, A> {
  private readonly kept: S[] = [];
  private budget = BUDGET;
  private readonly hasher: StateHasher<S, A>;
  private readonly judges: readonly Property<S, A>[];
  private readonly model: Model<S, A>;

  constructor(model: Model<S, A>, properties: readonly Property<S, A>[]) {
    this.model = model;
    this.hasher = new StateHasher(model);
    this.judges = properties.filter((p) => p.kind !== 'transition');
  }

  /** State `id` (canonical `c`) was stored: below {@link KEEP}, its words are checked and it is kept. */
  stored(id: number, c: S): void {
    if (id >= KEEP) return;
    this.words(c, `for state ${id}`);
    this.kept[id] = c;
  }

  /** Encodes `c` once more, refusing a word that is not a 32-bit integer. */
  private words(c: S, where: string): void {
    const sink = new CheckedSink(new WordBuffer());
    this.model.encode(c, sink);
    if (sink.bad !== undefined) {
      throw new ContractError(whoOf(this.model), 'encode', `wrote ${shownWord(sink.bad.value)} as a word: words must be 32-bit integers `
        + '(anything else is truncated, so states that differ get the same encoding and the search skips some); encode numbers and ids, not strings', where);
    }
  }

  /** A transition from state `from` reached `c`, whose words are those of stored state `id`. */
  same(id: number, c: S, from: number): void {
    const u = this.kept[id];
    if (u === undefined || u === c || this.budget <= 0) return;
    this.budget--;
    if (isDeepStrictEqual(u, c)) return;
    this.words(c, `while exploring state ${from}`);
    const diff = this.differ(u, c);
    if (diff !== undefined) {
      throw new ContractError(whoOf(this.model), 'encode', `wrote the same words for two states that behave differently (${diff}): `
        + 'encode must cover everything an action or a property can observe; a field left out merges states, so the search skips some', `while exploring state ${from}`);
    }
  }

  /** How the futures of `x` and `y` differ within {@link PAIRS} pairs, or undefined. */
  private differ(x0: S, y0: S): string | undefined {
    const queue: [S, S, number][] = [[x0, y0, 0]];
    for (let n = 0; n < queue.length && n < PAIRS; n++) {
      const [x, y, depth] = queue[n]!;
      const at = depth === 0 ? 'the two states' : `their states ${depth} step${depth === 1 ? '' : 's'} on`;
      const ax = this.model.actions(x);
      const ay = this.model.actions(y);
      if (ax.length !== ay.length) return `${at} enable ${ax.length} and ${ay.length} actions`;
      for (const p of this.judges) {
        if (holds(p.check(x)) !== holds(p.check(y))) return `property '${p.name}' holds on one of ${at} and fails on the other`;
      }
      const sx = this.successors(x, ax);
      const sy = this.successors(y, ay);
      for (const [k, [t, a]] of sx) {
        const other = sy.get(k);
        if (other === undefined) return `one of ${at} has a successor by '${formatAction(this.model, a)}' that the other has not`;
        if (!isDeepStrictEqual(t, other[0])) queue.push([t, other[0], depth + 1]);
      }
      for (const [k, [, a]] of sy) if (!sx.has(k)) return `one of ${at} has a successor by '${formatAction(this.model, a)}' that the other has not`;
    }
    return undefined;
  }

  /** The successors of `s` by canonical fingerprint, each with an action reaching it. */
  private successors(s: S, actions: readonly A[]): Map<string, [S, A]> {
    const out = new Map<string, [S, A]>();
    for (const a of actions) {
      const t = this.model.next(s, a);
      if (t === undefined) continue;
      const c = this.hasher.hash(t);
      const f = this.hasher.fingerprinter;
      const k = `${f.lo}:${f.hi}`;
      if (!out.has(k)) out.set(k, [c, a]);
    }
    return out;
  }
}
