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
# regex) | the driver's probe line after the reset [| kernel arguments |
# and "info nova-gpu" shows (lib-guest.sh's guest_case)]
#  mid-boot: GSP-RM never says INIT_DONE (once), the driver waits for it
#  mid-rpc:  GSP-RM holds one RPC for seconds (once), the driver polls
#  mid-copy: nouveau-submit (nova.submit=1) runs; the copy engine holds
#            the program's first copy for seconds (once; the boot's first
#            LAUNCH_DMA, as in test-migration.sh): the reset comes while the
#            channel is "stalled", and in the second boot the program runs
#            to its end
CASES=$(cat <<'EOF_CASES'
nouveau-mid-boot    | nouveau   | fault=gsp-no-init-done:times=1      | booter-load: booting              | \[drm\] Initialized nouveau
nouveau-mid-rpc     | nouveau   | fault=rpc-delay=5000:fn=103:times=1 | new obj:0xc1d00000 cls:0x00000000 | \[drm\] Initialized nouveau
nova-core-mid-boot  | nova-core | fault=gsp-no-init-done:times=1      | CPU Sequencer commands completed  | GPU name: NVIDIA
nova-core-mid-rpc   | nova-core | fault=rpc-delay=3000:fn=65:times=1  | function=GetGspStaticInfo         | GPU name: NVIDIA
nouveau-mid-copy    | nouveau   | fault=ce-stall=3000:nth=1:times=1 | NOVA-SUBMIT: ok buffers           | \[drm\] Initialized nouveau | nova.submit=1 | stalled
EOF_CASES
)

work="$GUEST_WORK/reset"
mkdir -p "$work"
# A wrapper that adds a QMP socket; run-guest.sh's -no-reboot would turn
# system_reset into a shutdown, so the reset action is put back. The guest's
# own end is then a reboot for the nova-core kernel (no ACPI: reboot -f), so
# the test ends QEMU itself once the second boot is over.
guest_qmp_wrapper "$work/qemu.sh" -action reboot=reset

# four checks a case, one more for nouveau-submit
plan=0
while IFS= read -r row; do
    guest_case "$row"
    plan=$(( plan + 4 + submit ))
done <<< "$CASES"
echo "1..$plan"
check() { guest_check "$chip $1" "$2" "$3"; }
while IFS= read -r row; do
    guest_case "$row"
    log="$GUEST_LOGS/$chip-reset-$name.log" after="$work/$name.after"
    sock="$work/$name.sock" monitor="$work/$name.monitor"
    rm -f "$log" "$after" "$sock" "$monitor"
    NOVA_QMP_SOCK=$sock \
        bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --driver "$driver" --firmware stub \
        --qemu "$work/qemu.sh" --log "$log" --extra-device-opts "$opts" \
        --append "nova.rebind=1${debug:+ $debug}${append:+ $append}" \
        >/dev/null 2>&1 &
    runner=$!
    reset=1
    if [ -z "$device_state" ]; then
        if guest_wait_console "$log" "$when" "$runner" "$sock"; then
            nova_qmp "$sock" system_reset >/dev/null && reset=0
        fi
    elif guest_wait_console "$log" . "$runner" "$sock"; then
        # a client connected before the moment (as test-migration.sh's),
        # told to wait for the device's state and then reset
        exec {qmp_in}> >(nova_qmp "$sock" - > "$monitor" 2>&1)
        qmp=$!
        ! guest_wait_console "$log" "$when" "$runner" ||
            printf '%s\n' "until $device_state info nova-gpu" system_reset >&"$qmp_in" 2>/dev/null || true
        exec {qmp_in}>&-
        wait "$qmp" && grep -qE -- "$device_state" "$monitor" && reset=0
    fi
    # the second boot ends by itself if it can, else QEMU is told to quit
    if [ "$reset" = 0 ] &&
       guest_wait_console "$log" 'NOVA-GUEST: stage=poweroff' "$runner"; then
        sleep 1
        ! kill -0 "$runner" 2>/dev/null || nova_qmp "$sock" quit >/dev/null 2>&1 || true
    fi
    status=0
    wait "$runner" || status=$?
    # ... and before the driver got through its probe (nouveau-submit:
    # before the program ended)
    early_re=$probe before='the probe completed'
    [ "$submit" = 0 ] || early_re='^NOVA-SUBMIT: done ' before='nouveau-submit ended'
    early=$(awk '/Linux version/ { n++ } n == 1' "$log" | grep -acE -- "$early_re" || true)
    check "$name: reset while the console showed '$when'${device_state:+ and info nova-gpu showed $device_state}, before $before" \
        "$([ "$reset" = 0 ] && [ "$early" = 0 ] && echo 0 || echo 1)" \
        "reset $reset, lines before it matching '$early_re' $early (last: $(guest_last_stage "$log" "$driver"))"
    # the second boot's console: from its kernel banner on
    awk '/Linux version/ { n++ } n >= 2' "$log" > "$after"
    # the driver probes again after the reset, with no failed probe
    guest_check_resumed "$name" "reset, booted again" "$after" "$status" \
        "status $status, banners $(grep -ac 'Linux version' "$log")" 'failed with error' "$probe" "$after"
    [ "$submit" = 0 ] || guest_submit_check "$name" "$after"
done <<< "$CASES"
[ "$guest_failed" = 0 ]
