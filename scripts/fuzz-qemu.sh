#!/usr/bin/env bash
# QEMU's generic-fuzz target for nova-gpu: libFuzzer drives MMIO into the
# device's regions and answers its DMA reads, in QEMU built with clang and
# ASan (NOVA_VARIANT=fuzz). The overlay adds the "nova-gpu" configuration
# to QEMU's tests/qtest/fuzz/generic_fuzz_configs.h.
#
#   scripts/fuzz-qemu.sh [SECONDS]      (default 1800: 30 minutes)
#
# The corpus grows in $NOVA_CACHE/fuzz-corpus/qemu-generic; a crash input is
# written to $NOVA_CACHE/fuzz-crashes/ and the script fails. Every crash
# found should become a qtest.
set -euo pipefail
NOVA_LOG_TAG=fuzz-qemu
source "$(dirname "$0")/lib.sh"

seconds=${1:-1800}
build=$(NOVA_VARIANT=fuzz bash "$NOVA_ROOT/scripts/build-qemu.sh")
corpus="$NOVA_CACHE/fuzz-corpus/qemu-generic"
crashes="$NOVA_CACHE/fuzz-crashes"
mkdir -p "$corpus" "$crashes"
out="$crashes/qemu-generic.out"
nova_log "generic-fuzz-nova-gpu for ${seconds}s"
# libFuzzer writes its artifacts relative to the working directory
cd "$crashes"
if "$build/qemu-fuzz-x86_64" --fuzz-target=generic-fuzz-nova-gpu \
        -max_total_time="$seconds" -rss_limit_mb=4096 \
        -artifact_prefix="$crashes/qemu-generic-" "$corpus" >"$out" 2>&1; then
    echo "generic-fuzz-nova-gpu: $(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$out" | tail -n1), no crash, corpus $(ls "$corpus" | wc -l) inputs"
else
    echo "generic-fuzz-nova-gpu: CRASH: see $out and $crashes/qemu-generic-*"
    exit 1
fi
