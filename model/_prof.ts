import { createReplicationModel } from './replication.ts';
import { loadConfig } from './config.ts';
import { MECHANISMS } from './mechanisms/index.ts';
import { ArraySink } from './encode.ts';
const [name = 'small', sym = 'on'] = process.argv.slice(2);
const { config } = loadConfig(name, process.cwd());
const model = createReplicationModel(config, MECHANISMS.hierarchical!, { symmetry: sym === 'on' });
// plain BFS with string keys
const t0 = performance.now();
const seen = new Set<string>();
let frontier = model.init();
let tA = 0, tN = 0, tE = 0, tC = 0, trans = 0;
const key = (s: any) => { const t = performance.now(); const c = model.canonical ? model.canonical(s) : s; tC += performance.now() - t; const t2 = performance.now(); const sink = new ArraySink(); model.encode(c, sink); const k = sink.words.join(','); tE += performance.now() - t2; return k; };
for (const s of frontier) seen.add(key(s));
while (frontier.length) {
  const next: any[] = [];
  for (const s of frontier) {
    let t = performance.now(); const acts = model.actions(s); tA += performance.now() - t;
    for (const a of acts) {
      t = performance.now(); const n = model.next(s, a)!; tN += performance.now() - t; trans++;
      const k = key(n); if (!seen.has(k)) { seen.add(k); next.push(n); }
    }
  }
  frontier = next;
}
console.log({ states: seen.size, trans, total: performance.now() - t0, actions: tA, next: tN, encode: tE, canon: tC });
