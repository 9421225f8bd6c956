/**
 * The replication model module (ModelModule, the CLI's default model): `--config NAME|FILE`
 * picks a preset or a configuration file, `--mechanism NAME|FILE` the ordering mechanism,
 * `--knob name=value` overrides a design knob, `--param symmetry=on|off` the symmetry reduction.
 * Properties come from `properties/`; `costs` (model/costs.ts) serves `replcheck compare`.
 */
import { CaMetrics } from './ca-metrics.ts';
import type { ModelModule, Selection } from '../src/engine/plugin.ts';
import { UsageError } from '../src/engine/errors.ts';
import { replicationProperties } from '../properties/index.ts';
import type { ReplicationState, ResolvedConfig } from '../traces/replication.ts';
import { DEFAULT_STEPS } from '../src/engine/random-options.ts';
import type { Topology } from './topology.ts';
import type { Act } from './actions/types.ts';
import { loadConfig } from './config.ts';
import { costHooks } from './costs.ts';
import { withKnobs } from './knob-flags.ts';
import { isPluginSelection, loadMechanism, MECHANISMS as BUILTIN } from './mechanisms/index.ts';
import { pluginRecord } from '../traces/plugin.ts';
import { DEFAULT_SUITE } from './presets.ts';
import { promisedNames } from './mechanisms/promises.ts';
import { createReplicationModel } from './replication.ts';
import type { TimedModule } from '../src/timed/contract.ts';
import { timedReplication } from './timed/index.ts';

export { createReplicationModel } from './replication.ts';
export type { ReplicationModel } from './replication.ts';
export { resolveConfig, loadConfig } from './config.ts';
export { PRESETS, DEFAULT_SUITE } from './presets.ts';
export { MECHANISMS } from './mechanisms/index.ts';

function symmetryParam(params: Record<string, string>): boolean {
  const v = params.symmetry ?? 'on';
  if (v !== 'on' && v !== 'off') throw new UsageError(`--param symmetry must be on or off (got "${v}")`);
  return v === 'on';
}

/** The module. */
const replication: ModelModule<ReplicationState, Act> & { timed: TimedModule } = {
  name: 'replication',
  description: 'The hierarchical replication strategy for large-scale mobile databases (seed 001): MS, zone and cell servers, fixed and mobile hosts, IIRA agent instances carrying VLDSs, the five phases, and an environment that disconnects, moves, fails migrations, duplicates deliveries, joins hosts and changes interests.',
  params: {
    symmetry: { description: 'Symmetry reduction over interchangeable mobile hosts (on|off).', default: 'on' },
  },
  accepts: { config: true, mechanism: true, knobs: true },
  mechanisms: Object.keys(BUILTIN),
  /** (Addition, issue 14) The timed layer `replcheck measure` simulates (model/timed/). */
  timed: timedReplication,
  suite: [...DEFAULT_SUITE],
  async create(selection: Selection) {
    const loaded = loadConfig(selection.config, selection.cwd);
    const config = withKnobs(loaded.config, selection.knobs);
    const configName = loaded.configName;
    const mechanism = await loadMechanism(selection.mechanism, selection.cwd);
    // A mechanism that tells hosts apart (symmetric: false) turns the reduction off.
    const asked = symmetryParam(selection.params) && mechanism.symmetric !== false;
    // (Sweep 30b) The model reduces nothing under a fault model (faults name their targets): the
    // report said symmetry=on there.
    const symmetry = asked && !config.faults;
    // The mechanism guard watches plugins only: the built-ins are symmetric by construction (tested).
    const model = createReplicationModel(config, mechanism, { symmetry, guard: isPluginSelection(selection.mechanism) });
    const properties = replicationProperties({ index: model.topology.index, config });
    const promised = promisedNames(mechanism.name, mechanism.promises, properties.map((p) => p.name));
    return {
      model,
      properties,
      meta: {
        params: { symmetry: symmetry ? 'on' : 'off' },
        ...(symmetry ? { reductionParam: 'symmetry' } : {}),
        config,
        ...(configName ? { configName } : {}),
        mechanism: mechanism.name,
        ...(isPluginSelection(selection.mechanism) ? { mechanismPlugin: pluginRecord(selection.mechanism, selection.cwd) } : {}),
      },
      simulate: simulateDefaults(model.topology, config),
      metrics: () => new CaMetrics(model.topology.index, config),
      costs: costHooks(model),
      ...(promised ? { promised } : {}),
    };
  },
};

export { promisedNames } from './mechanisms/promises.ts';

/**
 * Random-search defaults by size. On thousands of nodes an invariant check costs milliseconds,
 * so they run every 1,000 steps (and always at the end of the walk and of the drain) unless
 * `--check-every` says otherwise.
 *
 * (Issue 17) The drain limit is a bound on how long a drain can take, not a guess at how long
 * it usually takes, so an unlucky walk is never cut short (which made `simulate --config large`
 * end `incomplete`). A walk of `steps` actions makes at most U = min(steps, update budget)
 * updates. Each drain step completes work, and an update needs at most 4 steps per level on its
 * way up (send, migrate, execute, order) and 3 steps per node holding it on the way down
 * (ReRU send, migrate, execute), plus a peer copy per host; reconnects, initial replications and
 * ROI chains are bounded by the node count. So (U + 1) x (4 x depth + 4 x nodes) steps bound
 * the drain of a terminating protocol; a drain longer than that is a protocol that does not
 * settle, and is reported incomplete (raise --drain-steps to look further).
 */
function simulateDefaults(t: Topology, config: ResolvedConfig): { checkEvery?: number; drainSteps?: number; drainStepsFor?: (steps: number) => number } | undefined {
  const nodes = t.nodeCount;
  if (nodes <= 64) return undefined;
  let depth = 0;
  for (let i = 0; i < nodes; i++) {
    let d = 0;
    for (let k = i; t.initialParent[k]! >= 0; k = t.initialParent[k]!) d++;
    if (d > depth) depth = d;
  }
  let writers = 0;
  for (let i = 0; i < nodes; i++) writers += t.writer[i]!;
  const budget = config.bounds.updatesPerHost * writers;
  const drainStepsFor = (steps: number) => Math.max(10 * steps, (Math.min(steps, budget) + 1) * (4 * depth + 4 * nodes));
  return { drainSteps: drainStepsFor(DEFAULT_STEPS), drainStepsFor, ...(nodes > 1000 ? { checkEvery: 1000 } : { checkEvery: 10 }) };
}

export default replication;
