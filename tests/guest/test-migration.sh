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
# regex) | the driver's probe line, printed before or after the save.
# An injected rpc-delay holds the driver in the middle of an RPC, so the
# save lands there: GSP-RM holding the request, its timer pending, the
# driver polling for the reply.
CASES=$(cat <<'EOF_CASES'
nouveau-mid-rpc     | nouveau   | fault=rpc-delay=3000:fn=103 | new obj:0xc1d00000 cls:0x00000000 | \[drm\] Initialized nouveau
nouveau-probed      | nouveau   |                             | \[drm\] Initialized nouveau       | \[drm\] Initialized nouveau
nova-core-mid-rpc   | nova-core | fault=rpc-delay=3000:fn=65  | function=GetGspStaticInfo         | GPU name: NVIDIA
EOF_CASES
)

work="$GUEST_WORK/migration"
mkdir -p "$work"
# A wrapper that records QEMU's arguments (to start the destination the
# same way) and adds a QMP socket.
guest_qmp_wrapper "$work/qemu-source.sh"

echo "1..$(( $(grep -c . <<< "$CASES") * 4 ))"
check() { guest_check "$chip $1" "$2" "$3"; }
while IFS= read -r row; do
    guest_case "$row"
    src="$GUEST_LOGS/$chip-migration-$name-source.log"
    dst="$GUEST_LOGS/$chip-migration-$name-destination.log"
    state="$work/$name.state" sock="$work/$name.sock" argsfile="$work/$name.args"
    rm -f "$src" "$dst" "$state" "$sock" "$argsfile" "$work/$name.monitor"
    NOVA_QEMU_ARGS=$argsfile NOVA_QMP_SOCK=$sock \
        bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --driver "$driver" --firmware stub \
        --qemu "$work/qemu-source.sh" --log "$src" ${opts:+--extra-device-opts "$opts"} \
        --append "nova.rebind=1${debug:+ $debug}" \
        >/dev/null 2>&1 &
    runner=$!
    saved=1
    if guest_wait_console "$src" . "$runner" "$sock"; then
        # A QMP client connected before the moment, so that the stop
        # follows it closely; what the monitor answered is kept.
        exec {qmp_in}> >(nova_qmp "$sock" - > "$work/$name.monitor" 2>&1)
        qmp=$!
        # stop the guest where it is, save, and leave. The device saves in
        # every state (a part-received split RPC included), so the first
        # save must complete.
        ! guest_wait_console "$src" "$when" "$runner" ||
            printf '%s\n' stop "migrate file:$state" "info migrate" quit >&"$qmp_in" 2>/dev/null || true
        exec {qmp_in}>&-
        wait "$qmp" || true
        grep -q "Status:.*completed" <<< "$(tr -d '\r' < "$work/$name.monitor" | tail -n 20)" && saved=0
    fi
    wait "$runner" || true
    check "$name: saved while the console showed '$when'" "$saved" \
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
    # the probe may have completed before the save
    guest_check_resumed "$name" restored "$dst" "$status" "status $status" '' "$probe" "$src" "$dst"
done <<< "$CASES"
[ "$guest_failed" = 0 ]
