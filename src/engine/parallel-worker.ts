/**
 * (Issue 17) The worker side of the parallel exhaustive search (parallel-search.ts): expands
 * units of frontier states (successors, canonicalisation, encoding, fingerprints, step
 * properties), keeps the successors until the main thread says which are new, then evaluates
 * the state properties on those and serialises them into the next level's units. A state that
 * does not encode to its fingerprint after `v8.deserialize` (a state that does not survive
 * serialisation) is reported, and the main thread falls back to one thread; so is a state to be
 * shipped that holds an object serialisation would strip of its prototype (reshape.ts,
 * lostInSerialisation: a class instance's getters would be gone). A state received is
 * first rebuilt in the model's own object shapes where that gives the same state (reshape.ts).
 * (Stop 32) What the model throws while expanding a parent ends the unit there, with the
 * transitions made before it, and what a property predicate throws is that predicate's outcome
 * (parallel-judge.ts): the main thread raises either where one thread would meet it.
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import { Early, U32 } from './parallel-early.ts';
import { StateHasher } from './fingerprint.ts';
import { ActionKinds, DRAIN_BIT, FAIR_BIT, isFairAction, stutterCode } from './kinds.ts';
import { SymmetryProbe } from './symmetry-check.ts';
import { FingerprintMap } from './parallel-met.ts';
import { SharedFingerprintMap } from './parallel-shared-met.ts';
import { HeldStates } from './parallel-held.ts';
import { changedInput, checkDeterministicList, checksDeterminism, checksPurity } from './purity.ts';
import { faultOf, OutcomeBuilder, outcomes, STATE_SLOTS, STEP_SLOTS, type FromWorker, type LevelPlan, type StateBlob, type ToWorker, type WorkerFault } from './parallel-protocol.ts';
import { guardOf } from './contract.ts';
import { Judge } from './parallel-judge.ts';

/** The port a worker talks on (a worker thread's `parentPort`). */
export interface SearchPort {
  postMessage(m: FromWorker, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (m: ToWorker) => void): unknown;
}

/** Target milliseconds of work per unit the worker makes (fewer, larger units for cheap models). */
const UNIT_MS = 60;
/**
 * Mean encoded words a successor from which the worker filters the successors it met before
 * across units ({@link SharedFingerprintMap}). Encoded size stands for a transition's cost
 * (two-phase: 2 words and well under a microsecond; the replication model: about 55 words, its
 * parts written as digests, and several microseconds), and unlike a clock it does not depend on
 * the machine's load. On a costly model the lookup is cheap beside a transition and saves
 * keeping (and collecting) every successor until the main thread answers; on a cheap one it
 * cost more than everything it saved.
 */
const FILTER_FROM_WORDS = 16;

