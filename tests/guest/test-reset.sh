#!/usr/bin/env bash
# shellcheck disable=SC2154  # chip, qemu, name, driver, ...: set by lib-guest.sh (guest_chip_qemu_args, guest_case, guest_chips_args, guest_check)
# Reset the machine (HMP system_reset, over QMP) in the middle of the driver's
# bring-up, and check that the rebooted guest's driver probes the device
# again: the reset must have put every engine back to its power-on state,
# whatever the falcons, GSP-RM and its queues were doing. An injected fault
# (spent once) holds the driver at the named stage so that the reset lands
# there; the guest's console decides the moment. Output is TAP.
#
# usage: test-reset.sh [--chip CHIP] [--qemu PATH]   (default ga102)
# NOVA_GUEST_MACHINE=pc|q35: the machine the guests boot (default pc; docs/guest-tests.md)
set -euo pipefail
NOVA_LOG_TAG=test-reset
. "$(dirname "$0")/lib-guest.sh"

guest_chip_qemu_args "$@"

# name | driver | device options | reset when the console shows (extended
# regex) | the driver's probe line after the reset
#  mid-boot: GSP-RM never says INIT_DONE (once), the driver waits for it
#  mid-rpc:  GSP-RM holds one RPC for seconds (once), the driver polls
CASES=$(cat <<'EOF_CASES'
nouveau-mid-boot    | nouveau   | fault=gsp-no-init-done:times=1      | booter-load: booting              | \[drm\] Initialized nouveau
nouveau-mid-rpc     | nouveau   | fault=rpc-delay=5000:fn=103:times=1 | new obj:0xc1d00000 cls:0x00000000 | \[drm\] Initialized nouveau
nova-core-mid-boot  | nova-core | fault=gsp-no-init-done:times=1      | CPU Sequencer commands completed  | GPU name: NVIDIA
nova-core-mid-rpc   | nova-core | fault=rpc-delay=3000:fn=65:times=1  | function=GetGspStaticInfo         | GPU name: NVIDIA
EOF_CASES
)

work="$GUEST_WORK/reset"
mkdir -p "$work"
# A wrapper that adds a QMP socket; run-guest.sh's -no-reboot would turn
# system_reset into a shutdown, so the reset action is put back. The guest's
# own end is then a reboot for the nova-core kernel (no ACPI: reboot -f), so
# the test ends QEMU itself once the second boot is over.
guest_qmp_wrapper "$work/qemu.sh" -action reboot=reset

echo "1..$(( $(grep -c . <<< "$CASES") * 4 ))"
check() { guest_check "$chip $1" "$2" "$3"; }
while IFS= read -r row; do
    guest_case "$row"
    log="$GUEST_LOGS/$chip-reset-$name.log" after="$work/$name.after"
    sock="$work/$name.sock"
    rm -f "$log" "$after" "$sock"
    NOVA_QMP_SOCK=$sock \
        bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --driver "$driver" --firmware stub \
        --qemu "$work/qemu.sh" --log "$log" --extra-device-opts "$opts" \
        --append "nova.rebind=1${debug:+ $debug}" \
        >/dev/null 2>&1 &
    runner=$!
    reset=1
    if guest_wait_console "$log" "$when" "$runner" "$sock"; then
        nova_qmp "$sock" system_reset >/dev/null && reset=0
    fi
    # the second boot ends by itself if it can, else QEMU is told to quit
    if [ "$reset" = 0 ] &&
       guest_wait_console "$log" 'NOVA-GUEST: stage=poweroff' "$runner"; then
        sleep 1
        ! kill -0 "$runner" 2>/dev/null || nova_qmp "$sock" quit >/dev/null 2>&1 || true
    fi
    status=0
    wait "$runner" || status=$?
    # ... and before the driver got through its probe
    early=$(awk '/Linux version/ { n++ } n == 1' "$log" | grep -acE -- "$probe" || true)
    check "$name: reset while the console showed '$when', before the probe completed" \
        "$([ "$reset" = 0 ] && [ "$early" = 0 ] && echo 0 || echo 1)" \
        "reset $reset, probe lines before it $early (last: $(guest_last_stage "$log" "$driver"))"
    # the second boot's console: from its kernel banner on
    awk '/Linux version/ { n++ } n >= 2' "$log" > "$after"
    # the driver probes again after the reset, with no failed probe
    guest_check_resumed "$name" "reset, booted again" "$after" "$status" \
        "status $status, banners $(grep -ac 'Linux version' "$log")" 'failed with error' "$probe" "$after"
done <<< "$CASES"
[ "$guest_failed" = 0 ]
