// `node --import ./bin/register-sources.mjs FILE.ts`: runs a script against replcheck's TypeScript
// sources with the loaders the CLI uses in a clone (bin/source-loader.mjs), so a measurement
// (bench/run.ts) costs what `npx replcheck` costs there.
import { register } from './source-loader.mjs';

register();
globalThis[Symbol.for('replcheck.tsLoader')] = new URL('./source-loader.mjs', import.meta.url).href;
