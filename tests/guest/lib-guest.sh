# shellcheck shell=bash disable=SC2034  # variables are used by the scripts sourcing this
# Shared definitions for the guest-test scripts in tests/guest/. Source it.
# It defines variables and functions only; it has no side effects beyond
# creating the cache directory (and building nova-fwgen for the chip table,
# if it is not built).

# shellcheck source=../../scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
# shellcheck source=../../scripts/versions.sh
. "$NOVA_ROOT/scripts/versions.sh"

GUEST_SRC="$NOVA_ROOT/tests/guest"
GUEST_DIR="$NOVA_CACHE/guest"
# Directory names carry the package version, so bumping a pin in
# scripts/versions.sh simply extracts into a fresh directory.
GUEST_KERNEL_DIR="$GUEST_DIR/linux-image-$GUEST_KERNEL_VERSION"
GUEST_FIRMWARE_DIR="$GUEST_DIR/firmware-nvidia-graphics-$GUEST_FIRMWARE_VERSION"
GUEST_VMLINUZ="$GUEST_KERNEL_DIR/boot/vmlinuz-$GUEST_KREL"
# nova-core's firmware package (only its 570.144 files are unpacked).
NOVA_FIRMWARE_DIR="$GUEST_DIR/firmware-nvidia-graphics-$NOVA_FIRMWARE_VERSION"
# The chips: every one of the chip table (common/chip.c; nova-fwgen chips,
# built if need be). Loaded here, in the sourcing shell, so that the facts
# the scripts look up (nova_chip_fact) come from one run of nova-fwgen.
nova_chip_table >/dev/null
GUEST_CHIPS=$(nova_chip_names)
# The QEMU machines a guest boots on (guest_set_machine, guest_device_args).
GUEST_MACHINES="pc q35"
# The wall-clock limit of one QEMU run: a hang guard, not a verdict on speed.
# A boot takes 15 s to a minute or two (ASan, a loaded 2-core machine); this
# is far above that, so only a guest that is stuck reaches it.
GUEST_HANG_GUARD=${NOVA_GUEST_HANG_GUARD:-600}
mkdir -p "$GUEST_DIR"

# guest_set_machine MACHINE: the machine every boot of this run uses, pc or
# q35 (run-guest.sh --machine; the test scripts take NOVA_GUEST_MACHINE,
# default pc), and what goes with it:
#   GUEST_LOGS, GUEST_WORK  one run's logs and scratch files, under this
#       checkout's NOVA_CHECKOUT_CACHE/guest (two checkouts may test at
#       once). Runs of one checkout that go at the same time (the guest and
#       asan streams of scripts/test.sh) set NOVA_GUEST_RUN to keep theirs
#       apart; a machine other than pc adds its name, so logs/ (pc),
#       logs-q35/, logs-asan-q35/ ...
#   GUEST_TAG  what TAP lines name before the chip: "" on pc, "q35 " on q35,
#       so that a log says which machine ran
guest_set_machine() {
    case " $GUEST_MACHINES " in
        *" $1 "*) ;;
        *) nova_die "unknown machine '$1' (known: $GUEST_MACHINES)" ;;
    esac
    GUEST_MACHINE=$1
    local suffix=${NOVA_GUEST_RUN:+-$NOVA_GUEST_RUN}
    GUEST_TAG=''
    if [ "$GUEST_MACHINE" != pc ]; then
        suffix+=-$GUEST_MACHINE
        GUEST_TAG="$GUEST_MACHINE "
    fi
    GUEST_LOGS="$NOVA_CHECKOUT_CACHE/guest/logs$suffix"
    GUEST_WORK="$NOVA_CHECKOUT_CACHE/guest/work$suffix"
    mkdir -p "$GUEST_LOGS"
}
guest_set_machine "${NOVA_GUEST_MACHINE:-pc}"

