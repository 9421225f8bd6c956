/**
 * (Issue 16) The cost of the contract checks: the replication model on preset `small`, all
 * properties, exhaustive, once with no checks at all (the raw hierarchical mechanism, the raw
 * model and properties) and once checked as the CLI runs it (model/mechanism-contract.ts on the
 * mechanism, src/engine/contract.ts on the model and properties). RESULTS.md gives the ratio.
 */
import { fileURLToPath } from 'node:url';
import { guardTarget } from '../src/engine/contract.ts';
import { replicationProperties } from '../properties/index.ts';
import { loadConfig } from '../model/config.ts';
import { checkedMechanism } from '../model/mechanism-contract.ts';
import { hierarchical } from '../model/mechanisms/hierarchical.ts';
import { createReplicationModel } from '../model/replication.ts';
import type { BenchCase, BenchTarget } from './cases.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Preset `small` with all properties, checked (as the CLI runs it) or not at all. */
function small(checked: boolean): BenchTarget {
  const { config } = loadConfig('small', ROOT);
  const model = createReplicationModel(config, checked ? checkedMechanism(hierarchical, 'mechanism hierarchical') : hierarchical);
  const properties = replicationProperties({ index: model.topology.index, config });
  return checked ? guardTarget('model replication', model, properties) : { model, properties };
}

/** The pair of cases. */
export function contractBenchCases(): BenchCase[] {
  return [
    {
      name: 'replication-small-unchecked',
      preset: 'small',
      description: 'replication, preset small, exhaustive, all properties, no contract checks (issue 16 baseline)',
      load: () => small(false),
      expectedStates: 132_439,
    },
    {
      name: 'replication-small-checked',
      preset: 'small',
      description: 'replication, preset small, exhaustive, all properties, with the contract checks of mechanism, model and properties (as the CLI runs it)',
      load: () => small(true),
      expectedStates: 132_439,
    },
  ];
}
