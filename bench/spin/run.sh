#!/usr/bin/env bash
# Builds and runs SPIN's verifier on a bench/spin model and prints its figures as "key: value"
# lines for bench/run.ts: `run.sh [MODEL.pml]`, default twophase.pml (TwoPhase, 8 RMs, with the
# TCConsistent assertion); sequencer.pml is the sequencer broadcast P=3, K=3 (issue 17).
#   gcc -O2 -DSAFETY -DNOREDUCE (plain safety search, no partial-order reduction: one process
#   anyway) and pan -w24 (2^24 hash slots) -m10000 (depth bound, far above the real depths 25, 45).
#   Set SPIN_CFLAGS to add options, e.g. SPIN_CFLAGS=-DCOLLAPSE for SPIN's state compression.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v spin >/dev/null || { echo "spin: absent"; exit 3; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
model="${1:-twophase.pml}"
cp "$here/$model" "$work/"
cd "$work"
spin -a "$model" >/dev/null
flags="-O2 -DSAFETY -DNOREDUCE ${SPIN_CFLAGS:-}"
gcc $flags -o pan pan.c
start=$(date +%s.%N)
TIMEFORMAT='%U %S'
{ time ./pan -w24 -m10000 > pan.out 2>&1 || true; } 2> cpu.out
end=$(date +%s.%N)
grep -q "errors: 0" pan.out || { cat pan.out; echo "spin: verification reported errors"; exit 1; }
echo "spin-version: $(spin -V | head -1)"
echo "spin-cflags: $flags"
echo "spin-states-stored: $(awk '/states, stored/ {print $1}' pan.out)"
echo "spin-transitions: $(awk '/transitions \(= stored\+matched\)/ {print $1}' pan.out)"
echo "spin-state-vector-bytes: $(sed -n 's/.*State-vector \([0-9]*\) byte.*/\1/p' pan.out)"
echo "spin-memory-mb: $(awk '/total actual memory usage/ {print $1}' pan.out)"
echo "spin-pan-seconds: $(sed -n 's/.*elapsed time \([0-9.e+-]*\) seconds.*/\1/p' pan.out)"
echo "spin-cpu-seconds: $(awk '{ printf "%.3f", $1 + $2 }' cpu.out)"
echo "spin-wall-seconds: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
