/**
 * (Issue 17) Microbenchmark of the in-memory visited table (src/engine/visited.ts) alone:
 * `npx tsx bench/visited-table.ts [states] [branching]`. Inserts `states` fingerprints with
 * breadth-first-like parents (each parent gets a pseudo-random number of new children, mean
 * `branching`), looking up `branching * 4` known and one absent fingerprint per insert, and
 * prints one JSON line: CPU seconds of the table operations, bytes per state at the end and
 * the worst bytes per state over the growth (sampled at every insert from 2^20 states on).
 * Uses only the table's public API, so the same file measures another version of the table.
 */
import { Fingerprinter } from '../src/engine/fingerprint.ts';
import { NO_PARENT, StateTable } from '../src/engine/visited.ts';

const states = Number(process.argv[2] ?? 1 << 23);
const branching = Number(process.argv[3] ?? 1.5);
const f = new Fingerprinter();
const w = new Int32Array(2);
const los = new Uint32Array(states + 1);
const his = new Uint32Array(states + 1);
for (let i = 0; i <= states; i++) {
  w[0] = i;
  f.hash(w, 1);
  los[i] = f.lo;
  his[i] = f.hi;
}
let seed = 12345;
const rand = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};

const t = new StateTable(1 << 10);
const cpu0 = process.cpuUsage();
let worst = 0;
let worstAt = 0;
let parent = 0;
let children = 0;
let hits = 0;
for (let id = 0; id < states; id++) {
  if (id >= 4) {
    while (children === 0) {
      parent++;
      children = Math.floor(rand() * 2 * branching + 0.5);
    }
    children--;
  }
  if (t.add(los[id], his[id], id < 4 ? NO_PARENT : parent - 4, Infinity) !== id) throw new Error(`id ${id} not new`);
  for (let k = 0; k < 4 * branching; k++) {
    const j = Math.floor(rand() * (id + 1));
    if (t.add(los[j], his[j], 0, Infinity) === j) hits++;
  }
  if (t.find(los[states], his[states]) !== -1) throw new Error('absent fingerprint found');
  if (id >= 1 << 20) {
    const b = t.bytes() / (id + 1);
    if (b > worst) {
      worst = b;
      worstAt = id + 1;
    }
  }
}
const cpu = process.cpuUsage(cpu0);
for (let id = 0; id < states; id += 4099) {
  if (t.find(los[id], his[id]) !== id || t.lo(id) !== los[id] || t.hi(id) !== his[id]) throw new Error(`state ${id} lost`);
}
console.log(JSON.stringify({
  states, branching, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytesPerState: t.bytes() / t.size, worstBytesPerState: worst, worstAt, hits,
}));
