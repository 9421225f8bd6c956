/**
 * The verdicts of `check` (exhaustive) and `simulate` (random walks with their drain phase) on
 * the replication model's liveness properties, for the agreement tests (issue 10).
 */
import replication from '../../model/index.ts';
import { exhaustive } from '../../src/engine/exhaustive.ts';
import { simulate } from '../../src/engine/random.ts';

/** The alwaysReachable properties compared. */
export const LIVENESS = ['eventual-consistency:reachable', 'ca-state:reachable'];
const repo = new URL('../..', import.meta.url).pathname;

/** Status per liveness property under check and under simulate (`runs` seeded walks). */
export async function liveness(config: string, mechanism: string, runs = 100): Promise<{ check: Record<string, string>; simulate: Record<string, string> }> {
  const t = await replication.create({ config, mechanism, params: {}, cwd: repo });
  const props = t.properties.filter((p) => LIVENESS.includes(p.name));
  const c = await exhaustive(t.model, props);
  const check: Record<string, string> = {};
  const sim: Record<string, string> = {};
  for (const r of c.properties) check[r.name] = r.status;
  for (const p of props) {
    const s = await simulate(t.model, [p], { runs, steps: 40, seed: 3 });
    sim[p.name] = s.properties[0]!.status;
  }
  return { check, simulate: sim };
}
