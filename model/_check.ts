import { exhaustive } from '../src/engine/exhaustive.ts';
import { always, alwaysReachable } from '../src/engine/property.ts';
import { createReplicationModel } from './replication.ts';
import { loadConfig } from './config.ts';
import { MECHANISMS } from './mechanisms/index.ts';
import { invalidities } from './validity.ts';
import { replicationProperties } from '../properties/index.ts';
const [name = 'small', mech = 'hierarchical', which = 'mine'] = process.argv.slice(2);
const { config } = loadConfig(name, process.cwd());
const model = createReplicationModel(config, MECHANISMS[mech]!);
const topo = model.topology;
const mine = [
  always('valid', (s: any) => { const p = invalidities(topo, s); return p.length ? { facts: p } : true; }),
  always('gid-causal', (s: any) => { for (const u of s.updates) if (u.gid) for (const d of u.deps) { const g = s.updates[d].gid; if (!g || g > u.gid) return { facts: [`dep ${d} gid ${g} after ${u.gid}`] }; } return true; }),
];
const props = which === 'mine' ? mine : replicationProperties({ index: topo.index, config, successors: (s: any) => model.actions(s).map((a) => ({ action: model.actionToJson(a), state: model.next(s, a)! })) });
const r = await exhaustive(model, props as any, { timeLimit: 600 });
console.log(JSON.stringify(r.stats));
for (const p of r.properties) {
  console.log(p.name, p.kind, p.status, p.explanation ? JSON.stringify(p.explanation).slice(0, 400) : '');
  if (p.status === 'violated' && p.path && process.env.SHOW) for (const st of p.path) console.log('   ', st.action ? model.formatAction!(st.action as any) : 'init');
}
