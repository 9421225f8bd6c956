/**
 * (Issue 17) The sequencer broadcast's state encoding: a state packed into bytes, four to a
 * word. It serves twice, as a performance-minded model author would use it: as `Model.encode`
 * (the words the search fingerprints, about 5 words at P=3, K=3 instead of one word per number)
 * and, through `Model.codec` with only a `decode`, as the frontier's storage (the search stores
 * the words it has already computed, so a state costs about 20 bytes there instead of an object
 * graph). Bytes: per process `sent` and `pending`; the length of `ordered` and its updates; the
 * direct variant's `received` counters; per process the length of its log, with bit 7 set when
 * the log is not a prefix of `ordered` (the direct variant), followed then by the log's updates.
 * In the sequencer variants every log is a prefix of `ordered` (a process delivers the
 * sequencer's output in order), so a log costs one byte. Update numbers are below 64 and counts
 * at most 64, so every value fits a byte; the encoding is injective, as `Model.encode` must be.
 */
import type { StateCodec, WordSink } from '../src/engine/model.ts';
import type { BroadcastState } from './sequencer-broadcast.ts';

/**
 * The bytes of the state being encoded or decoded: 2P + 1 + PK + P^2 + P(1 + PK) at most (the
 * direct variant, every log spelled out), 665 for P = K = 8.
 */
const bytes = new Uint8Array(1024);

/** Writes `bytes[0 .. n)` to `out`, four to a word (first byte lowest), the last word padded with zeros. */
function flush(n: number, out: WordSink): void {
  bytes[n] = 0;
  bytes[n + 1] = 0;
  bytes[n + 2] = 0;
  for (let i = 0; i < n; i += 4) out.word(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
}

/** True when `log` is a prefix of `ordered`. */
function isPrefix(log: readonly number[], ordered: readonly number[]): boolean {
  if (log.length > ordered.length) return false;
  for (let i = 0; i < log.length; i++) if (log[i] !== ordered[i]) return false;
  return true;
}

/** The packed encoding for `P` processes (`direct`: the variant with `received` counters, whose logs are not prefixes of `ordered`). */
export function broadcastEncode(P: number, direct: boolean): (s: BroadcastState, out: WordSink) => void {
  const received = direct ? P * P : 0;
  return (s, out) => {
    let n = 0;
    for (let p = 0; p < P; p++) {
      bytes[n++] = s.sent[p];
      bytes[n++] = s.pending[p];
    }
    const ordered = s.ordered;
    bytes[n++] = ordered.length;
    for (let i = 0; i < ordered.length; i++) bytes[n++] = ordered[i];
    for (let i = 0; i < received; i++) bytes[n++] = s.received[i];
    for (let q = 0; q < P; q++) {
      const log = s.logs[q];
      if (!direct || isPrefix(log, ordered)) bytes[n++] = log.length;
      else {
        bytes[n++] = log.length | 128;
        for (let i = 0; i < log.length; i++) bytes[n++] = log[i];
      }
    }
    flush(n, out);
  };
}

/** The frontier codec for `P` processes: decodes {@link broadcastEncode}'s words (the search stores them as they are). */
export function broadcastCodec(P: number, direct: boolean): StateCodec<BroadcastState> {
  const received = direct ? P * P : 0;
  return {
    decode(words, start, length) {
      for (let k = 0; k < length; k++) {
        const w = words[start + k];
        bytes[4 * k] = w;
        bytes[4 * k + 1] = w >>> 8;
        bytes[4 * k + 2] = w >>> 16;
        bytes[4 * k + 3] = w >>> 24;
      }
      // Arrays made at their final size (cheaper than growing them by push).
      let at = 0;
      const sent = new Array<number>(P);
      const pending = new Array<number>(P);
      for (let p = 0; p < P; p++) {
        sent[p] = bytes[at++];
        pending[p] = bytes[at++];
      }
      const ordered = new Array<number>(bytes[at++]);
      for (let i = 0; i < ordered.length; i++) ordered[i] = bytes[at++];
      const rec = new Array<number>(received);
      for (let i = 0; i < received; i++) rec[i] = bytes[at++];
      const logs = new Array<number[]>(P);
      for (let q = 0; q < P; q++) {
        const n = bytes[at++];
        if ((n & 128) === 0) logs[q] = ordered.slice(0, n);
        else {
          const log = new Array<number>(n & 127);
          for (let i = 0; i < log.length; i++) log[i] = bytes[at++];
          logs[q] = log;
        }
      }
      return { sent, pending, ordered, received: rec, logs };
    },
  };
}
