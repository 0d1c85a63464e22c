#!/usr/bin/env bash
# Submission latency through QEMU: the qtest /nova-gpu/submit/latency times
# a doorbell until the host's semaphore release is in guest memory, against
# one bare BAR0 write, in one run, and prints both and their ratio (a record
# for bench/run too). Builds this checkout's QEMU (scripts/build-qemu.sh) if
# needed.
set -euo pipefail
NOVA_LOG_TAG=submit-bench
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"

b=$(bash "$NOVA_ROOT/scripts/build-qemu.sh" | tail -n1)
ninja -C "$b" tests/qtest/nova-gpu-test >/dev/null
line=$(cd "$b" && QTEST_QEMU_BINARY=./qemu-system-x86_64 tests/qtest/nova-gpu-test --verbose \
    -p /x86_64/nova-gpu/submit/latency 2>&1 | sed -n 's/^# doorbell/doorbell/p')
echo "$line"
[ -n "$line" ] || nova_die "the latency qtest printed no figure"
read -r sub mmio < <(sed -n 's/.*memory: \([0-9.]*\) us; one BAR0 write: \([0-9.]*\) us.*/\1 \2/p' <<<"$line")
bench_record submit "doorbell to semaphore release in memory" "$sub" us \
    "one BAR0 write" "$mmio" lower "" "qtest protocol, 200 rounds"
