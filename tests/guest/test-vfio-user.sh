#!/usr/bin/env bash
# The out-of-process server (vfu/nova-gpu-vfu) itself, beyond the driver
# suites that boot against it (test-nouveau.sh and test-nova-core.sh with
# NOVA_GPU_MODE=vfio-user, scripts/test.sh's vfio-user stream):
#   1. the vfio-user protocol from a hostile client (tests/fuzz/vfu-protocol.py:
#      a second client refused, a fault through the control socket, the
#      server alive and serving the next client after each hang-up);
#   2. a client that disappears mid-probe: a VM killed (SIGKILL) while
#      nouveau probes, then a second VM against the same server, whose
#      nouveau must pass every stage (tests/guest/stages/nouveau.stages);
#   3. a fault armed through the control socket before a boot: nouveau
#      sees the corrupt VBIOS, as with -device nova-gpu,fault=vbios-corrupt.
# Output is TAP on stdout; progress on stderr.
#
# usage: test-vfio-user.sh [--chip CHIP] [--messages N] [--seed S]
#   (default ga102, 3000 messages, seed 1)
set -euo pipefail
NOVA_LOG_TAG=test-vfio-user
. "$(dirname "$0")/lib-guest.sh"

chip=ga102 messages=3000 seed=1
while [ $# -gt 0 ]; do
    case "$1" in
        --chip) chip=${2:?}; shift 2 ;;
        --messages) messages=${2:?}; shift 2 ;;
        --seed) seed=${2:?}; shift 2 ;;
        --qemu) shift 2 ;;      # scripts/test.sh's streams pass it; the modes pick their own
        -h|--help) sed -n '/^# usage/,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) guest_check_chip "$1"; chip=$1; shift ;;
    esac
done
guest_check_chip "$chip"
STAGES="$NOVA_ROOT/nova-ci/nova_ci/stages.py"
server_qemu=$(nova_qemu_build default)/qemu-system-x86_64
nrows=$(python3 "$STAGES" count nouveau)
append=$(python3 "$STAGES" append nouveau)
echo "1..$((7 + nrows + 2))"
failed=0

# --- 1. the protocol ----------------------------------------------------------------
nova_log "protocol: $messages hostile messages (seed $seed)"
# (its TAP lines are this script's first seven: its plan line goes)
set +e
python3 "$NOVA_ROOT/tests/fuzz/vfu-protocol.py" --qemu "$server_qemu" --chip "$chip" \
    --messages "$messages" --seed "$seed" 2> >(grep -v 'vfu: invalid address' >&2) |
    grep -v '^1\.\.'
[ "${PIPESTATUS[0]}" = 0 ] || failed=1
set -e

# --- a server of our own, for the boots ------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/nova-vfu-test.XXXXXX")
sock=$work/gpu.sock ctl=$work/control.sock
server_pid=''
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    pkill -9 -f "$work/gpu.sock" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
start_server() {   # start_server DEVICE-OPTIONS LOG
    "$NOVA_ROOT/vfu/nova-gpu-vfu" --qemu "$server_qemu" --socket "$sock" --control "$ctl" \
        "$1" -- -d guest_errors </dev/null 2>"$2" &
    server_pid=$!
    for _ in $(seq 600); do
        grep -q '^nova-gpu-vfu: serving' "$2" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    nova_log "the server did not start: $(tail -n3 "$2")"
    return 1
}
stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=''
}
control() {         # control HMP-COMMAND...: through the server's control socket
    NOVA_QMP_BUILD=$(dirname "$server_qemu") nova_qmp "$ctl" "$@"
}
tap() {             # tap OK DESCRIPTION
    n_tap=$((n_tap + 1))
    if [ "$1" = 1 ]; then echo "ok $n_tap - $2"; else echo "not ok $n_tap - $2"; failed=1; fi
}
n_tap=7

# --- 2. a client that disappears mid-probe, then the next one -----------------------------
slog="$GUEST_LOGS/vfio-user-$chip-server.log"
log1="$GUEST_LOGS/vfio-user-$chip-killed.log" log2="$GUEST_LOGS/vfio-user-$chip-next.log"
rm -f "$log1" "$log2"
if start_server "chip=$chip" "$slog"; then
    nova_log "a VM to kill while nouveau probes"
    bash "$GUEST_SRC/run-guest.sh" --mode vfio-user --vfu-socket "$sock" --chip "$chip" \
        --driver nouveau --log "$log1" --append "$append" >/dev/null 2>&1 &
    guest=$!
    probing=0
    for _ in $(seq 3000); do
        if grep -aq 'nouveau 0000:.*gsp' "$log1" 2>/dev/null; then probing=1; break; fi
        kill -0 "$guest" 2>/dev/null || break
        sleep 0.1
    done
    # the VM's QEMU, found by the socket it was given
    pkill -9 -f "vfio-user-pci.*$sock" || true
    wait "$guest" 2>/dev/null || true
    sleep 1
    alive=0
    kill -0 "$server_pid" 2>/dev/null && alive=1
    tap $((probing & alive)) "$chip: a VM killed while nouveau probed (saw the probe: $probing), the server lives on"
    nova_log "the next VM, against the same server"
    set +e
    bash "$GUEST_SRC/run-guest.sh" --mode vfio-user --vfu-socket "$sock" --chip "$chip" \
        --driver nouveau --log "$log2" --append "$append"
    status=$?
    set -e
    touch "$log2"
    python3 "$STAGES" tap nouveau --log "$log2" --status "$status" --chip "$chip" \
        --gsp "$GUEST_GSP_VERSION" --first $((n_tap + 1)) \
        --label "vfio-user $chip (the next client after a killed one)" || failed=1
    n_tap=$((n_tap + nrows))
    stop_server
else
    tap 0 "$chip: the server started"
    for _ in $(seq "$nrows"); do tap 0 "$chip: not reached"; done
fi

# --- 3. a fault armed through the control socket ---------------------------------------------
log3="$GUEST_LOGS/vfio-user-$chip-fault.log"
rm -f "$log3"
if start_server "chip=$chip" "$slog.fault"; then
    control "qom-set /machine/peripheral/nova0 fault-arm vbios-corrupt" >&2 || true
    armed=$(control "qom-get /machine/peripheral/nova0 faults" 2>&1 || true)
    bash "$GUEST_SRC/run-guest.sh" --mode vfio-user --vfu-socket "$sock" --chip "$chip" \
        --driver nouveau --log "$log3" >/dev/null 2>&1 || true
    ok=0
    grep -aq 'bios: unable to locate usable image' "$log3" && [[ "$armed" == *vbios-corrupt* ]] && ok=1
    tap $ok "$chip: vbios-corrupt armed through the control socket: nouveau finds no usable VBIOS (log $log3)"
    stop_server
else
    tap 0 "$chip: the server started"
fi

[ "$failed" = 0 ] || { nova_log "failures: logs in $GUEST_LOGS/"; exit 1; }
