#!/usr/bin/env bash
# The copy-engine benchmark (bench/ce-bench.c): the engine libraries built
# optimised (bench_engines_build: -O2, as QEMU builds them), the real PBDMA
# and copy engine against host memcpy/memset of the same bytes. Arguments go
# to ce-bench: [--bounce] [--quick] [--page 2M|64K|4K]; with none, its
# records go to bench/run (--quick with NOVA_BENCH_QUICK=1).
set -euo pipefail
NOVA_LOG_TAG=ce-bench
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"

b=$(bench_engines_build bench/ce-bench)
if [ $# -gt 0 ]; then
    exec "$b/bench/ce-bench" "$@"
fi
args=()
[ -z "${NOVA_BENCH_QUICK:-}" ] || args=(--quick)
"$b/bench/ce-bench" "${args[@]}" | tee /dev/stderr | bench_collect /dev/stdin >/dev/null
