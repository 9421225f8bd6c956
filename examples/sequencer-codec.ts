/**
 * (Issue 17) The sequencer broadcast's frontier codec: a state packed into bytes, four to a word,
 * so that the exhaustive search's frontier holds about 20 bytes per state (P=3, K=3) instead of
 * an object graph. Bytes: per process `sent` and `pending`; the length of `ordered` and its
 * updates; the direct variant's `received` counters; per process the length of its log, with
 * bit 7 set when the log is not a prefix of `ordered` (the direct variant), followed then by the
 * log's updates. In the sequencer variants every log is a prefix of `ordered`, so a log costs one
 * byte. Update numbers are below 64 and counts at most 64, so every value fits a byte.
 */
import type { StateCodec, WordSink } from '../src/engine/model.ts';
import type { BroadcastState } from './sequencer-broadcast.ts';

let acc = 0;
let fill = 0;
let sink: WordSink;

function put(b: number): void {
  acc |= b << (8 * fill);
  if (++fill === 4) {
    sink.word(acc);
    acc = 0;
    fill = 0;
  }
}

let src: Int32Array;
let at = 0;

function get(): number {
  const b = (src[at >> 2] >>> (8 * (at & 3))) & 255;
  at++;
  return b;
}

/** True when `log` is a prefix of `ordered`. */
function isPrefix(log: readonly number[], ordered: readonly number[]): boolean {
  if (log.length > ordered.length) return false;
  for (let i = 0; i < log.length; i++) if (log[i] !== ordered[i]) return false;
  return true;
}

/** The codec for `P` processes (`direct`: the variant with `received` counters). */
export function broadcastCodec(P: number, direct: boolean): StateCodec<BroadcastState> {
  const received = direct ? P * P : 0;
  return {
    encode(s, out) {
      sink = out;
      acc = 0;
      fill = 0;
      for (let p = 0; p < P; p++) {
        put(s.sent[p]);
        put(s.pending[p]);
      }
      put(s.ordered.length);
      for (const u of s.ordered) put(u);
      for (let i = 0; i < received; i++) put(s.received[i]);
      for (let q = 0; q < P; q++) {
        const log = s.logs[q];
        if (isPrefix(log, s.ordered)) put(log.length);
        else {
          put(log.length | 128);
          for (const u of log) put(u);
        }
      }
      if (fill > 0) out.word(acc);
    },
    decode(words, start) {
      src = words;
      at = start * 4;
      const sent: number[] = [];
      const pending: number[] = [];
      for (let p = 0; p < P; p++) {
        sent.push(get());
        pending.push(get());
      }
      const ordered: number[] = [];
      for (let n = get(); n > 0; n--) ordered.push(get());
      const rec: number[] = [];
      for (let i = 0; i < received; i++) rec.push(get());
      const logs: number[][] = [];
      for (let q = 0; q < P; q++) {
        const n = get();
        if ((n & 128) === 0) logs.push(ordered.slice(0, n));
        else {
          const log: number[] = [];
          for (let k = n & 127; k > 0; k--) log.push(get());
          logs.push(log);
        }
      }
      return { sent, pending, ordered, received: rec, logs };
    },
  };
}
