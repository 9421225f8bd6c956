#!/usr/bin/env node
// replcheck launcher: registers tsx so the TypeScript sources (and users' model, mechanism and
// plugin modules written in TypeScript) load without a build step, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
