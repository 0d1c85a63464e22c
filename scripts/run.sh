#!/usr/bin/env bash
# The main job: build what is missing, boot a guest with -device nova-gpu,
# and show what the driver printed while probing it.
#
#   scripts/run.sh [--chip CHIP] [--driver nouveau|nova-core]
#                  [--firmware real|stub] [--kernel BZIMAGE] [--mode device|vfio-user]
#                  [-- QEMU-DEVICE-OPTS]
#
# CHIP is one of the chip table's (default ga102; `nova-fwgen chips` lists
# them, with their facts: common/chip.c).
#
# nouveau (default) boots Debian's 6.12 kernel; nova-core boots a 7.2 kernel
# built from Debian's source with nova-core and nova-drm built in
# (tests/guest/build-kernel.sh; KERNEL_SRC=/path builds your tree, --kernel
# boots your bzImage). Everything is cached under $NOVA_CACHE
# (~/.cache/nova-gpu): the first run downloads and builds QEMU (about 10
# minutes on 2 cores) and, for nova-core, the kernel (about 7 minutes); later
# runs take about a minute. The full serial log is kept and its path printed.
#
# --mode vfio-user serves the device from a separate process (vfu/nova-gpu-vfu)
# to a QEMU built without nova-gpu (the pinned source with the few devices
# a guest needs, built once more: some 5 minutes the first time), over vfio-user: docs/vfio-user.md.
set -euo pipefail
NOVA_LOG_TAG=run
source "$(dirname "$0")/lib.sh"

chip=ga102
driver=nouveau
mode=device
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --chip) chip=${2:?--chip needs a value}; shift 2 ;;
        --driver) driver=${2:?--driver needs a value}; shift 2 ;;
        --firmware|--kernel) extra+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
        --mode) mode=${2:?--mode needs a value}; shift 2 ;;
        --) shift; extra+=(--extra-device-opts "$*"); break ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) nova_die "unknown argument '$1' (see --help)" ;;
    esac
done
case "$driver" in
    nouveau) guest="a Debian 6.12 guest"; driver_re="nouveau" ;;
    nova-core) guest="a Linux $(. "$NOVA_ROOT/scripts/versions.sh"; echo "$NOVA_KERNEL_VERSION") nova-core guest"
               driver_re="nova-core|nova-drm" ;;
    *) nova_die "unknown driver '$driver' (nouveau, nova-core)" ;;
esac

build=$(bash "$NOVA_ROOT/scripts/build-qemu.sh")
log="$NOVA_CHECKOUT_CACHE/guest/logs/run-$chip-$driver.log"
case "$mode" in
    device)
        nova_log "booting $guest with -device nova-gpu,chip=$chip (TCG, about 30 s)"
        extra+=(--qemu "$build/qemu-system-x86_64")
        ;;
    vfio-user)
        NOVA_VARIANT=client bash "$NOVA_ROOT/scripts/build-qemu.sh" >/dev/null
        log="$NOVA_CHECKOUT_CACHE/guest/logs/run-$chip-$driver-vfio-user.log"
        nova_log "booting $guest on a QEMU without nova-gpu, the GPU (chip=$chip) served by vfu/nova-gpu-vfu over vfio-user"
        ;;
    *) nova_die "unknown mode '$mode' (device, vfio-user)" ;;
esac
status=0
bash "$NOVA_ROOT/tests/guest/run-guest.sh" --chip "$chip" --driver "$driver" --mode "$mode" \
    --log "$log" "${extra[@]}" || status=$?

echo "---- what $driver printed (full log: $log) ----"
# The guest dumps dmesg between two markers; show the driver's lines from it,
# and the guest's own verdict.
sed -n '/NOVA-GUEST: dmesg-begin/,/NOVA-GUEST: dmesg-end/p' "$log" | tr -d '\r' |
    grep -aE "\] ($driver_re) |\] WARNING" || echo "(no $driver lines: see the full log)"
grep -aE '^NOVA-GUEST: (gpu|driver)=|^NOVA-GUEST: auxiliary ' "$log" | tr -d '\r' || true
exit "$status"
