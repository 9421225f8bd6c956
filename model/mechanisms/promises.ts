/**
 * What the built-in mechanisms promise (issue 11): property families, as `OrderingMechanism.promises`
 * lists them. The protocol skeleton's properties hold whatever the mechanism orders, so every
 * mechanism promises them; the ordering and session properties follow README.md's "Guarantees"
 * of each mechanism. `check` judges a mechanism against its promises and reports the other
 * properties as `not promised`; `compare` shows every verdict.
 */
import { UsageError } from '../../src/engine/errors.ts';
import { familyOf } from '../../src/engine/select.ts';

/**
 * (Issue 12) The fault model's properties: built only for configurations with `faults`, so a
 * promise of one is ignored where it does not exist.
 */
export const FAULT_PROPERTIES: readonly string[] = ['durability', 'no-duplicate-after-recovery', 'checkpoint-consistency', 'recovery-ca'];

/** (Issue 13) Built only for configurations with joiner servers, so a promise of one is ignored where it does not exist. */
export const GROWING_PROPERTIES: readonly string[] = ['new-server'];
/** (Issue 13) Properties built only with a knob on (`handoff`: the knob handoff); a promise of one is ignored where it does not exist. */
export const KNOB_PROPERTIES: readonly string[] = ['handoff'];

/**
 * Properties of the protocol skeleton (agents, flags, initial replication, publishing, and under
 * faults the checkpoint policy's durability and redo): they hold whatever the mechanism orders.
 */
export const SKELETON = ['single-publisher', 'exactly-once', 'propagation-flag', 'agent-lifecycle', 'related-closure', 'initial-replication',
  'durability', 'no-duplicate-after-recovery', 'checkpoint-consistency', 'metadata-convergence',
  'new-server', 'handoff'] as const;

/** A settled system equals the MS (and CA follows, also after the last recovery), and the committed prefix only grows. */
export const CONVERGENT = ['eventual-consistency', 'ca-state', 'committed-prefix', 'recovery-ca'] as const;

/** The session guarantees that causal delivery gives (Terry et al. 1994). */
export const CAUSAL_SESSIONS = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'] as const;

/** A promise list from groups and single families. */
export function promiseList(...parts: readonly (string | readonly string[])[]): string[] {
  return parts.flatMap((p) => (typeof p === 'string' ? [p] : [...p]));
}

/**
 * The engine property names a mechanism's `promises` (family names, or full names such as
 * `ca-state:stable`) cover; undefined (every property) without `promises`. An unknown name is a
 * UsageError naming the mechanism.
 */
export function promisedNames(mechanism: string, promises: readonly string[] | undefined, all: readonly string[]): string[] | undefined {
  if (promises === undefined) return undefined;
  const known = new Set([...all, ...all.map(familyOf)]);
  // `!name` excludes one property of a promised family (e.g. lamport: `!eventual-consistency:reachable`).
  const excluded = new Set(promises.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
  const unknown = promises.map((p) => (p.startsWith('!') ? p.slice(1) : p)).filter((p) => !known.has(p) && !FAULT_PROPERTIES.includes(p) && !GROWING_PROPERTIES.includes(p) && !KNOB_PROPERTIES.includes(p));
  if (unknown.length) {
    throw new UsageError(`mechanism ${mechanism} promises unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((u) => `'${u}'`).join(', ')} (known: ${[...new Set(all.map(familyOf))].join(', ')})`);
  }
  const wanted = new Set(promises);
  return all.filter((n) => (wanted.has(n) || wanted.has(familyOf(n))) && !excluded.has(n));
}