# guest_device_args [DEVICE]: the one place that says how a guest's machine
# and GPU are put together; sets guest_args to QEMU's arguments for
# $GUEST_MACHINE with DEVICE (e.g. "nova-gpu,chip=ga102"; none if empty)
# plugged in:
#   pc   i440FX; the GPU on the root bus (conventional PCI, 00:02.0)
#   q35  ICH9 with PCI Express; the GPU behind a PCIe root port (rp0 on
#        pcie.0), so it is an endpoint on bus 1 (01:00.0), as in a real PC.
#        No SATA controller (sata=off): the guests boot from -kernel and
#        -initrd, and SeaBIOS waits 32 s under TCG (an AHCI command timeout)
#        on the empty default CD-ROM that QEMU puts on it
# DEVICE may be JSON ({"driver":"vfio-user-pci",...}: the out-of-process
# GPU, whose socket property is a struct); MEMORY, a memory backend's id,
# becomes the machine's RAM (vfio-user shares guest memory with the server).
guest_device_args() {
    local device=${1:-} memory=${2:-} mem_opt=''
    [ -z "$memory" ] || mem_opt=,memory-backend=$memory
    case "$GUEST_MACHINE" in
        pc)
            guest_args=(-machine "pc$mem_opt")
            ;;
        q35)
            # shellcheck disable=SC2054  # the commas are QEMU's
            guest_args=(-machine "q35,sata=off$mem_opt"
                        -device pcie-root-port,id=rp0,bus=pcie.0,chassis=1,slot=1)
            if [[ "$device" == "{"* ]]; then
                device="{\"bus\":\"rp0\",${device#\{}"
            else
                device=${device:+$device,bus=rp0}
            fi
            ;;
    esac
    [ -z "$device" ] || guest_args+=(-device "$device")
}

# The GSP-RM firmware release nouveau (6.12) requests.
GUEST_GSP_VERSION=535.113.01
# The one nova-core and nouveau (7.2) request (drivers/gpu/nova-core/firmware.rs,
# nouveau's nvkm/subdev/gsp/*.c fwif tables, which prefer it to 535.113.01).
NOVA_GSP_VERSION=570.144

# --- the driver matrix (tests/guest/matrix) -----------------------------------------
GUEST_MATRIX="$GUEST_SRC/matrix"

# guest_matrix_rows [DRIVER]: the rows' names, in the file's order (DRIVER's only)
guest_matrix_rows() {
    awk -v d="${1:-}" '!/^#/ && NF >= 5 && (d == "" || $3 == d) { print $1 }' "$GUEST_MATRIX"
}

# guest_matrix_row ROW: the row's cells, checked against the pins, into
# row_name, row_kernel (debian-6.12), row_kernel_kind (debian|built),
# row_driver, row_gsp (the GSP-RM release) and row_chips; then, from the
# release, the firmware the row boots (guest_firmware)
guest_matrix_row() {
    local line
    line=$(awk -v r="$1" '!/^#/ && $1 == r' "$GUEST_MATRIX")
    [ -n "$line" ] || nova_die "no row '$1' in $GUEST_MATRIX (rows: $(guest_matrix_rows | xargs))"
    read -r row_name row_kernel row_driver row_gsp row_chips <<< "$line"
    row_kernel_kind=${row_kernel%%-*}
    case "$row_kernel_kind:${row_kernel#*-}" in
        debian:*)
            [[ "$GUEST_KERNEL_VERSION" == "${row_kernel#*-}".* ]] ||
                nova_die "row $row_name: kernel $row_kernel, but the pinned Debian kernel is $GUEST_KERNEL_VERSION (scripts/versions.sh)" ;;
        built:"$NOVA_KERNEL_VERSION") ;;
        built:*) nova_die "row $row_name: kernel $row_kernel, but build-kernel.sh builds $NOVA_KERNEL_VERSION (scripts/versions.sh)" ;;
        *) nova_die "row $row_name: kernel '$row_kernel' is neither debian-VERSION nor built-VERSION" ;;
    esac
    case "$row_kernel_kind:$row_driver" in
        debian:nouveau|built:nouveau|built:nova-core) ;;
        *) nova_die "row $row_name: no $row_driver in a $row_kernel_kind kernel" ;;
    esac
    guest_firmware "$row_driver" "$row_gsp"
}

# guest_firmware DRIVER RELEASE: where the firmware of GSP-RM RELEASE for
# DRIVER comes from, into
#   fw_fetch    fetch-guest.sh's argument that unpacks the real package
#   fw_dir      where it is unpacked; fw_version: the package's version
#   fw_layout   whole: copy nvidia/<chip>/ as the package has it (535.113.01's
#               package, unpacked whole); files: the release's gsp/ files (and
#               Turing's acr/bl.bin), the only ones unpacked of the newer one
#   fw_set      nova-fwgen's stand-in set (the files the driver requests)
guest_firmware() {
    case "$1:$2" in
        nouveau:"$GUEST_GSP_VERSION")
            fw_fetch=nouveau fw_dir=$GUEST_FIRMWARE_DIR fw_version=$GUEST_FIRMWARE_VERSION
            fw_layout=whole fw_set=nouveau ;;
        nouveau:"$NOVA_GSP_VERSION")
            fw_fetch=nova-core fw_dir=$NOVA_FIRMWARE_DIR fw_version=$NOVA_FIRMWARE_VERSION
            fw_layout=files fw_set=nouveau-r570 ;;
        nova-core:"$NOVA_GSP_VERSION")
            fw_fetch=nova-core fw_dir=$NOVA_FIRMWARE_DIR fw_version=$NOVA_FIRMWARE_VERSION
            fw_layout=files fw_set=nova-core ;;
        *) nova_die "no firmware of GSP-RM $2 for $1 (known: nouveau $GUEST_GSP_VERSION or $NOVA_GSP_VERSION, nova-core $NOVA_GSP_VERSION)" ;;
    esac
}

