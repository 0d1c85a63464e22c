#!/usr/bin/env bash
# Seed corpora from real boots. Boots nouveau (Debian's 6.12) and nova-core
# (7.2) on an emulated ga102 with the RPC transcript and the BAR0 trace
# events on, and generic-fuzz's 512 MiB of VRAM (so that the PRAMIN windows
# the drivers set replay inside VRAM), then turns what the drivers did into
# fuzz inputs:
#
#   $NOVA_CACHE/fuzz-seeds/gsp-queue      the RPCs each driver sent, for
#                                         tests/fuzz/fuzz-gsp-queue
#   $NOVA_CACHE/fuzz-seeds/qemu-generic   the drivers' BAR0 accesses, for
#                                         QEMU's generic-fuzz-nova-gpu
#
# scripts/fuzz.sh (campaigns, and the smoke run of scripts/test.sh) reads these
# directories next to their own corpora. The generic-fuzz seeds are checked:
# one is replayed in the fuzz target (commands serialized through qtest and
# logged) and must make the accesses it was made
# from. Prints "gsp-queue N, qemu-generic M" (seed counts).
#
#   scripts/fuzz-seeds.sh [--row ROW | --driver nouveau|nova-core]...
#   (default: every row of tests/guest/matrix, so that each GSP-RM ABI's
#   RPCs seed the queue fuzzer; --driver is the driver's first row)
set -euo pipefail
NOVA_LOG_TAG=fuzz-seeds
source "$(dirname "$0")/lib.sh"

matrix_rows() {
    bash -c '. "$1/tests/guest/lib-guest.sh" && guest_matrix_rows "$2"' _ "$NOVA_ROOT" "${1:-}"
}
rows=()
while [ $# -gt 0 ]; do
    case "$1" in
        --row) rows+=("${2:?}"); shift 2 ;;
        --driver) rows+=("$(matrix_rows "${2:?}" | head -n1)"); shift 2 ;;
        *) nova_die "unknown argument: $1" ;;
    esac
done
[ ${#rows[@]} -gt 0 ] || mapfile -t rows < <(matrix_rows)

seeds="$NOVA_CACHE/fuzz-seeds"
work="$seeds/boots"
rm -rf "$seeds/gsp-queue" "$seeds/qemu-generic"
mkdir -p "$work" "$seeds/gsp-queue" "$seeds/qemu-generic"
py() { python3 "$NOVA_ROOT/scripts/fuzz-seeds.py" "$@"; }

qemu="$(bash "$NOVA_ROOT/scripts/build-qemu.sh")/qemu-system-x86_64"
fuzzer="$(NOVA_VARIANT=asan bash "$NOVA_ROOT/scripts/build-qemu.sh")/qemu-fuzz-x86_64"

# A replay must run its input exactly once. libFuzzer runs an input a second
# time when the first run ended with more mallocs than frees (to look for a
# leak); QEMU's RCU thread frees on its own schedule, so whether that happens
# depends on the host's load, and the second run doubles the logged accesses
# (seen once in CI). The leak check belongs to the fuzz runs, not here.
replay() { (cd "$work" && FUZZ_SERIALIZE_QTEST=1 QTEST_LOG=1 "$fuzzer" --fuzz-target=generic-fuzz-nova-gpu -detect_leaks=0 "$1"); }

# Which MMIO range each of the fuzz target's region indices selects
py probe "$work/probe.in"
replay probe.in \
    >"$work/probe.log" 2>&1 || nova_die "the probe input failed in the fuzz target: $work/probe.log"

total_q=0 total_g=0
for drv in "${rows[@]}"; do
    transcript="$work/$drv.jsonl" trace="$work/$drv.trace"
    rm -f "$transcript" "$trace"
    # the stand-in firmware: nothing to download but the guest kernel
    if ! bash "$NOVA_ROOT/tests/guest/run-guest.sh" --chip ga102 --row "$drv" \
            --firmware stub --qemu "$qemu" --log "$work/$drv.log" \
            --extra-device-opts "vram-size=512M,transcript=$transcript" \
            --qemu-arg -trace --qemu-arg "enable=nova_gpu_reg_*" \
            --qemu-arg -trace --qemu-arg "enable=nova_gpu_prom_read" \
            --qemu-arg -trace --qemu-arg "enable=nova_gpu_pramin_*,file=$trace" \
            2>"$work/$drv.progress"; then
        nova_die "the $drv boot failed: $work/$drv.log"
    fi
    q=$(py gsp-queue "$transcript" "$seeds/gsp-queue")
    # the seed count, and the name of the first seed (the replay below)
    out=$(py generic-fuzz "$trace" "$work/probe.log" "$seeds/qemu-generic" "$work/expect.txt")
    read -r g first <<< "$out"
    nova_log "$drv: $q fuzz-gsp-queue seeds, $g generic-fuzz seeds"
    total_q=$((total_q + q)) total_g=$((total_g + g))
done

# A generic-fuzz seed must make, in the fuzz target, the accesses the driver
# made: replay the first window of the last boot and compare addresses.
replay "$seeds/qemu-generic/$first" \
    >"$work/replay.log" 2>&1 || nova_die "replaying $first failed: $work/replay.log"
grep -oE '(read|write)[bwlq] 0x[0-9a-f]+' "$work/replay.log" > "$work/replayed.txt" || true
if ! cmp -s "$work/expect.txt" "$work/replayed.txt"; then
    nova_die "seed $first replays other accesses than the boot made: diff $work/expect.txt $work/replayed.txt"
fi
echo "gsp-queue $total_q, qemu-generic $total_g"
