/**
 * What the built-in mechanisms promise (issue 11): property families, as `OrderingMechanism.promises`
 * lists them. The protocol skeleton's properties hold whatever the mechanism orders, so every
 * mechanism promises them; the ordering and session properties follow README.md's "Guarantees"
 * of each mechanism. `check` judges a mechanism against its promises and reports the other
 * properties as `not promised`; `compare` shows every verdict.
 */

/** Properties of the protocol skeleton (agents, flags, initial replication, publishing). */
export const SKELETON = ['single-publisher', 'exactly-once', 'propagation-flag', 'agent-lifecycle', 'related-closure', 'initial-replication'] as const;

/** A settled system equals the MS (and CA follows), and the committed prefix only grows. */
export const CONVERGENT = ['eventual-consistency', 'ca-state', 'committed-prefix'] as const;

/** The session guarantees that causal delivery gives (Terry et al. 1994). */
export const CAUSAL_SESSIONS = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'] as const;

/** A promise list from groups and single families. */
export function promiseList(...parts: readonly (string | readonly string[])[]): string[] {
  return parts.flatMap((p) => (typeof p === 'string' ? [p] : [...p]));
}
