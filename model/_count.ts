import { exhaustive } from '../src/engine/exhaustive.ts';
import { createReplicationModel } from '../model/replication.ts';
import { loadConfig } from '../model/config.ts';
import { MECHANISMS } from '../model/mechanisms/index.ts';
const [name, mech = 'hierarchical', sym = 'on'] = process.argv.slice(2);
const { config } = loadConfig(name, process.cwd());
const model = createReplicationModel(config, MECHANISMS[mech]!, { symmetry: sym === 'on' });
const r = await exhaustive(model, [], { timeLimit: 300 });
console.log(name, mech, sym, JSON.stringify(r.stats));
