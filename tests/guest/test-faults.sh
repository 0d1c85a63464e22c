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

# driver | fault spec | kernel command line | what the log must show: extended
# regexes separated by " && ", each matched by some line (docs/faults.md).
# nova.retry=1 makes the guest probe again after a failed probe (recovery).
FAULTS=$(cat <<'EOF_FAULTS'
nouveau   | vbios-corrupt                  | | bios: unable to locate usable image && bios ctor failed: -22
nouveau   | vbios-no-fwsec                 | | gsp:fwsec-frts: boot failed: -5
nouveau   | gsp-never-scrub                | | gsp:fwsec-frts: boot failed: -110
nouveau   | gsp-never-halt                 | | gsp:fwsec-frts: boot failed: -110
nouveau   | sec2-never-scrub               | | sec2\(gsp\):booter-load: boot failed: -110
nouveau   | sec2-never-halt                | | sec2\(gsp\):booter-load: boot failed: -110
nouveau   | fwsec-error=0x1234             | | gsp: fwsec-frts: 0x1234
nouveau   | booter-reject                  | | sec2\(gsp\): mbox badb0005 .*|sec2\(gsp\):booter-load: boot failed: -5
nouveau   | rpc-status=0x51:fn=103         | | gsp:msg fn:103 len:0x20/0x0 res:0x51 && DRM: VMM allocation failed: -22 && probe with driver nouveau failed with error -22
nouveau   | rpc-status=0x51:fn=103:times=1 | nova.retry=1 | gsp:msg fn:103 len:0x20/0x0 res:0x51 && NOVA-GUEST: retry: driver=nouveau && \[drm\] Initialized nouveau
nouveau   | mmu-fault:times=1              | | gsp: mmu fault queued && \[drm\] Initialized nouveau
nouveau   | intr-lost                      | | \[drm\] Initialized nouveau && NOVA-GUEST: irq [0-9]+: +0 .*nvkm
nouveau   | intr-storm:times=2000          | | \[drm\] Initialized nouveau && NOVA-GUEST: irq [0-9]+: +[0-9]{4,} .*nvkm
nova-core | vbios-corrupt                  | | Failed to parse initial BIOS image headers at offset 0x0 && probe with driver nova-core failed with error -22
nova-core | vbios-no-fwsec                 | | Found BIOS image: .*type: Ok\(PciAt\), last: true && Missing required images for falcon data setup
nova-core | rpc-delay=1000:fn=65           | | GPU name: NVIDIA && \[drm\] Initialized nova-drm
nova-core | rpc-delay=8000:fn=65           | | probe with driver nova-core failed with error -110
nova-core | gsp-no-init-done               | | GSP successfully unloaded && probe with driver nova-core failed with error -110
nova-core | gsp-no-init-done:times=1       | nova.retry=1 | failed with error -110 && NOVA-GUEST: retry: driver=nova-core && GPU name: NVIDIA
nova-core | rpc-no-reply:fn=65             | | function=GetGspStaticInfo && probe with driver nova-core failed with error -110
nova-core | rpc-bad-checksum:fn=65         | | GSP RPC: receive: Call [0-9]+ - bad checksum && probe with driver nova-core failed with error -5
nova-core | gsp-crash:fn=65                | | GSP shutdown failed: Error\(110\) && probe with driver nova-core failed with error -110
EOF_FAULTS
)

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
