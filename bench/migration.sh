#!/usr/bin/env bash
# Build QEMU with the device (scripts/build-qemu.sh) and measure what
# migrating an idle nova-gpu costs against its VRAM size (bench/migration.py:
# time, pages and bytes, as ratios to the smallest size in the same run).
# Arguments go to migration.py: [--rounds N] [SIZE ...].
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
build=$(bash "$NOVA_ROOT/scripts/build-qemu.sh")
# QEMU's own QMP client, from the source tree the build was configured from
py=$(nova_qemu_python "$build")
PYTHONPATH="$py${PYTHONPATH:+:$PYTHONPATH}" \
    exec python3 "$NOVA_ROOT/bench/migration.py" "$build/qemu-system-x86_64" "$@"
