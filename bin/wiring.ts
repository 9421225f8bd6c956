/**
 * Composition of the default model's parts that src/ must not know about: the reference engine
 * (reference/) that `replay` runs traces in, and the property library (properties/) it
 * re-evaluates verdicts with. bin/main.ts calls it before the CLI runs; tests that drive the CLI
 * in-process call it too, so they exercise the same wiring users get.
 */
import type { Property } from '../src/engine/property.ts';
import { registerReferenceEngine } from '../src/engine/reference.ts';
import { referenceNodeIndex, replicationReference } from '../reference/index.ts';
import { replicationProperties } from '../properties/index.ts';
import type { ResolvedConfig } from '../traces/replication.ts';

/** Registers the replication reference engine with its property evaluator (idempotent). */
export function wireReplication(): void {
  registerReferenceEngine({
    ...replicationReference,
    properties: (setup) => {
      const config = setup.config as ResolvedConfig;
      return replicationProperties({ index: referenceNodeIndex(config), config }) as Property<unknown>[];
    },
    // Issue 16: every name the model defines (ca-state:stable needs the model's successors, so its
    // traces replay with the verdict unchecked); other names are refused.
    propertyNames: (setup) => {
      const config = setup.config as ResolvedConfig;
      return replicationProperties({ index: referenceNodeIndex(config), config, successors: () => [] }).map((p) => p.name);
    },
  });
}
