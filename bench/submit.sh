#!/usr/bin/env bash
# Submission latency through QEMU: the qtest /nova-gpu/submit/latency times
# a doorbell until the host's semaphore release is in guest memory, against
# one bare BAR0 write, in one run, and prints both and their ratio. Builds
# this checkout's QEMU (scripts/build-qemu.sh) if needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
b=$(bash "$root/scripts/build-qemu.sh" | tail -n1)
ninja -C "$b" tests/qtest/nova-gpu-test >/dev/null
cd "$b"
QTEST_QEMU_BINARY=./qemu-system-x86_64 tests/qtest/nova-gpu-test --verbose \
    -p /x86_64/nova-gpu/submit/latency 2>&1 | sed -n 's/^# doorbell/doorbell/p'
