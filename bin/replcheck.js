#!/usr/bin/env node
// replcheck launcher: registers tsx so the TypeScript sources (and users' model, mechanism and
// plugin modules written in TypeScript) load without a build step, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`replcheck show FILE | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
