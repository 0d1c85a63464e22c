#!/usr/bin/env bash
# Arm each fault with -device nova-gpu,fault=... and check that the driver
# reports what a real GPU in that state would make it report, that QEMU keeps
# running (the guest powers off by itself), and, for faults that fire once,
# that the driver recovers on a second probe. Output is TAP.
#
# usage: test-faults.sh [--chip CHIP] [--qemu PATH]   (default ga102; stand-in firmware)
# NOVA_GUEST_MACHINE=pc|q35: the machine the guests boot (default pc; docs/guest-tests.md)
set -euo pipefail
NOVA_LOG_TAG=test-faults
. "$(dirname "$0")/lib-guest.sh"

chip=ga102 run_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --chip) chip=${2:?}; shift 2 ;;
        --qemu) run_args+=(--qemu "${2:?}"); shift 2 ;;
        *) nova_log "unknown argument: $1"; exit 2 ;;
    esac
done
guest_check_chip "$chip"

# The faults and the reaction each driver must show: tests/guest/stages/faults.table
# (nova-ci --fault reads it too).
FAULTS=$(grep -v '^#' "$GUEST_SRC/stages/faults.table" | grep .)

n=0 failed=0
echo "1..$(( $(grep -c . <<< "$FAULTS") * 2 ))"
while IFS='|' read -r driver spec append want; do
    driver=$(guest_trim "$driver") spec=$(guest_trim "$spec") append=$(guest_trim "$append") want=$(guest_trim "$want")
    log="$GUEST_LOGS/$chip-fault-$driver-$(tr ':=;' '___' <<< "$spec").log"
    status=0
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --driver "$driver" --firmware stub \
        --extra-device-opts "fault=$spec" ${append:+--append "$append"} --log "$log" \
        "${run_args[@]}" \
        >/dev/null 2>&1 || status=$?
    n=$((n + 1))
    missing=''
    while IFS= read -r re; do
        re=$(guest_trim "$re")
        [ -z "$re" ] || grep -aqE -- "$re" "$log" || missing=$re
    done <<< "${want// && /$'\n'}"
    if [ -z "$missing" ]; then
        echo "ok $n - $GUEST_TAG$chip $driver fault=$spec${append:+ ($append)}: the driver reports it"
    else
        failed=$((failed + 1))
        echo "not ok $n - $GUEST_TAG$chip $driver fault=$spec: the driver reports it # missing '$missing'; last: $(guest_last_stage "$log" "$driver")"
    fi
    n=$((n + 1))
    if [ "$status" = 0 ] && grep -aq 'NOVA-GUEST: stage=poweroff' "$log"; then
        echo "ok $n - $GUEST_TAG$chip $driver fault=$spec: QEMU keeps running, guest powers off"
    else
        failed=$((failed + 1))
        echo "not ok $n - $GUEST_TAG$chip $driver fault=$spec: QEMU keeps running # status $status"
    fi
done <<< "$FAULTS"
[ "$failed" = 0 ]
