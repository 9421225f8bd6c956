// Pins fast-check's seed when FC_SEED is set, so a failing CI run replays locally:
//   FC_SEED=<the seed=... shown in the failing test's name> npx vitest run --config examples/ci/vitest.config.ts
// Unset, every run draws a new seed and so explores new random walks.
import fc from 'fast-check';

const raw = process.env.FC_SEED;
if (raw !== undefined && raw !== '') {
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer (got '${raw}')`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
