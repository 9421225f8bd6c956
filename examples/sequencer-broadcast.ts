/**
 * Sequencer-based total-order broadcast over FIFO channels.
 *
 * `processes` processes each broadcast `updates` updates of their own. A process broadcasts by
 * sending the update to the sequencer on its FIFO channel; the sequencer takes the head of a
 * channel, gives it the next sequence number and sends it on the FIFO channel to every process
 * (the sender included); a process delivers the head of its channel when it carries the sequence
 * number it expects next. Two broken variants exist for tests: `direct` (no sequencer: a process
 * delivers its own update at once and sends it on per-pair FIFO channels to the others, which
 * deliver on receipt; breaks total order) and `unordered` (the sequencer may take any pending
 * message of a channel, not only the head; breaks per-sender FIFO order).
 *
 * (Issue 17) Written as a model author is advised to write for speed (README, "Long runs"): a
 * compact packed `encode` that the frontier codec only decodes (examples/sequencer-codec.ts),
 * `next` sharing every array it does not change, and invariants with a `passesAfter` that checks
 * only the update a step appended to a log (examples/sequencer-properties.ts).
 */
import type { Model } from '../src/engine/model.ts';
import type { CheckTarget, ModelModule, Selection } from '../src/engine/plugin.ts';
import { UsageError } from '../src/engine/errors.ts';
import { broadcastProperties, processName, updateName } from './sequencer-properties.ts';
import { broadcastCodec, broadcastEncode } from './sequencer-codec.ts';

/**
 * A state. Updates are numbered `sender * updates + index` (0-based); a process sends its own
 * updates in index order. The FIFO channels are stored in an equivalent compact form:
 * - process p -> sequencer: `pending[p]`, the set (bitmask by index) of p's updates sent but not
 *   yet ordered; the channel's FIFO order is increasing index, its head the lowest bit;
 * - sequencer -> process q: the sequencer appends each ordered update to every such channel at
 *   once, so channel q holds `ordered[logs[q].length ..]` (q takes the head and delivers it);
 * - direct variant, p -> q: p appends each update to every such channel at once, so the channel
 *   holds p's updates `received[p * P + q] .. sent[p] - 1`.
 */
export interface BroadcastState {
  /** How many of its own updates each process has broadcast. */
  readonly sent: readonly number[];
  /** Per process: bitmask of its updates in its channel to the sequencer. */
  readonly pending: readonly number[];
  /** The sequencer's output, in sequence-number order (update `ordered[n]` has number n). */
  readonly ordered: readonly number[];
  /** Direct variant: how many of p's updates q took from channel p -> q, at `p * P + q`. */
  readonly received: readonly number[];
  /** Each process's delivery log, in delivery order. */
  readonly logs: readonly (readonly number[])[];
}

/** An action, carrying what its rendering needs. */
export type BroadcastAction =
  | { kind: 'broadcast'; p: number; u: number }
  | { kind: 'order'; u: number; seq: number }
  | { kind: 'deliver'; q: number; u: number; seq: number };

/** `correct`, or a broken variant (see the file header). */
export type BroadcastVariant = 'correct' | 'direct' | 'unordered';

/** Parameters of {@link broadcastModel}. */
export interface BroadcastOptions {
  processes: number;
  updates: number;
  variant?: BroadcastVariant;
}

function replace<T>(a: readonly T[], i: number, v: T): T[] {
  const b = a.slice();
  b[i] = v;
  return b;
}

/** `a` with `v` appended (a new array, made at its final size). */
function append(a: readonly number[], v: number): number[] {
  const n = a.length;
  const b = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) b[i] = a[i];
  b[n] = v;
  return b;
}

function state(sent: readonly number[], pending: readonly number[], ordered: readonly number[],
  received: readonly number[], logs: readonly (readonly number[])[]): BroadcastState {
  return { sent, pending, ordered, received, logs };
}

