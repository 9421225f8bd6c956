import { PRESETS } from './presets.ts';
const [preset, ...kv] = process.argv.slice(2);
const c: any = JSON.parse(JSON.stringify(PRESETS[preset!]));
c.knobs = { ...(c.knobs ?? {}) };
for (const x of kv) { const [k, v] = x.split('='); c.knobs[k!] = v === 'true' ? true : v === 'false' ? false : Number(v); }
console.log(JSON.stringify(c));
