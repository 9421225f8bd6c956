/*
 * Two-phase commit as in Lamport's TLA+ TwoPhase spec, for SPIN (the benchmark's reference).
 * One process whose do-loop offers every TLA+ action as a d_step (one indivisible transition,
 * no intermediate states), so SPIN stores the same states TLC and replcheck count, plus the
 * process's control state (always the loop head). The TCConsistent invariant is asserted after
 * every step that changes an rmState. Stuttering actions are disabled (guards exclude no-ops),
 * as in examples/two-phase.ts. N = 8 resource managers (RM(0)..RM(7) and CONSISTENT are written out for 8).
 */
#define N 8
#define WORKING 0
#define PREPARED 1
#define COMMITTED 2
#define ABORTED 3
#define INIT 0
#define TM_COMMITTED 1
#define TM_ABORTED 2

byte rmState[N];      /* all working */
byte tmState = INIT;
bit tmPrepared[N];
bit msgPrepared[N];   /* Prepared(rm) in msgs; Commit/Abort in msgs iff tmState committed/aborted */
byte nPrepared = 0;   /* |tmPrepared|, derived (a function of tmPrepared) */

#define CONSISTENT \
  assert(!((rmState[0]==COMMITTED||rmState[1]==COMMITTED||rmState[2]==COMMITTED||rmState[3]==COMMITTED|| \
            rmState[4]==COMMITTED||rmState[5]==COMMITTED||rmState[6]==COMMITTED||rmState[7]==COMMITTED) && \
           (rmState[0]==ABORTED||rmState[1]==ABORTED||rmState[2]==ABORTED||rmState[3]==ABORTED|| \
            rmState[4]==ABORTED||rmState[5]==ABORTED||rmState[6]==ABORTED||rmState[7]==ABORTED)))

#define RM(i) \
  :: d_step { tmState == INIT && msgPrepared[i] && !tmPrepared[i] -> tmPrepared[i] = 1; nPrepared++ } \
  :: d_step { rmState[i] == WORKING -> rmState[i] = PREPARED; msgPrepared[i] = 1 } \
  :: d_step { rmState[i] == WORKING -> rmState[i] = ABORTED; CONSISTENT } \
  :: d_step { tmState == TM_COMMITTED && rmState[i] != COMMITTED -> rmState[i] = COMMITTED; CONSISTENT } \
  :: d_step { tmState == TM_ABORTED && rmState[i] != ABORTED -> rmState[i] = ABORTED; CONSISTENT }

active proctype TwoPhase() {
end:  /* every state at the loop head is a valid end state: a decided run simply stops */
  do
  RM(0)
  RM(1)
  RM(2)
  RM(3)
  RM(4)
  RM(5)
  RM(6)
  RM(7)
  :: d_step { tmState == INIT && nPrepared == N -> tmState = TM_COMMITTED }
  :: d_step { tmState == INIT -> tmState = TM_ABORTED }
  od
}