/** The transition system. */
export function broadcastModel(o: BroadcastOptions): Model<BroadcastState, BroadcastAction> {
  const P = o.processes, K = o.updates, variant = o.variant ?? 'correct';
  const direct = variant === 'direct';
  const name = (u: number) => updateName(u, K);
  const zeros = (n: number) => new Array<number>(n).fill(0);
  return {
    name: variant === 'correct' ? 'sequencer-broadcast' : `sequencer-broadcast/${variant}`,
    init: () => [state(zeros(P), zeros(P), [], zeros(direct ? P * P : 0), new Array<number[]>(P).fill([]))],
    actions(s) {
      const out: BroadcastAction[] = [];
      for (let p = 0; p < P; p++) if (s.sent[p] < K) out.push({ kind: 'broadcast', p, u: p * K + s.sent[p] });
      if (direct) {
        for (let q = 0; q < P; q++) {
          for (let p = 0; p < P; p++) {
            const r = s.received[p * P + q];
            if (p !== q && r < s.sent[p]) out.push({ kind: 'deliver', q, u: p * K + r, seq: 0 });
          }
        }
        return out;
      }
      for (let p = 0; p < P; p++) {
        for (let i = 0; i < K; i++) {
          if ((s.pending[p] >>> i) & 1) {
            out.push({ kind: 'order', u: p * K + i, seq: s.ordered.length });
            if (variant !== 'unordered') break; // only the channel's head
          }
        }
      }
      for (let q = 0; q < P; q++) {
        const seq = s.logs[q].length;
        if (seq < s.ordered.length) out.push({ kind: 'deliver', q, u: s.ordered[seq], seq });
      }
      return out;
    },
    next(s, a) {
      if (a.kind === 'broadcast') {
        const sent = replace(s.sent, a.p, s.sent[a.p] + 1);
        if (!direct) return state(sent, replace(s.pending, a.p, s.pending[a.p] | (1 << (a.u % K))), s.ordered, s.received, s.logs);
        return state(sent, s.pending, s.ordered, s.received, replace(s.logs, a.p, append(s.logs[a.p], a.u)));
      }
      if (a.kind === 'order') {
        const p = Math.floor(a.u / K);
        return state(s.sent, replace(s.pending, p, s.pending[p] & ~(1 << (a.u % K))), append(s.ordered, a.u), s.received, s.logs);
      }
      const received = direct ? replace(s.received, Math.floor(a.u / K) * P + a.q, s.received[Math.floor(a.u / K) * P + a.q] + 1) : s.received;
      return state(s.sent, s.pending, s.ordered, received, replace(s.logs, a.q, append(s.logs[a.q], a.u)));
    },
    // One packed encoding for the fingerprint and the frontier (examples/sequencer-codec.ts).
    encode: broadcastEncode(P, direct),
    formatAction(a) {
      if (a.kind === 'broadcast') return `Broadcast(${name(a.u)})`;
      if (a.kind === 'order') return `Order(${name(a.u)} as #${a.seq})`;
      return direct ? `Deliver(${processName(a.q)}, ${name(a.u)})` : `Deliver(${processName(a.q)}, ${name(a.u)} #${a.seq})`;
    },
    actionKind: (a) => a.kind,
    // The workload is fixed in advance (K updates per process), so broadcasting one of them
    // completes work the run already has, like a delivery: every action drains, and a random
    // walk's drain phase can reach `all-delivered` from any state, as it can in `check`.
    isDrain: () => true,
    codec: broadcastCodec(P, direct),
    stateToJson: (s) => broadcastToJson(s, P, K, direct),
    actionToJson: (a) => ({ ...a, u: name(a.u) }),
  };
}

/** The state with its channels spelled out as message lists, for trace files. */
export function broadcastToJson(s: BroadcastState, P: number, K: number, direct: boolean): unknown {
  const name = (u: number) => updateName(u, K);
  const channels: Record<string, string[]> = {};
  for (let p = 0; p < P; p++) {
    if (direct) {
      for (let q = 0; q < P; q++) {
        if (q === p) continue;
        const msgs: string[] = [];
        for (let i = s.received[p * P + q]; i < s.sent[p]; i++) msgs.push(name(p * K + i));
        channels[`${processName(p)}->${processName(q)}`] = msgs;
      }
    } else {
      const msgs: string[] = [];
      for (let i = 0; i < K; i++) if ((s.pending[p] >>> i) & 1) msgs.push(name(p * K + i));
      channels[`${processName(p)}->sequencer`] = msgs;
    }
  }
  if (!direct) {
    for (let q = 0; q < P; q++) {
      channels[`sequencer->${processName(q)}`] = s.ordered.slice(s.logs[q].length).map((u, i) => `${name(u)} #${s.logs[q].length + i}`);
    }
  }
  return { sent: s.sent, channels, logs: Object.fromEntries(s.logs.map((log, q) => [processName(q), log.map(name)])) };
}

function parseCount(key: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!/^\d+$/.test(text.trim()) || v < 1 || v > max) {
    throw new UsageError(`--param ${key} must be an integer from 1 to ${max} (got '${text}')`);
  }
  return v;
}

/** Builds the check target for a `--param` selection (processes, updates, variant). */
export function createBroadcast(sel: Pick<Selection, 'params'>): CheckTarget<BroadcastState, BroadcastAction> {
  const processes = parseCount('processes', sel.params.processes, 2, 8);
  const updates = parseCount('updates', sel.params.updates, 2, 8);
  const variant = sel.params.variant ?? 'correct';
  if (variant !== 'correct' && variant !== 'direct' && variant !== 'unordered') {
    throw new UsageError(`--param variant must be 'correct', 'direct' or 'unordered' (got '${variant}')`);
  }
  return {
    model: broadcastModel({ processes, updates, variant }),
    properties: broadcastProperties(processes, updates),
    meta: { params: { processes: String(processes), updates: String(updates), variant } },
  };
}

const sequencerBroadcast: ModelModule<BroadcastState, BroadcastAction> = {
  name: 'sequencer-broadcast',
  description: 'Sequencer-based total-order broadcast over FIFO channels: each process broadcasts its updates through a sequencer that numbers them.',
  params: {
    processes: { description: 'number of processes (1-8)', default: '2' },
    updates: { description: 'updates each process broadcasts (1-8)', default: '2' },
    variant: { description: "'correct', 'direct' (no sequencer) or 'unordered' (sequencer ignores FIFO order)", default: 'correct' },
  },
  create: createBroadcast,
};
export default sequencerBroadcast;
