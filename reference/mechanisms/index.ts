/**
 * The engine's mechanisms by name (`--mechanism NAME`, the trace's `mechanism`): see
 * reference/README.md, "Mechanisms", for each one's ordering decisions in the engine's terms.
 */
import { arrivalOrder } from './arrival-order.ts';
import { bayou } from './bayou.ts';
import { hierarchical } from './hierarchical.ts';
import { lamport } from './lamport.ts';
import { lww } from './lww.ts';
import type { MechanismName, OrderingPolicy } from './policy.ts';
import { primaryCopy } from './primary-copy.ts';
import { sequencer } from './sequencer.ts';
import { vectorCausal } from './vector-causal.ts';

export type { ClockKind, MechanismName, OrderingPolicy } from './policy.ts';

/** Every mechanism the engine implements. */
export const POLICIES: Readonly<Record<MechanismName, OrderingPolicy>> = {
  hierarchical,
  'arrival-order': arrivalOrder,
  sequencer,
  lamport,
  'vector-causal': vectorCausal,
  lww,
  'primary-copy': primaryCopy,
  bayou,
};

/** The names, in listing order. */
export const MECHANISM_NAMES = Object.keys(POLICIES) as MechanismName[];

/** True for a name the engine implements. */
export function isMechanismName(name: string): name is MechanismName {
  return Object.prototype.hasOwnProperty.call(POLICIES, name);
}

/** The policy of a mechanism name (throws for an unknown name: callers check with {@link isMechanismName}). */
export function policyOf(name: MechanismName): OrderingPolicy {
  const p = POLICIES[name];
  if (!p) throw new Error(`the reference engine has no mechanism ${name}`);
  return p;
}
