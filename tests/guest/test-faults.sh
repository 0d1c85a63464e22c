#!/usr/bin/env bash
# Arm each falcon fault hook with -device nova-gpu,fault=... and check that
# nouveau reports the error a real GPU would make it report, and that QEMU
# keeps running (the guest powers off by itself). Output is TAP.
#
# usage: test-faults.sh [--chip CHIP]   (default ga102; stand-in firmware)
set -euo pipefail
NOVA_LOG_TAG=test-faults
. "$(dirname "$0")/lib-guest.sh"

chip=ga102
while [ $# -gt 0 ]; do
    case "$1" in
        --chip) chip=${2:?}; shift 2 ;;
        *) nova_log "unknown argument: $1"; exit 2 ;;
    esac
done
guest_check_chip "$chip"

# fault spec | what nouveau prints (extended regex)
FAULTS=$(cat <<'EOF_FAULTS'
gsp-never-scrub      | gsp:fwsec-frts: boot failed: -110
gsp-never-halt       | gsp:fwsec-frts: boot failed: -110
fwsec-error=0x1234   | gsp: fwsec-frts: 0x1234
booter-reject        | sec2\(gsp\): mbox badb0005 .*|sec2\(gsp\):booter-load: boot failed: -5
EOF_FAULTS
)

n=0 failed=0
echo "1..$(( $(grep -c . <<< "$FAULTS") * 2 ))"
while IFS='|' read -r spec want; do
    spec=$(sed 's/ *$//' <<< "$spec")
    want=$(sed 's/^ *//; s/ *$//' <<< "$want")
    log="$GUEST_DIR/logs/$chip-fault-${spec%%=*}.log"
    status=0
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --driver nouveau --firmware stub \
        --extra-device-opts "fault=$spec" --log "$log" >/dev/null 2>&1 || status=$?
    n=$((n + 1))
    if grep -aqE -- "$want" "$log"; then
        echo "ok $n - $chip fault=$spec: nouveau reports it"
    else
        failed=$((failed + 1))
        echo "not ok $n - $chip fault=$spec: nouveau reports it # last: $(guest_last_stage "$log")"
    fi
    n=$((n + 1))
    if [ "$status" = 0 ] && grep -aq 'NOVA-GUEST: stage=poweroff' "$log"; then
        echo "ok $n - $chip fault=$spec: QEMU keeps running, guest powers off"
    else
        failed=$((failed + 1))
        echo "not ok $n - $chip fault=$spec: QEMU keeps running # status $status"
    fi
done <<< "$FAULTS"
[ "$failed" = 0 ]
