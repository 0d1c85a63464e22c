#!/usr/bin/env bash
# Boot: the probe of nouveau (Debian 6.12) and nova-core (7.2.8) against each
# chip, with the real firmware, stage by stage from the guest's own dmesg
# timestamps, and the device's share: the host time spent inside nova-gpu's
# code (its handlers, bottom halves and timers: QOM "device-time"), which
# nova-gpu sets against the guest's clock with a ~1 ms timeline. The rest of
# the probe is the driver's (and the guest kernel's) own work.
#
# usage: bench/boot.sh [--driver nouveau|nova-core] [CHIP...]
#   (default both drivers and every chip; NOVA_BENCH_QUICK=1: ga102)
#
# Each boot runs under QEMU's -no-shutdown, so that when the guest's /init
# powers it off QEMU stops instead of ending; bench/boot.py then reads the
# counters over QMP and quits QEMU. The console only shows warnings
# (loglevel=4): every line printed on the serial console costs the guest
# time under TCG; the dmesg dump at the end has them all. nouveau runs with
# gsp=debug, without which it prints nothing between the VBIOS and the DRM
# device (the lines go to the log buffer only: some microseconds each).
#
# nova-core's kernel (7.2.8, a small config without ACPI) cannot calibrate
# its TSC under TCG (no HPET or PM timer, and the PIT loop fails) and falls
# back to jiffies for its timestamps: 4 ms steps that lose time whenever the
# vCPU is starved. It is given the TSC's frequency instead (tsc_early_khz=,
# measured here: under TCG the guest's TSC is the host's), so that its
# timestamps are the TSC's, as on hardware and as Debian's kernel calibrates
# them by itself.
#
# Each case boots twice: with -device nova-gpu, and with the device out of
# process (vfu/nova-gpu-vfu, docs/vfio-user.md) on the client QEMU, whose
# device time the server's control socket gives; a third record sets the
# second probe's wall time against the first's.
#
# Records (group boot): per driver and chip the probe's device time against
# its wall time (target: a share of at most 0.1), the same from the last
# firmware file on (no target: the part of the probe where the device
# works), and each stage's device time against the stage's wall time.
# Logs: $NOVA_CHECKOUT_CACHE/bench/boot/ (per case: the console log, the
# counters as JSON and "info nova-gpu", and the stages as JSON).
set -euo pipefail
NOVA_LOG_TAG=bench-boot
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"

drivers=(nouveau nova-core)
if [ "${1:-}" = --driver ]; then
    drivers=("${2:?}")
    shift 2
fi
chips=("$@")
if [ ${#chips[@]} -eq 0 ]; then
    if [ -n "${NOVA_BENCH_QUICK:-}" ]; then chips=(ga102); else chips=(tu102 ga102 ad102); fi
fi

build=$(bash "$NOVA_ROOT/scripts/build-qemu.sh" | tail -n1)
NOVA_VARIANT=client bash "$NOVA_ROOT/scripts/build-qemu.sh" >/dev/null
py=$(nova_qemu_python "$build")
work="$NOVA_CHECKOUT_CACHE/bench/boot"
mkdir -p "$work"

# the host's TSC frequency in kHz: TSC ticks over 200 ms of CLOCK_MONOTONIC
cat > "$work/tsc-khz.c" <<'EOF_C'
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>
int main(void)
{
    struct timespec a, b, d = { 0, 200000000 };
    unsigned long long t0, t1;
    double ns;

    clock_gettime(CLOCK_MONOTONIC, &a);
    t0 = __rdtsc();
    nanosleep(&d, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    t1 = __rdtsc();
    ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
    printf("%.0f\n", (t1 - t0) / ns * 1e6);
    return 0;
}
EOF_C
cc -O2 -o "$work/tsc-khz" "$work/tsc-khz.c" || nova_die "cannot build the TSC probe"
tsc_khz=$("$work/tsc-khz")
nova_log "host TSC: $tsc_khz kHz"

failed=0
for driver in "${drivers[@]}"; do
    for chip in "${chips[@]}"; do
        case "$driver" in
            nouveau) append="loglevel=4 nouveau.debug=gsp=debug" ;;
            *) append="loglevel=4 tsc_early_khz=$tsc_khz tsc=reliable" ;;
        esac
        for mode in device vfio-user; do
        suffix=${mode/device/}
        base="$work/$chip-$driver${suffix:+-$suffix}"
        sock="$base.qmp"
        rm -f "$sock" "$base.log" "$base.devtime.json" "$base.json"
        nova_log "$driver on $chip ($mode)"
        start=$SECONDS
        run=(--mode "$mode") watch=()
        if [ "$mode" = device ]; then
            run+=(--qemu "$build/qemu-system-x86_64")
        else
            # the device's counters are the server's: its control socket
            rm -f "$base.ctl"
            export NOVA_VFU_CONTROL=$base.ctl
            watch=(--device-socket "$base.ctl")
        fi
        bash "$NOVA_ROOT/tests/guest/run-guest.sh" --no-transcript --chip "$chip" --driver "$driver" \
            --log "$base.log" --extra-device-opts id=gpu0,count-device-time=on --append "$append" \
            "${run[@]}" --qemu-arg -no-shutdown --qemu-arg -qmp \
            --qemu-arg "unix:$sock,server=on,wait=off" 2>"$base.run.log" &
        guest=$!
        unset NOVA_VFU_CONTROL
        if ! PYTHONPATH="$py" python3 "$NOVA_ROOT/bench/boot.py" watch "$sock" \
                "$base.devtime.json" "${watch[@]}" 2>"$base.watch.log"; then
            nova_log "$driver on $chip ($mode): no device time ($(tail -1 "$base.watch.log"))"
            failed=1
        fi
        wait "$guest" || { nova_log "$driver on $chip ($mode): the guest failed (log $base.log)"; failed=1; }
        rm -f "$sock"
        [ -s "$base.devtime.json" ] || continue
        nova_log "$driver on $chip ($mode): $((SECONDS - start)) s"
        python3 "$NOVA_ROOT/bench/boot.py" records --driver "$driver" --chip "$chip" --mode "$mode" \
            --json "$base.json" "$base.log" "$base.devtime.json" | bench_emit ||
            failed=1
        done
        base="$work/$chip-$driver"
        if [ -s "$base.json" ] && [ -s "$base-vfio-user.json" ]; then
            python3 "$NOVA_ROOT/bench/boot.py" compare "$base.json" "$base-vfio-user.json" | bench_emit
        else
            failed=1
        fi
    done
done
exit "$failed"
