#!/usr/bin/env bash
# shellcheck disable=SC2154  # chip, qemu, name, driver, ...: set by lib-guest.sh (guest_chip_qemu_args, guest_case, guest_chips_args, guest_check)
# Save a running guest at a bad moment of the driver's bring-up, restore it
# in a new QEMU, and check that the driver carries on: its probe completes,
# an unbind/bind cycle works on the restored device, nothing faults. The
# source QEMU is stopped and saved (HMP "migrate file:..." over QMP) as soon as its
# console shows the moment named below. Output is TAP.
#
# usage: test-migration.sh [--chip CHIP] [--qemu PATH]   (default ga102)
# NOVA_GUEST_MACHINE=pc|q35: the machine the guests boot (default pc; docs/guest-tests.md)
set -euo pipefail
NOVA_LOG_TAG=test-migration
. "$(dirname "$0")/lib-guest.sh"

guest_chip_qemu_args "$@"

# name | driver | device options | save when the console shows (extended
# regex) | the driver's probe line, printed before or after the save
# [| kernel arguments | and "info nova-gpu" shows (lib-guest.sh's guest_case)].
# An injected rpc-delay holds the driver in the middle of an RPC, so the
# save lands there: GSP-RM holding the request, its timer pending, the
# driver polling for the reply.
#  nouveau-mid-copy: nouveau-submit (nova.submit=1) runs; ce-stall holds
#  the copy engine at the boot's first LAUNCH_DMA, the program's first copy
#  (nouveau launches none while it probes: a boot with -trace
#  nova_gpu_method shows no method before the program's), and the save
#  comes while its channel is "stalled"; the restored copy completes, and
#  the program checks every byte of it and goes on to its end
CASES=$(cat <<'EOF_CASES'
nouveau-mid-rpc     | nouveau   | fault=rpc-delay=3000:fn=103 | new obj:0xc1d00000 cls:0x00000000 | \[drm\] Initialized nouveau
nouveau-probed      | nouveau   |                             | \[drm\] Initialized nouveau       | \[drm\] Initialized nouveau
nova-core-mid-rpc   | nova-core | fault=rpc-delay=3000:fn=65  | function=GetGspStaticInfo         | GPU name: NVIDIA
nouveau-mid-copy    | nouveau   | fault=ce-stall=3000:nth=1:times=1 | NOVA-SUBMIT: ok buffers | \[drm\] Initialized nouveau | nova.submit=1 | stalled
EOF_CASES
)

work="$GUEST_WORK/migration"
mkdir -p "$work"
# A wrapper that records QEMU's arguments (to start the destination the
# same way) and adds a QMP socket.
guest_qmp_wrapper "$work/qemu-source.sh"

# four checks a case, one more for a device state, one more for nouveau-submit
plan=0
while IFS= read -r row; do
    guest_case "$row"
    plan=$(( plan + 4 + (${#device_state} > 0) + submit ))
done <<< "$CASES"
echo "1..$plan"
check() { guest_check "$chip $1" "$2" "$3"; }
while IFS= read -r row; do
    guest_case "$row"
    src="$GUEST_LOGS/$chip-migration-$name-source.log"
    dst="$GUEST_LOGS/$chip-migration-$name-destination.log"
    state="$work/$name.state" sock="$work/$name.sock" argsfile="$work/$name.args"
    restored="$work/$name.restored"
    rm -f "$src" "$dst" "$state" "$sock" "$argsfile" "$work/$name.monitor" "$restored"
    NOVA_QEMU_ARGS=$argsfile NOVA_QMP_SOCK=$sock \
        bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --driver "$driver" --firmware stub \
        --qemu "$work/qemu-source.sh" --log "$src" ${opts:+--extra-device-opts "$opts"} \
        --append "nova.rebind=1${debug:+ $debug}${append:+ $append}" \
        >/dev/null 2>&1 &
    runner=$!
    saved=1
    if guest_wait_console "$src" . "$runner" "$sock"; then
        # A QMP client connected before the moment, so that the stop
        # follows it closely; what the monitor answered is kept.
        exec {qmp_in}> >(nova_qmp "$sock" - > "$work/$name.monitor" 2>&1)
        qmp=$!
        # (once the device shows the case's state, if it names one) stop
        # the guest where it is, save, and leave. The device saves in
        # every state (a part-received split RPC included), so the first
        # save must complete.
        ! guest_wait_console "$src" "$when" "$runner" ||
            printf '%s\n' ${device_state:+"until $device_state info nova-gpu"} \
                stop "migrate file:$state" "info migrate" quit >&"$qmp_in" 2>/dev/null || true
        exec {qmp_in}>&-
        wait "$qmp" || true
        grep -q "Status:.*completed" <<< "$(tr -d '\r' < "$work/$name.monitor" | tail -n 20)" && saved=0
        [ -z "$device_state" ] || grep -qE -- "$device_state" "$work/$name.monitor" || saved=1
    fi
    wait "$runner" || true
    check "$name: saved while the console showed '$when'${device_state:+ and info nova-gpu showed $device_state}" "$saved" \
        "no save (monitor: $(tr -d '\r' < "$work/$name.monitor" 2>/dev/null | tail -n 2 | tr '\n' ' '); last: $(guest_last_stage "$src" "$driver"))"
    status=1
    if [ "$saved" = 0 ]; then
        mapfile -t args < "$argsfile"
        rm -f "$sock"
        ( timeout -k 10 "$GUEST_HANG_GUARD" "$qemu" -qmp "unix:$sock,server=on,wait=off" "${args[@]}" \
              -incoming "file:$state" </dev/null 2>&1 | sed -u 's/\r$//' > "$dst";
          echo "${PIPESTATUS[0]}" > "$work/$name.status" ) &
        restorer=$!
        # the saved guest was stopped: continue it once the state is loaded
        while :; do
            # "paused (inmigrate)" while loading, plain "paused" once loaded
            if [ -S "$sock" ] &&
               nova_qmp "$sock" "info status" 2>/dev/null | tr -d '\r' | grep -qx 'VM status: paused'; then
                # what the device restored, before it runs on
                [ -z "$device_state" ] || nova_qmp "$sock" "info nova-gpu" > "$restored" 2>&1 || true
                nova_qmp "$sock" cont >/dev/null 2>&1 || true
                break
            fi
            kill -0 "$restorer" 2>/dev/null || break
            sleep 0.1
        done
        wait "$restorer" || true
        status=$(cat "$work/$name.status" 2>/dev/null || echo 1)
    fi
    rm -f "$state"
    [ -z "$device_state" ] ||
        check "$name: the restored device is '$device_state' too, before it runs on" \
            "$(grep -qE -- "$device_state" "$restored" 2>/dev/null && echo 0 || echo 1)" \
            "info nova-gpu: $(grep -a 'chid' "$restored" 2>/dev/null | tr -s ' ' | tr '\n' ';')"
    # the probe may have completed before the save
    guest_check_resumed "$name" restored "$dst" "$status" "status $status" '' "$probe" "$src" "$dst"
    [ "$submit" = 0 ] || guest_submit_check "$name" "$src" "$dst"
done <<< "$CASES"
[ "$guest_failed" = 0 ]