/** Serves expansion requests on `port` for `model` and `properties` (the main thread's, rebuilt here). */
export function serveSearch<S, A>(port: SearchPort, model: Model<S, A>, properties: readonly Property<S, A>[]): void {
  const hasher = new StateHasher(model);
  const fp = hasher.fingerprinter;
  const kinds = new ActionKinds(model);
  let kindsSent = 0;
  const probe = SymmetryProbe.applies(model) ? new SymmetryProbe(model, properties) : null;
  const graph = properties.some((p) => p.kind === 'alwaysReachable' || p.kind === 'eventually');
  const watchSteps = properties.some((p) => p.kind === 'transition' || p.antecedent?.transition !== undefined);
  const slots = STATE_SLOTS * properties.length;
  const retained = new Map<number, { succ: S[]; fps: Uint32Array; early: Early | undefined; plan: LevelPlan; ends: Uint32Array; from: number }>();
  const guard = guardOf(model);
  const judge = new Judge(properties, guard);

  /** States this worker keeps for itself to expand, with their fingerprints. */
  const held = new HeldStates<S>();
  /** (Stop 32) The plans of the levels in flight (this one and the next), by depth. */
  const plans = new Map<number, LevelPlan>();
  let msPerState = 0;
  /**
   * (Stop 31) Successors met so far by any worker (when filtering across units), with the first
   * unit (in insertion order) that met each: the driver's shared map, from the first level plan.
   */
  let met: SharedFingerprintMap | undefined;
  /** Successors met in the current unit (when not filtering across units). */
  const unitMet = new FingerprintMap();
  let expandWords = 0;
  let expandTransitions = 0;

  const expand = (unit: number, blob: StateBlob, probing: boolean, depth: number): void => {
    const t0 = performance.now();
    const plan = plans.get(depth);
    if (plan === undefined) throw new Error(`unit ${unit} of level ${depth} came before its plan`);
    const got = held.unpack(blob, hasher);
    if (typeof got === 'string') return port.postMessage({ t: 'mismatch', unit, why: got, phase: 'expand' });
    const { states, fps: fps0 } = got;
    const ends = new Uint32Array(states.length);
    const action = new U32();
    const codes = new U32();
    const fps = new U32();
    const succ: (S | undefined)[] = [];
    // Whether to filter is decided per unit from the successors so far (it changes no result).
    const across = expandTransitions >= 256 && expandWords >= FILTER_FROM_WORDS * expandTransitions;
    // Otherwise only within the unit: a small table, cleared here, that stays in the cache.
    const seen = across ? met! : unitMet;
    if (!across) unitMet.clear();
    const known = new U32();
    const steps = watchSteps ? new OutcomeBuilder(STEP_SLOTS * properties.length) : undefined;
    const early = probing || slots === 0 ? undefined : new Early(slots);
    let asymmetry: string | undefined;
    let failure: WorkerFault | undefined;
    let parents = states.length;
    let n = 0;
    /** (Stop 32) Transition `pending` (action `pendingAction`, code `pendingCode`) has its step outcomes, not yet its successor. */
    let pending = -1;
    let pendingAction = 0;
    let pendingCode = 0;
    let stepOnly = false;
    for (let j = 0; j < states.length; j++) {
      const s = states[j];
      // (Stop 32) The guard counts this expansion as one thread does ("while exploring state N").
      if (guard !== undefined) guard.states = blob.first + j;
      try {
        if (probe !== null && !probing) {
          asymmetry = probe.sampled(blob.first + j, s, plan.depth);
          if (asymmetry !== undefined) break;
        }
        const actions = model.actions(s);
        for (let i = 0; i < actions.length; i++) {
          const a = actions[i];
          const t = model.next(s, a);
          if (t === undefined) continue;
          let code = kinds.index(a);
          if (graph) code |= (isFairAction(model, a) ? FAIR_BIT : 0) | (model.isDrain === undefined || model.isDrain(a) ? DRAIN_BIT : 0);
          if (steps !== undefined) judge.steps(plan, steps, n, s, a, t);
          pending = n;
          pendingAction = i;
          pendingCode = code;
          const c = model.canonical === undefined ? t : model.canonical(t);
          hasher.hashCanonical(c);
          expandWords += hasher.buffer.length;
          const lo = fp.lo;
          const hi = fp.hi;
          // (29a) A step back to its own (stored) source that leaves the state unchanged, not only
          // up to symmetry, does not count for weak fairness (kinds.ts: stutterCode), as on one thread.
          if ((code & FAIR_BIT) !== 0 && fps0 !== undefined && lo === fps0[2 * j] && hi === fps0[2 * j + 1]) {
            if (model.canonical === undefined) code = stutterCode(code);
            else {
              hasher.hashCanonical(t);
              if (fp.lo === lo && fp.hi === hi) code = stutterCode(code);
            }
          }
          action.push(i);
          codes.push(code);
          fps.push(lo);
          fps.push(hi);
          // Met in an earlier unit or earlier here: inserted before this transition, never new here.
          const was = seen.seen(lo, hi, unit);
          known.push(was ? 1 : 0);
          succ.push(was ? undefined : c);
          if (!was && early !== undefined) judge.early(plan, early, n, s, a, t, c);
          n++;
        }
        pending = -1;
        ends[j] = n;
        // (Stop 28) Expanding it must have left it as it was stored (purity.ts).
        if (fps0 !== undefined && checksPurity(blob.first + j)) {
          hasher.hashCanonical(s);
          if (fp.lo !== fps0[2 * j] || fp.hi !== fps0[2 * j + 1]) throw changedInput(model, `while exploring state ${blob.first + j}`);
          if (checksDeterminism(blob.first + j)) checkDeterministicList(hasher, model, s, actions, action.a, fps.a, j === 0 ? 0 : ends[j - 1]!, n, blob.first + j);
        }
        if (asymmetry === undefined && probe !== null && j === states.length - 1) asymmetry = model.asymmetry?.();
      } catch (e) {
        // (Stop 32) The transitions made before the throw stay: one thread shows them first. So
        // is the step whose successor's canonical form or encoding threw, to the step properties.
        // The failure travels with the unit: later units must not meet it again (guards rethrow a breach).
        if (pending === n) {
          action.push(pendingAction);
          codes.push(pendingCode);
          fps.push(0);
          fps.push(0);
          known.push(1);
          succ.push(undefined);
          n++;
          stepOnly = true;
        }
        ends[j] = n;
        failure = faultOf(e);
        parents = j + 1;
        if (guard !== undefined) guard.breach = undefined;
        break;
      }
    }
    if (!probing) retained.set(unit, { succ: succ as S[], fps: fps.done(), early, plan, ends, from: blob.first });
    const newKinds = kinds.names.slice(kindsSent);
    kindsSent = kinds.names.length;
    const msg: FromWorker = {
      t: 'expanded', unit, ends: asymmetry !== undefined ? ends.slice(0, 0) : ends.slice(0, parents), action: action.done(), codes: Uint16Array.from(codes.done()),
      fps: fps.done(), known: Uint8Array.from(known.done()), kinds: newKinds, ...(steps ? { steps: steps.done(n) } : {}), ...(asymmetry !== undefined ? { asymmetry } : {}),
      ...(failure !== undefined ? { failure } : {}), ...(stepOnly ? { stepOnly } : {}),
    };
    expandTransitions += n;
    note(t0, states.length);
    port.postMessage(msg, [msg.ends.buffer, msg.action.buffer, msg.codes.buffer, msg.fps.buffer, ...(msg.known ? [msg.known.buffer] : []), ...(msg.steps ? [msg.steps.bits.buffer] : [])] as ArrayBuffer[]);
  };

  const keep = (unit: number, first: number, idx: Uint32Array, ship: boolean): void => {
    const t0 = performance.now();
    const r = retained.get(unit);
    retained.delete(unit);
    if (r === undefined) throw new Error(`unit ${unit} was not expanded here`);
    const out = outcomes(idx.length, slots);
    const early = r.early;
    const plan = r.plan;
    let parent = 0;
    for (let k = 0; k < idx.length; k++) {
      const c = r.succ[idx[k]];
      if (early !== undefined && early.copy(idx[k], out, k)) continue;
      // (Stop 32) One thread judges a new state while expanding its parent.
      while (parent < r.ends.length - 1 && r.ends[parent] <= idx[k]) parent++;
      if (guard !== undefined) guard.states = r.from + parent + 1;
      judge.state(plan, out, k, c);
    }
    const size = Math.max(512, Math.min(plan.blob, msPerState > 0 ? Math.round(UNIT_MS / msPerState) : plan.blob));
    const blobs = held.blobs(r.succ, r.fps, idx, first, size, ship);
    if (typeof blobs === 'string') return port.postMessage({ t: 'mismatch', unit, why: blobs, phase: 'keep' });
    note(t0, 0);
    const buffers = blobs.flatMap((b) => (b.bytes !== undefined ? [b.bytes.buffer, b.fps!.buffer] : [])) as ArrayBuffer[];
    port.postMessage({ t: 'kept', unit, outcomes: out, blobs }, [out.bits.buffer as ArrayBuffer, ...buffers]);
  };

  let busy = 0;
  let busyStates = 0;
  /** Time per expanded state, including keeping its share of successors (sets the unit size). */
  const note = (t0: number, states: number): void => {
    busy += performance.now() - t0;
    busyStates += states;
    if (busyStates >= 64) msPerState = busy / busyStates;
  };

  port.on('message', (m: ToWorker) => {
    try {
      if (m.t === 'level') {
        plans.set(m.depth, m);
        plans.delete(m.depth - 2);
        met ??= new SharedFingerprintMap(m.met);
      }
      else if (m.t === 'expand') expand(m.unit, m.blob, m.probe, m.depth);
      else if (m.t === 'keep') keep(m.unit, m.first, m.idx, m.ship);
    } catch (e) {
      // (Stop 32) A fault while serving a unit names it: the driver raises it when its in-order replay reaches the unit.
      port.postMessage({ t: 'fault', fault: faultOf(e), ...(m.t === 'expand' || m.t === 'keep' ? { unit: m.unit, phase: m.t } : {}) });
    }
  });
  port.postMessage({ t: 'ready' });
}
