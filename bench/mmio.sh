#!/usr/bin/env bash
# MMIO from inside a guest: what a read and a write of a nova-gpu BAR0
# register cost against the same access to QEMU's pci-testdev in the same
# VM, a BAR0 read against a guest RAM read, and BAR1 through GPU page tables
# against BAR1 in physical mode. Boots Debian's 6.12 kernel (run-guest.sh,
# ga102 with stub firmware: no driver is loaded) with a pci-testdev beside
# the GPU; the guest's /init runs bench/guest/mmio-bench.c (nova.bench=mmio)
# and powers off. Under TCG, and under KVM too where /dev/kvm works; each
# twice: with -device nova-gpu, and with the device out of process
# (vfu/nova-gpu-vfu on the client QEMU: docs/vfio-user.md), whose records'
# names end in "(TCG-vfio-user)".
# Builds what is missing (this checkout's QEMU, the guest image).
#
# usage: bench/mmio.sh [--chip CHIP]
#
# NOVA_BENCH_QUICK=1: fewer, shorter rounds. Records: group "mmio"
# (bench/lib-bench.sh), to stdout and $NOVA_BENCH_OUT.
set -euo pipefail
NOVA_LOG_TAG=bench-mmio
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"

chip=ga102
while [ $# -gt 0 ]; do
    case "$1" in
        --chip) chip=${2:?}; shift 2 ;;
        -h|--help) sed -n '/^# usage/,/^# NOVA_BENCH/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) nova_die "unknown argument $1 (bench/mmio.sh --help)" ;;
    esac
done

qemu="$(bash "$NOVA_ROOT/scripts/build-qemu.sh" | tail -n1)/qemu-system-x86_64"
NOVA_VARIANT=client bash "$NOVA_ROOT/scripts/build-qemu.sh" >/dev/null
[ -x "$qemu" ] || nova_die "no QEMU at $qemu"

# KVM only where it works: QEMU itself says whether it can open it
accels=(tcg)
if [ -e /dev/kvm ] && echo quit | timeout 60 "$qemu" -accel kvm -machine none \
        -nodefaults -display none -monitor stdio >/dev/null 2>&1; then
    accels+=(kvm)
else
    nova_log "no usable /dev/kvm: TCG only"
fi

args=''
[ "${NOVA_BENCH_QUICK:-0}" != 1 ] || args=-q,
logdir="$NOVA_CHECKOUT_CACHE/bench"
mkdir -p "$logdir"
status=0
for accel in "${accels[@]}"; do
for mode in device vfio-user; do
    suffix=${mode/device/}
    log="$logdir/mmio-$chip-$accel${suffix:+-$suffix}.log"
    # the records' names end in " (LABEL)" unless it is TCG
    label=$(tr '[:lower:]' '[:upper:]' <<< "$accel")${suffix:+-$suffix}
    run=(--mode "$mode") oop=''
    [ "$mode" = vfio-user ] && oop=-o, || run+=(--qemu "$qemu")
    start=$SECONDS
    # (a hang guard well above a boot plus the loops: about a minute under TCG)
    if ! bash "$NOVA_ROOT/tests/guest/run-guest.sh" --no-transcript --chip "$chip" --firmware stub \
            "${run[@]}" --accel "$accel" --log "$log" --timeout 900 \
            --append "nova.bench=mmio nova.bench-args=${args}$oop-a,$label" \
            --qemu-arg -device --qemu-arg pci-testdev >/dev/null 2>&1; then
        nova_log "$accel ($mode): the guest did not run to its end: $log"
        status=1
    fi
    grep -a '^mmio-bench: ' "$log" >&2 || true
    if ! grep -aq 'NOVA-GUEST: bench mmio: exit 0' "$log"; then
        nova_log "$accel ($mode): mmio-bench failed: $log"
        status=1
    fi
    nova_log "$accel ($mode): $((SECONDS - start)) s, log $log"
    bench_collect "$log"
done
done
exit "$status"