guest_check_chip() {
    case " $GUEST_CHIPS " in
        *" $1 "*) ;;
        *) nova_die "unknown chip '$1' (known: $GUEST_CHIPS)" ;;
    esac
}

# guest_chip_qemu_args ARGS...: the arguments of the tests that boot one
# chip, [--chip CHIP] [--qemu PATH], into $chip (default ga102) and $qemu
guest_chip_qemu_args() {
    chip=ga102
    qemu="$(nova_qemu_build default)/qemu-system-x86_64"
    while [ $# -gt 0 ]; do
        case "$1" in
            --chip) chip=${2:?}; shift 2 ;;
            --qemu) qemu=${2:?}; shift 2 ;;
            *) nova_log "unknown argument: $1"; exit 2 ;;
        esac
    done
    guest_check_chip "$chip"
    # QEMU's QMP client (nova_qmp) from the source $qemu was built from
    NOVA_QMP_BUILD=$(dirname "$qemu")
}

# guest_chips_args PASSED ARGS...: the arguments of the tests that boot
# several chips with several firmware sets (test-nouveau.sh,
# test-nova-core.sh): [--chip CHIP ...] [CHIP ...] (bare names too, as
# scripts/test.sh passes $NOVA_GUEST_CHIPS) [--firmware real|stub ...], and
# the options named in PASSED ("--qemu --timeout"), which take a value and
# go to run-guest.sh. Sets chips (default: every chip), variants (default:
# real stub) and run_args. --help prints the script's usage comment.
guest_chips_args() {
    local passed=" $1 "
    shift
    chips=() variants=() run_args=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --chip) chips+=("${2:?}"); shift 2 ;;
            --firmware) variants+=("${2:?}"); shift 2 ;;
            -h|--help) sed -n '/^# usage/,/^#$/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
            -*) [[ "$passed" == *" $1 "* ]] || { nova_log "unknown argument: $1"; exit 2; }
                run_args+=("$1" "${2:?}"); shift 2 ;;
            *) chips+=("$1"); shift ;;
        esac
    done
    [ ${#chips[@]} -gt 0 ] || read -r -a chips <<< "$GUEST_CHIPS"
    local c
    for c in "${chips[@]}"; do guest_check_chip "$c"; done
    [ ${#variants[@]} -gt 0 ] || variants=(real stub)
}

# guest_row_chips_args DRIVER PASSED ARGS...: guest_chips_args for a test
# that boots a matrix row of DRIVER, with [--row ROW] besides (default:
# DRIVER's first row). The row's cells go to row_* (guest_matrix_row) and
# its name to row; its chips are the default chips.
guest_row_chips_args() {
    local driver=$1 passed=$2 r='' rest=()
    shift 2
    while [ $# -gt 0 ]; do
        case "$1" in
            --row) r=${2:?}; shift 2 ;;
            *) rest+=("$1"); shift ;;
        esac
    done
    guest_matrix_row "${r:-$(guest_matrix_rows "$driver" | head -n1)}"
    [ "$row_driver" = "$driver" ] || nova_die "row $row_name runs $row_driver, not $driver"
    row=$row_name
    GUEST_CHIPS=$row_chips guest_chips_args "$passed" "${rest[@]}"
}

# guest_qmp_wrapper FILE [ARG...]: write FILE, a QEMU for run-guest.sh
# --qemu: $qemu with a QMP socket at $NOVA_QMP_SOCK (set when it runs; see
# nova_qmp) and ARG... after run-guest.sh's arguments. With NOVA_QEMU_ARGS
# set, it also writes its arguments there, one a line (to start a second
# QEMU the same way).
guest_qmp_wrapper() {
    local file=$1 extra=''
    shift
    [ $# -eq 0 ] || extra=$(printf ' %q' "$@")
    cat > "$file" <<EOF_WRAP
#!/bin/bash
[ -z "\${NOVA_QEMU_ARGS:-}" ] || printf '%s\n' "\$@" > "\$NOVA_QEMU_ARGS"
exec $(printf '%q' "$qemu") -qmp "unix:\$NOVA_QMP_SOCK,server=on,wait=off" "\$@"$extra
EOF_WRAP
    chmod +x "$file"
}

# guest_case ROW: one row of the case tables of test-migration.sh and
# test-reset.sh ("name | driver | device options | when | probe", then two
# optional cells: "| kernel arguments | device state") into name, driver,
# opts, when, probe, append and device_state (trimmed), and debug: the kernel
# argument that makes the driver narrate the steps "when" names (nouveau's
# GSP steps), if it needs one. "device state" is a regex (Python's, no
# blanks) that HMP's "info nova-gpu" must match before the save or reset,
# once the console has shown "when" (the scripts wait for it: nova_qmp's
# "until"), e.g. "stalled" for a channel the ce-stall fault holds. A case
# whose kernel arguments run nouveau-submit (nova.submit=1) sets submit=1
# (guest_check_resumed then expects what its bad push provokes, and no
# other channel error; guest_submit_check checks its results).
guest_case() {
    IFS='|' read -r name driver opts when probe append device_state <<< "$1"
    name=$(guest_trim "$name") driver=$(guest_trim "$driver") opts=$(guest_trim "$opts")
    when=$(guest_trim "$when") probe=$(guest_trim "$probe")
    append=$(guest_trim "$append") device_state=$(guest_trim "$device_state")
    debug=''
    [ "$driver" != nouveau ] || debug='nouveau.debug=gsp=debug'
    submit=0
    [[ " $append " != *" nova.submit=1 "* ]] || submit=1
}

# guest_submit_check NAME LOG...: one TAP line ("$chip NAME: ..."): the
# nouveau-submit run whose console lines are in LOG... (in order: a
# migration's source then destination) ended with "NOVA-SUBMIT: done N 0",
# printed N ok lines, N > 0, and no FAIL line: every copy it checked came
# out whole, across whatever happened to the machine in between
guest_submit_check() {
    local name=$1 done_line np nf nok fails
    shift
    done_line=$(cat "$@" | grep -aE '^NOVA-SUBMIT: done [0-9]+ [0-9]+$' | tail -n1 || true)
    read -r _ _ np nf <<< "${done_line:-x x 0 1}"
    nok=$(cat "$@" | grep -acE '^NOVA-SUBMIT: ok ' || true)
    fails=$(cat "$@" | grep -aE '^NOVA-SUBMIT: FAIL ' | head -n1 || true)
    guest_check "$chip $name: nouveau-submit ended with every check ok (no data lost)" \
        "$([ "$np" -gt 0 ] && [ "$nf" = 0 ] && [ "$nok" = "$np" ] && [ -z "$fails" ] && echo 0 || echo 1)" \
        "${done_line:-no done line}, $nok ok lines${fails:+, $fails}; last: $(cat "$@" | grep -a '^NOVA-SUBMIT: ' | tail -n1)"
}

# What nouveau-submit's bad push (an opcode the host lacks, on a channel of
# its own) makes the device say, on purpose: the PBDMA's complaint, and the
# program's doorbell for the channel once it is stopped
GUEST_SUBMIT_COMPLAINTS='^nova-gpu: channel [0-9]+: (reserved method header|doorbell for a channel that is not scheduled)'
# ... and what must not follow a run of it: a job nouveau had to time out,
# a channel it could not idle, an MMU fault, a channel error (RC) other
# than the bad push's PBDMA error (type 32; r570's line names gfid and
# level before it)
GUEST_SUBMIT_BAD='job timeout|failed to idle channel|mmu fault|rc engn:[0-9a-f]+ chid:[0-9]+ (gfid:[0-9]+ level:[0-9]+ )?type:([^3]|3[^2])'

# guest_check_resumed NAME AGAIN LOG STATUS DETAIL BAD PROBE PROBE_LOG...:
# the checks test-migration.sh and test-reset.sh make of a guest that goes
# on after a restore or a reset, LOG being its console from then on (three
# TAP lines, named "$chip NAME: ..."). It ran to its end ("NAME: AGAIN, the
# guest ran to its end": QEMU's STATUS 0 and /init's poweroff marker;
# DETAIL goes in front of the last stage when not); the driver's PROBE line
# is in one of PROBE_LOG..., and an unbind/bind cycle worked in LOG; LOG
# has no line matching BAD, nor a device complaint, oops or WARNING. (nouveau's
# WARN at r535.c:1508 is about the ACPI _DSM that QEMU's pc and q35 machines
# give every slot: the platform, not the device. With submit=1 (guest_case),
# the two complaints nouveau-submit's bad push provokes on purpose, which
# test-submit.sh asserts, are expected too, and GUEST_SUBMIT_BAD is bad.)
guest_check_resumed() {
    local name=$1 again=$2 log=$3 status=$4 detail=$5 bad_re=$6 probe=$7 bad
    local label=${bad_re:+, $bad_re}
    shift 7
    if [ "${submit:-0}" = 1 ]; then
        bad_re=${bad_re:+$bad_re|}$GUEST_SUBMIT_BAD
        label+=", job timeout, MMU fault, channel error"
    fi
    guest_check "$chip $name: $again, the guest ran to its end" \
        "$([ "$status" = 0 ] && grep -aq 'NOVA-GUEST: stage=poweroff' "$log" && echo 0 || echo 1)" \
        "$detail, last: $(guest_last_stage "$log" "$driver")"
    guest_check "$chip $name: the driver's probe completed, and unbind/bind works after it" \
        "$(grep -aqE -- "$probe" "$@" &&
           grep -aqE "NOVA-GUEST: rebind 1: unbound, then driver=$driver" "$log" && echo 0 || echo 1)" \
        "last: $(guest_last_stage "$log" "$driver")"
    bad=$(grep -aE "^nova-gpu: |Kernel panic|BUG:|Oops|WARNING: CPU:${bad_re:+|$bad_re}" "$log" |
          grep -av 'gsp/r535.c:1508' |
          { if [ "${submit:-0}" = 1 ]; then grep -avE "$GUEST_SUBMIT_COMPLAINTS"; else cat; fi; } |
          head -n1 || true)
    guest_check "$chip $name: no fault, oops$label or device complaint after it" \
        "$([ -z "$bad" ] && echo 0 || echo 1)" "found: $bad"
}

# guest_wait_console LOG REGEX PID [SOCKET]: wait until the console LOG
# matches REGEX (and the monitor SOCKET exists, if named); fails if PID ends
# first. No clock: PID is a QEMU run under run-guest.sh's hang guard (or a
# wrapper of one), so it ends by itself if the guest never gets there.
guest_wait_console() {
    local log=$1 re=$2 pid=$3 sock=${4:-}
    while :; do
        if grep -aqE -- "$re" "$log" 2>/dev/null && { [ -z "$sock" ] || [ -S "$sock" ]; }; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
}

# guest_last_stage LOG [DRIVER]: how far a boot got, for error reports. The
# guest's own "NOVA-GUEST: stage=" markers win; before /init runs, fall back to
# kernel milestones. The last line of DRIVER (default nouveau) is appended
# since that is usually what a failure is about.
guest_last_stage() {
    local log=$1 name=${2:-nouveau} stage drv
    stage=$(grep -aoE 'NOVA-GUEST: stage=[a-z-]+' "$log" 2>/dev/null | tail -n1 || true)
    if [ -n "$stage" ]; then
        stage=${stage#NOVA-GUEST: }
    elif grep -aq 'Run /init as init process' "$log" 2>/dev/null; then
        stage="kernel started /init"
    elif grep -aq 'Linux version' "$log" 2>/dev/null; then
        stage="kernel booting"
    else
        stage="no kernel output"
    fi
    drv=$(grep -aE "(^|\] )$name " "$log" 2>/dev/null | tail -n1 | sed 's/^\[ *[0-9.]*\] //' || true)
    [ -z "$drv" ] || stage="$stage; last $name line: $drv"
    echo "$stage"
}

# guest_pinned_tree: the pinned kernel's source tree, built once
# (build-kernel.sh unpacks and builds it), for the tests that hand it to
# nova-ci as a user's tree would be (test-nova-ci.sh, test-lava.sh)
guest_pinned_tree() {
    bash "$GUEST_SRC/build-kernel.sh" >/dev/null &&
        echo "$NOVA_CACHE/src/linux-$NOVA_KERNEL_VERSION"
}

# guest_trim STR: STR without leading and trailing blanks (table cells)
guest_trim() { sed 's/^ *//; s/ *$//' <<< "$1"; }

# guest_check NAME STATUS DETAIL: one TAP line, "ok N - NAME" when STATUS is
# 0, else "not ok N - NAME # DETAIL" (NAME after $GUEST_TAG); counted in
# guest_n and guest_failed
guest_n=0 guest_failed=0
guest_check() {
    guest_n=$((guest_n + 1))
    if [ "$2" = 0 ]; then
        echo "ok $guest_n - $GUEST_TAG$1"
    else
        guest_failed=$((guest_failed + 1))
        echo "not ok $guest_n - $GUEST_TAG$1 # $3"
    fi
}
