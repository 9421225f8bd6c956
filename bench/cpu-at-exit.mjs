// Preloaded by bench/startup.ts (`node --import ./bench/cpu-at-exit.mjs ...`): prints the
// process's own CPU time (user + system, ms) on stderr when it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.cpuUsage();
  writeSync(2, `\ncpu-ms: ${((u.user + u.system) / 1000).toFixed(1)}\n`);
});
