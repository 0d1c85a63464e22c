#!/usr/bin/env bash
# Build figures: QEMU with nova-gpu against the same pinned QEMU without it
# (NOVA_VARIANT=plain of scripts/build-qemu.sh), each configured alike, in
# scratch trees of this checkout:
#   cold         from nothing, ccache not read (CCACHE_RECACHE)
#   warm         from nothing again, ccache warm: a new checkout's first build
#   incremental  in this checkout's own build tree, after touching one engine
#                file (fifo/pbdma.c) against touching one QEMU device file
#                (hw/misc/pci-testdev.c)
# NOVA_BENCH_QUICK=1 leaves the cold builds out (they take some 20 minutes on
# 2 cores). Records go to bench/run (bench/lib-bench.sh).
set -euo pipefail
NOVA_LOG_TAG=build-bench
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"
source "$NOVA_ROOT/scripts/versions.sh"

scratch="$NOVA_CHECKOUT_CACHE/build/bench"     # the same depth as the real trees
now() { date +%s.%N; }

# timed_build VARIANT [ccache env...]: a build from nothing; prints seconds
timed_build() {
    local variant=$1 t0 t1
    shift
    # plain's scratch tree is in its own place, as its real tree is
    [ "$variant" = plain ] && scratch="$NOVA_CHECKOUT_CACHE/plain/build/bench"
    rm -rf "$scratch"
    t0=$(now)
    env "$@" NOVA_VARIANT="$variant" NOVA_QEMU_BUILD_DIR="$scratch" \
        bash "$NOVA_ROOT/scripts/build-qemu.sh" >/dev/null
    t1=$(now)
    rm -rf "$scratch"
    python3 -c "print(round($t1 - $t0, 1))"
}

# both sources unpacked (and overlaid) and both built once in the checkout's
# own trees, before any clock starts (the first time, the plain one is a
# cold build of its own)
bash "$NOVA_ROOT/scripts/build-qemu.sh" >/dev/null
NOVA_VARIANT=plain bash "$NOVA_ROOT/scripts/build-qemu.sh" >/dev/null

if [ -z "${NOVA_BENCH_QUICK:-}" ]; then
    nova_log "cold builds (ccache not read)"
    with=$(timed_build default CCACHE_RECACHE=1)
    without=$(timed_build plain CCACHE_RECACHE=1)
    echo "cold: with nova-gpu $with s, without $without s"
    bench_record build "cold build of QEMU with nova-gpu" "$with" s \
        "cold build of the same QEMU without it" "$without" lower "" \
        "qemu-system-x86_64 and nova-gpu's qtests, no ccache"
fi

nova_log "warm builds (ccache warm)"
# the checkout's own trees of both (built above) have the same depth as the
# scratch tree, so ccache holds every object of both
with=$(timed_build default)
without=$(timed_build plain)
echo "warm: with nova-gpu $with s, without $without s"
bench_record build "warm build of QEMU with nova-gpu" "$with" s \
    "warm build of the same QEMU without it" "$without" lower "" \
    "from nothing, every object in ccache"

nova_log "incremental builds"
b=$(bash "$NOVA_ROOT/scripts/build-qemu.sh" | tail -n1)
src=$(sed -n 's/^SRC_PATH=//p' "$b/config-host.mak")
incr() {
    local t0 t1
    touch "$1"
    t0=$(now)
    ninja -C "$b" qemu-system-x86_64 >/dev/null
    t1=$(now)
    python3 -c "print(round($t1 - $t0, 2))"
}
e=() q=()
for i in 1 2 3; do
    e+=("$(incr "$NOVA_ROOT/fifo/pbdma.c")")
    q+=("$(incr "$src/hw/misc/pci-testdev.c")")
done
echo "incremental: engine file ${e[*]} s, QEMU device file ${q[*]} s"
bench_record build "rebuild after touching fifo/pbdma.c" "$(bench_median "${e[@]}")" s \
    "after touching hw/misc/pci-testdev.c" "$(bench_median "${q[@]}")" lower "" "median of 3, relink included"
