#!/usr/bin/env bash
# GMMU translation cost against a plain read of the same memory: the engine
# libraries built optimised (bench_engines_build: -O2, as QEMU builds them),
# bench/mmu-bench.c with 64 KiB and with 4 KiB pages. Arguments go to
# mmu-bench ([4k|64k] [N] [SPAN]); without any, both page sizes run over
# 1 MiB and over 64 MiB (fewer
# addresses with NOVA_BENCH_QUICK=1) and their records go to bench/run.
set -euo pipefail
NOVA_LOG_TAG=mmu-bench
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"

b=$(bench_engines_build bench/mmu-bench)
if [ $# -gt 0 ]; then
    exec "$b/bench/mmu-bench" "$@"
fi
n=$((1 << 21))
[ -z "${NOVA_BENCH_QUICK:-}" ] || n=$((1 << 19))
# 1 MiB: the addresses stay in the host's caches, so the figure is the
# translation's own cost; 64 MiB: every read misses them, and the figure
# is how well the translated reads overlap their misses
for span in $((1 << 20)) $((64 << 20)); do
    for page in 64k 4k; do
        "$b/bench/mmu-bench" "$page" "$n" "$span" | tee /dev/stderr | bench_collect /dev/stdin >/dev/null
    done
done
