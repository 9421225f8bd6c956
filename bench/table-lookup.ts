/**
 * (Stop 28) Micro-benchmark of the in-memory visited table (src/engine/visited.ts): inserts
 * 10,000,000 random fingerprints, then looks up 20,000,000 stored ones in random order, first one
 * at a time, then with the table reads of each group of G lookups issued together beforehand
 * (StateTable.warm). Prints ns per insert and per lookup. Used in bench/sections/replication-stop28.md
 * to show that the parallel search's main thread, which inserts every transition in order, is
 * bound by memory latency. Run: `npx tsx bench/table-lookup.ts` (about 15 s, 400 MB).
 */
import { StateTable } from '../src/engine/visited.ts';

const N = 10_000_000;
const M = 20_000_000;
let x = 123456789;
const rnd = (): number => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
};

const table = new StateTable();
const fps = new Uint32Array(2 * N);
for (let i = 0; i < 2 * N; i++) fps[i] = rnd();
let t0 = performance.now();
for (let i = 0; i < N; i++) table.add(fps[2 * i]!, fps[2 * i + 1]!, i >> 3, 1e9);
console.log(`insert ${N.toLocaleString('en-US')} states: ${((performance.now() - t0) * 1e6 / N).toFixed(1)} ns each (index rebuilds included)`);

const queries = new Uint32Array(2 * M);
for (let k = 0; k < M; k++) {
  const i = rnd() % N;
  queries[2 * k] = fps[2 * i]!;
  queries[2 * k + 1] = fps[2 * i + 1]!;
}
for (const group of [0, 8, 32, 128]) {
  t0 = performance.now();
  let sum = 0;
  const step = group || M;
  for (let k = 0; k < M; k += step) {
    const end = Math.min(M, k + step);
    if (group > 0) sum ^= table.warm(queries.subarray(2 * k, 2 * end));
    for (let j = k; j < end; j++) sum += table.add(queries[2 * j]!, queries[2 * j + 1]!, 0, 1e9);
  }
  const ns = (performance.now() - t0) * 1e6 / M;
  console.log(`lookup of a stored fingerprint, ${group === 0 ? 'one at a time' : `reads issued per group of ${group}`}: ${ns.toFixed(1)} ns (${sum & 1})`);
}
