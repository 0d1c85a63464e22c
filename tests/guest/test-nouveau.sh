#!/usr/bin/env bash
# shellcheck disable=SC2154  # chip, qemu, name, driver, ...: set by lib-guest.sh (guest_chip_qemu_args, guest_case, guest_chips_args, guest_check)
# Boot the guest once per chip with nouveau against nova-gpu and check what the
# kernel printed. Output is TAP on stdout; boot progress goes to stderr.
#
# usage: test-nouveau.sh [--row ROW] [--chip CHIP ...] [CHIP ...] [--firmware real|stub ...]
#                        [--qemu PATH] [--timeout SECONDS]
#   --row   the driver matrix's nouveau row (tests/guest/matrix): nouveau-6.12
#           (default: Debian's kernel, GSP-RM 535.113.01) or nouveau-7.2 (the
#           built kernel's nouveau, 570.144)
#   (default: the row's chips, each with Debian's real firmware and with
#   nova-gpu's stand-ins; --qemu and --timeout go to run-guest.sh)
# NOVA_GUEST_MACHINE=pc|q35: the machine the guests boot (default pc; docs/guest-tests.md)
#
# Exit status: 0 if every assertion passed, 1 otherwise.
set -euo pipefail
NOVA_LOG_TAG=test-nouveau
. "$(dirname "$0")/lib-guest.sh"

# --- what each chip must print -------------------------------------------------
# From the chip table (common/chip.c, nova-fwgen chips): the BOOT0 register
# value nouveau reports when it identifies the chip (hex, no 0x), and the
# version bytes of the device's generated VBIOS, as nouveau prints them once
# it has found the BIT table.
declare -A BOOT0=() VBIOS=()
for c in $GUEST_CHIPS; do
    BOOT0[$c]=$(nova_chip_fact "$c" boot_0)
    BOOT0[$c]=${BOOT0[$c]#0x}
    VBIOS[$c]=$(nova_chip_fact "$c" vbios_version)
done

# The assertions, one per line, in the order nouveau gets there:
#   NAME | KIND | ARGUMENT
# KIND "log":  ARGUMENT is an extended regex that must match a line of the
#              serial log. @CHIP@ / @CHIPUC@ / @BOOT0@ / @GSP@ / @VBIOS@ are
#              replaced by the chip name, its upper case, its BOOT0, the
#              GSP-RM version and the generated VBIOS's version; @GSPIDX@ by
#              the GSP's MC_ENGINE_IDX in that release's interrupt table.
# KIND "nolog": ARGUMENT must match no line of the log.
#              "Loaded FW: NAME, sha256: ..." is the firmware loader's debug
#              line (enabled by run-guest.sh's dyndbg=), printed once a request
#              fully succeeded, compressed or not.
# KIND "count2": ARGUMENT must match at least two lines (once per probe).
# KIND "unmodelled": scripts/unmodelled.py --check on the log and its RPC
#              transcript: nothing the driver used is unmodelled (a register,
#              RPC, control or class the model lacks is named on failure).
# KIND "exit": the guest powered itself off: QEMU exited with status 0 (not by
#              the timeout) and /init's last marker was printed.
# Later stages of bring-up add lines here.
ASSERTIONS=$(cat <<'EOF'
nouveau identifies the chip        | log  | nouveau 0000:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]: NVIDIA @CHIPUC@ \(@BOOT0@\)
firmware gsp/booter_load loaded    | log  | nouveau [0-9a-f:.]+: Loaded FW: nvidia/@CHIP@/gsp/booter_load-@GSP@\.bin, sha256: [0-9a-f]{64}
firmware gsp/booter_unload loaded  | log  | nouveau [0-9a-f:.]+: Loaded FW: nvidia/@CHIP@/gsp/booter_unload-@GSP@\.bin, sha256: [0-9a-f]{64}
firmware gsp/bootloader loaded     | log  | nouveau [0-9a-f:.]+: Loaded FW: nvidia/@CHIP@/gsp/bootloader-@GSP@\.bin, sha256: [0-9a-f]{64}
firmware gsp/gsp loaded            | log  | nouveau [0-9a-f:.]+: Loaded FW: nvidia/@CHIP@/gsp/gsp-@GSP@\.bin, sha256: [0-9a-f]{64}
VBIOS read from the device (BIT)   | log  | nouveau [0-9a-f:.]+: bios: version @VBIOS@
VBIOS stage passes                 | nolog | bios ctor failed|unable to locate usable image|section '.*' not found|fwsec-(frts|sb)\(v[0-9]+\)|gsp/fwsec\.c
FWSEC-FRTS found, loading on GSP   | log  | nouveau [0-9a-f:.]+: gsp:fwsec-frts: loading
FWSEC-FRTS ran (mailbox 0)         | log  | nouveau [0-9a-f:.]+: gsp:fwsec-frts: booted
FWSEC-FRTS created WPR2            | log  | nouveau [0-9a-f:.]+: gsp: fwsec-frts: WPR2 @ [0-9a-f]{8} - [0-9a-f]{8}
booter_load ran on SEC2 (mailbox 0) | log | nouveau [0-9a-f:.]+: sec2\(gsp\):booter-load: booted
falcon stages pass                 | nolog | boot failed|fwsec-frts: 0x|fwsec-sb: 0x|mbox badf|mbox badb
GSP-RM sequencer run by nouveau    | log  | nouveau [0-9a-f:.]+: gsp: seq: [0-9a-f]{8} [0-9a-f]{8}
GSP-RM static info taken (FB)      | log  | nouveau [0-9a-f:.]+: gsp: fb region 0: 0{16}-[0-9a-f]{16} .*comp:1 iso:1 prot:0
interrupt table: GSP vector        | log  | nouveau [0-9a-f:.]+: gsp:  0: engineIdx  @GSPIDX@ pmcIntrMask [0-9a-f]{8} stall 0000009b
BAR2 root set by UPDATE_BAR_PDE    | nolog | gsp:msg fn:70 |nvkm/subdev/bar/r535\.c
RM client/device/VASPACE for a VMM | log  | nouveau [0-9a-f:.]+: gsp: cli:0xc1d[0-9a-f]{5} obj:0x90f10000 ctrl cmd:0x90f10106
RM allocs and controls accepted    | nolog | RM_ALLOC: 0x|VMM allocation failed|ctrl cmd:0x(20800a5c|90f10106|20801112|20802a08|20800a42|208001b0|20800137|20800138|20801206|20800a32) failed
FIFO init: no engines, no error    | nolog | fifo: one-time init failed
DRM device registered              | log  | \[drm\] Initialized nouveau [0-9.]+ for [0-9a-f:.]+ on minor 0
unbind: FWSEC-SB ran               | log  | nouveau [0-9a-f:.]+: gsp:fwsec-sb: booted
unbind: booter_unload ran          | log  | nouveau [0-9a-f:.]+: sec2\(gsp\):booter-unload: booted
rebind: nouveau probes again       | log  | NOVA-GUEST: rebind 1: unbound, then driver=nouveau
rebind: DRM registered twice       | count2 | \[drm\] Initialized nouveau [0-9.]+ for [0-9a-f:.]+ on minor
BAR accesses without MMU faults    | nolog | nova-gpu: BAR[12] access at .* faulted
nothing the device refuses         | nolog | ^nova-gpu: 
nothing unmodelled (unmodelled.py) | unmodelled |
guest powered off (QEMU exit 0)    | exit |
EOF
)

