/**
 * Properties of the sequencer broadcast example (examples/sequencer-broadcast.ts), over the
 * processes' delivery logs: total order, per-sender FIFO order, and delivery of everything.
 * (Issue 17) The two invariants have a `passesAfter` that checks only the update a step appended
 * to a log (a step that changes no log passes at once), as a model author would write them for
 * speed: the search shows each new state to them with the state it came from, which passed.
 */
import { always, alwaysReachable, sometimes, type Property, type Verdict } from '../src/engine/property.ts';

/** The state part the properties read: each process's delivery log (update ids). */
export interface DeliveryLogs {
  readonly logs: readonly (readonly number[])[];
}

/** Process `q`'s display name (p1, p2, ...). */
export function processName(q: number): string {
  return `p${q + 1}`;
}

/** Update `u`'s display name: its sender and its index, e.g. p2.1. */
export function updateName(u: number, updates: number): string {
  return `p${Math.floor(u / updates) + 1}.${(u % updates) + 1}`;
}

/** total-order, fifo, all-delivered and someone-delivered-all for `P` processes of `K` updates. */
export function broadcastProperties(P: number, K: number): Property<DeliveryLogs>[] {
  const name = (u: number) => updateName(u, K);
  const totalOrder = (s: DeliveryLogs): Verdict => {
    for (let q = 0; q < P; q++) {
      for (let r = q + 1; r < P; r++) {
        const a = s.logs[q], b = s.logs[r];
        const n = Math.min(a.length, b.length);
        for (let k = 0; k < n; k++) {
          if (a[k] !== b[k]) {
            return {
              facts: [`${processName(q)} delivered ${name(a[k])} as its delivery ${k + 1}, ${processName(r)} delivered ${name(b[k])}`],
              replica: processName(q),
              updates: [name(a[k]), name(b[k])],
            };
          }
        }
      }
    }
    return true;
  };
  // Per sender, the index of the update expected next (scratch, reset for every log).
  const expected = new Int32Array(P);
  const fifo = (s: DeliveryLogs): Verdict => {
    for (let q = 0; q < P; q++) {
      expected.fill(0);
      const log = s.logs[q];
      for (let i = 0; i < log.length; i++) {
        const u = log[i];
        const from = Math.floor(u / K), index = u % K;
        if (index !== expected[from]) {
          const missing = from * K + expected[from];
          return {
            facts: [`${processName(q)} delivered ${name(u)} while ${name(missing)}, sent before it, was not delivered`],
            replica: processName(q),
            updates: [name(u), name(missing)],
          };
        }
        expected[from]++;
      }
    }
    return true;
  };
  // (Issue 17) What a step changed, for `passesAfter`: `next` shares the logs it does not change
  // and appends one update to the log it changes, so only that update needs checking when the
  // state before passed (true: vouched for; false: `check` decides as usual).
  const appended = (a: readonly number[], b: readonly number[]): boolean => {
    if (b.length !== a.length + 1) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  const totalOrderAfter = (from: DeliveryLogs, _a: unknown, t: DeliveryLogs): boolean => {
    for (let q = 0; q < P; q++) {
      const before = from.logs[q], log = t.logs[q];
      if (log === before) continue;
      if (!appended(before, log)) return false;
      const k = before.length;
      for (let r = 0; r < P; r++) if (r !== q && t.logs[r].length > k && t.logs[r][k] !== log[k]) return false;
    }
    return true;
  };
  const fifoAfter = (from: DeliveryLogs, _a: unknown, t: DeliveryLogs): boolean => {
    for (let q = 0; q < P; q++) {
      const before = from.logs[q], log = t.logs[q];
      if (log === before) continue;
      if (!appended(before, log)) return false;
      const u = log[before.length], sender = Math.floor(u / K);
      let earlier = 0;
      for (let i = 0; i < before.length; i++) if (Math.floor(before[i] / K) === sender) earlier++;
      if (earlier !== u % K) return false;
    }
    return true;
  };
  const missing = (log: readonly number[]): number[] => {
    const seen = new Set(log);
    const out: number[] = [];
    for (let u = 0; u < P * K; u++) if (!seen.has(u)) out.push(u);
    return out;
  };
  const allDelivered = (s: DeliveryLogs): Verdict => {
    for (let q = 0; q < P; q++) {
      const m = missing(s.logs[q]);
      if (m.length > 0) return { facts: [`${processName(q)} has not delivered ${m.map(name).join(', ')}`], replica: processName(q), updates: m.map(name) };
    }
    return true;
  };
  const someoneAll = (s: DeliveryLogs): Verdict => s.logs.some((log) => missing(log).length === 0);
  return [
    always('total-order', totalOrder, {
      description: 'Any two processes delivered the same updates in the same order, up to the shorter log (prefix-compatible logs).',
      passesAfter: totalOrderAfter,
    }),
    always('fifo', fifo, { description: "Every process delivers each sender's updates in the order they were sent.", passesAfter: fifoAfter }),
    alwaysReachable('all-delivered', allDelivered, 'From every reachable state, a state where every process has delivered every update is reachable.'),
    sometimes('someone-delivered-all', someoneAll, 'Some process delivers every update.'),
  ];
}
