/*
 * Sequencer-based total-order broadcast (examples/sequencer-broadcast.ts, correct variant) for
 * SPIN: the benchmark's second reference (issue 17). The same variables as the TypeScript state
 * and one d_step per action, so SPIN stores the same states replcheck counts (plus the process's
 * control state, always the loop head; unused log and order slots stay 0):
 *   sent[p]     how many of its updates process p has broadcast;
 *   pending[p]  bitmask of p's updates in its FIFO channel to the sequencer (head: lowest bit);
 *   ordered[]   the sequencer's output, nOrdered long (update ordered[n] has sequence number n);
 *   logs[q][]   process q's delivery log, delivered[q] long (the sequencer -> q channel is
 *               ordered[delivered[q] .. nOrdered)).
 * Updates are numbered p * K + index. Actions: Broadcast(p), Order(head of p's channel),
 * Deliver(q) (the head of q's channel, the update with sequence number delivered[q]). Both invariants of
 * the bench case (total-order and fifo, examples/sequencer-properties.ts) are asserted in full
 * after every delivery, the only action that changes a log. Written out for P = 3, K = 3.
 */
#define P 3
#define K 3
#define PK 9   /* P * K: every update */

byte sent[P];
byte pending[P];
byte ordered[PK];
byte nOrdered = 0;
byte logs[P * PK];   /* logs[q * PK + i]: q's i-th delivery */
byte delivered[P];

/* Scratch variables of the d_steps, not part of the state vector. */
hidden byte i;
hidden byte q;
hidden byte r;
hidden byte k;
hidden byte n;
hidden byte expected[P];

/* total-order: any two logs agree up to the shorter one. */
#define TOTAL_ORDER \
  q = 0; \
  do \
  :: q < P -> \
     r = q + 1; \
     do \
     :: r < P -> \
        n = (delivered[q] < delivered[r] -> delivered[q] : delivered[r]); \
        k = 0; \
        do \
        :: k < n -> assert(logs[q * PK + k] == logs[r * PK + k]); k++ \
        :: else -> break \
        od; \
        r++ \
     :: else -> break \
     od; \
     q++ \
  :: else -> break \
  od

/* fifo: every log delivers each sender's updates in index order. */
#define FIFO \
  q = 0; \
  do \
  :: q < P -> \
     expected[0] = 0; expected[1] = 0; expected[2] = 0; \
     k = 0; \
     do \
     :: k < delivered[q] -> \
        r = logs[q * PK + k] / K; \
        assert(logs[q * PK + k] % K == expected[r]); \
        expected[r]++; \
        k++ \
     :: else -> break \
     od; \
     q++ \
  :: else -> break \
  od

#define BROADCAST(p) \
  :: d_step { sent[p] < K -> pending[p] = pending[p] | (1 << sent[p]); sent[p]++ }

/* The sequencer takes the head (lowest bit) of p's channel and gives it the next number. */
#define ORDER(p) \
  :: d_step { pending[p] != 0 -> \
       i = 0; \
       do \
       :: ((pending[p] >> i) & 1) == 0 -> i++ \
       :: else -> break \
       od; \
       ordered[nOrdered] = p * K + i; nOrdered++; \
       pending[p] = pending[p] & ~(1 << i) }

#define DELIVER(p) \
  :: d_step { delivered[p] < nOrdered -> \
       logs[p * PK + delivered[p]] = ordered[delivered[p]]; delivered[p]++; \
       TOTAL_ORDER; FIFO; \
       q = 0 /* a statement after the last loop: SPIN's d_step needs a target for its break */ }

active proctype Sequencer() {
end:  /* every state at the loop head is a valid end state: when all is delivered the run stops */
  do
  BROADCAST(0)
  BROADCAST(1)
  BROADCAST(2)
  ORDER(0)
  ORDER(1)
  ORDER(2)
  DELIVER(0)
  DELIVER(1)
  DELIVER(2)
  od
}