# --- arguments -------------------------------------------------------------------
guest_row_chips_args nouveau "--qemu --timeout" "$@"
# the GSP's MC_ENGINE_IDX (nvrm/engine.h of the release)
case "$row_gsp" in
    535.*) gsp_idx=49 ;;
    *) gsp_idx=50 ;;
esac

nrows=$(grep -c . <<< "$ASSERTIONS")
echo "1..$((nrows * ${#chips[@]} * ${#variants[@]}))"

n=0 failed=0

for chip in "${chips[@]}"; do
for fw in "${variants[@]}"; do
    log="$GUEST_LOGS/$chip-$row-$fw.log"
    rm -f "$log"    # never judge a previous boot's output
    set +e
    # gsp=debug makes nouveau narrate the falcon steps and RPCs the
    # assertions name; one unbind/bind cycle runs the unload path and a
    # second probe.
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --row "$row" --firmware "$fw" \
        --log "$log" --append "nouveau.debug=gsp=debug nova.rebind=1" "${run_args[@]}"
    status=$?
    set -e
    stage=$(guest_last_stage "$log")

    while IFS='|' read -r name kind arg; do
        name=$(guest_trim "$name") kind=$(guest_trim "$kind") arg=$(guest_trim "$arg")
        n=$((n + 1))
        ok=0
        case "$kind" in
            log)
                re=${arg//@CHIP@/$chip}
                re=${re//@CHIPUC@/${chip^^}}
                re=${re//@BOOT0@/${BOOT0[$chip]}}
                re=${re//@GSP@/${row_gsp//./\\.}}
                re=${re//@GSPIDX@/$gsp_idx}
                re=${re//@VBIOS@/${VBIOS[$chip]//./\\.}}
                grep -aqE -- "$re" "$log" 2>/dev/null && ok=1
                ;;
            nolog)
                if [ -s "$log" ] && ! grep -aqE -- "$arg" "$log"; then ok=1; fi
                ;;
            count2)
                [ "$(grep -acE -- "$arg" "$log" 2>/dev/null)" -ge 2 ] && ok=1
                ;;
            unmodelled)
                report=$(python3 "$NOVA_ROOT/scripts/unmodelled.py" --check "$log" \
                         --transcript "$log.transcript.jsonl" 2>&1) && ok=1
                ;;
            exit)
                [ "$status" = 0 ] && grep -aq 'NOVA-GUEST: stage=poweroff' "$log" && ok=1
                ;;
            *) nova_die "bad assertion kind '$kind'" ;;
        esac
        if [ "$ok" = 1 ]; then
            echo "ok $n - $GUEST_TAG$row $chip ($fw firmware): $name"
        else
            failed=$((failed + 1))
            why="stage reached: $stage"
            [ "$kind" != exit ] || [ "$status" != 124 ] || why="timeout; $why"
            [ "$kind" != exit ] || [ "$status" = 0 ] || [ "$status" = 124 ] || why="QEMU status $status; $why"
            [ "$kind" != nolog ] || why="found: $(grep -aoE -- "$arg" "$log" | head -n1)"
            [ "$kind" != unmodelled ] || why=$(sed -n '1p; 2s/^ *//p' <<< "$report" | paste -sd';' -)
            echo "not ok $n - $GUEST_TAG$row $chip ($fw firmware): $name # $why"
        fi
    done <<< "$ASSERTIONS"
done
done

[ "$failed" = 0 ] || { nova_log "$failed of $n assertions failed; logs in $GUEST_LOGS/"; exit 1; }
