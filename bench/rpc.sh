#!/usr/bin/env bash
# GSP-RM RPCs through the real queues (bench/rpc-bench.c): a small control's
# round trip, the message rate of a burst, and a 128 KiB control's round
# trip in continuation records, each against the host DMA of the same bytes
# in the same run. The engines are built at -O2 in this checkout's tree
# (bench_engines_build). Records: group "rpc". NOVA_BENCH_QUICK=1: fewer
# and shorter rounds.
set -euo pipefail
NOVA_LOG_TAG=rpc-bench
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"

b=$(bench_engines_build bench/rpc-bench)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
args=()
[ -z "${NOVA_BENCH_QUICK:-}" ] || args+=(--quick)
"$b/bench/rpc-bench" "${args[@]}" "$@" >"$log"
grep -v '^BENCH ' "$log" || true
bench_collect "$log"
