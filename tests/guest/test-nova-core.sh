#!/usr/bin/env bash
# shellcheck disable=SC2154  # chip, qemu, name, driver, ...: set by lib-guest.sh (guest_chip_qemu_args, guest_case, guest_chips_args, guest_check)
# Boot the nova-core guest kernel (build-kernel.sh: Linux 7.2, nova-core and
# nova-drm as modules, loaded by /init) once per chip and firmware set against nova-gpu, and check
# how far nova-core's probe got, stage by stage. Output is TAP on stdout;
# build and boot progress go to stderr.
#
# usage: test-nova-core.sh [--row ROW] [--chip CHIP ...] [CHIP ...] [--firmware real|stub ...]
#                          [--qemu PATH] [--timeout SECONDS] [--kernel BZIMAGE]
#   (default: every chip of the chip table, nova-fwgen chips, each with
#   Debian's real 570.144 firmware and with nova-gpu's stand-ins; --qemu,
#   --timeout and --kernel go to run-guest.sh; KERNEL_SRC=/path builds your
#   tree instead of the pin)
# NOVA_GUEST_MACHINE=pc|q35: the machine the guests boot (default pc; docs/guest-tests.md)
#
# Stages nova-core has not reached yet on the model are marked TODO (TAP's
# expected failure), with the work item that is missing. A TODO stage that
# passes is reported as a real failure ("unexpected pass: remove the TODO
# mark"), so the mark is removed as soon as the model gets there.
#
# Exit status: 0 if every assertion passed or failed as expected, 1 otherwise.
set -euo pipefail
NOVA_LOG_TAG=test-nova-core
. "$(dirname "$0")/lib-guest.sh"

# --- what each chip must print -------------------------------------------------
# nova-core's identification line (drivers/gpu/nova-core/gpu.rs, Spec's
# Display): chipset, architecture and BOOT_42's revision (major 19:16, minor
# 15:12: "a.1" for the model's 0xa1), from the chip table (nova-fwgen chips).
declare -A IDENT=()
for c in $GUEST_CHIPS; do
    boot_42=$(nova_chip_fact "$c" boot_42)
    IDENT[$c]="Chipset: ${c^^}, Architecture: $(nova_chip_fact "$c" architecture), Revision: $(printf '%x\\.%x' $(((boot_42 >> 16) & 0xf)) $(((boot_42 >> 12) & 0xf)))"
done

# Every stage passes today: the falcon model carries nova-core to the RISC-V
# core, and the GSP-RM model through INIT_DONE and static info. A stage a
# later change cannot pass yet gets the missing work item in its TODO column.

# The stages, one per line, in the order nova-core's probe goes through them
# (Gpu::new in gpu.rs, then Gsp::boot in gsp/boot.rs and gsp/hal/tu102.rs):
#   NAME | KIND | ARGUMENT | TODO
# Fields are separated by " | " (with the spaces, so a regex may use "|");
# "-" is an empty field.
# KIND "log":    ARGUMENT is an extended regex that must match a line of the
#                serial log. @CHIP@ / @IDENT@ / @GSP@ are replaced by the chip
#                name, its identification text and the firmware release.
#                "D:" at the start of a line stands for nova-core's prefix
#                ("nova-core 0000:00:02.0: " on pc, "0000:01:00.0" on q35).
# KIND "before": ARGUMENT is "ERROR-REGEX >> LATER-REGEX": the stage has no
#                line of its own, so it passed if nova-core printed no
#                ERROR-REGEX line and went on to print LATER-REGEX.
# KIND "exit":   the guest ended itself (QEMU status 0, /init's last marker).
# KIND "clean":  ARGUMENT must match no line of the log.
# TODO: "-" when the stage must pass today; otherwise the reason it is
# expected to fail.
# Rust's dev_dbg! lines (nova-core's progress) are printed because the kernel
# has RUST_DEBUG_ASSERTIONS; "Loaded FW:" lines come from the firmware loader
# with dyndbg (run-guest.sh).
STAGES=$(cat <<'EOF'
identification (NVIDIA Chipset/Architecture/Revision) | log | D:NVIDIA \(@IDENT@\) | -
GFW boot completed | before | D:GFW boot did not complete >> D:Loaded FW: nvidia/@CHIP@/gsp/ | -
firmware gsp-@GSP@ loaded | log | D:Loaded FW: nvidia/@CHIP@/gsp/gsp-@GSP@\.bin, sha256: [0-9a-f]{64} | -
firmware bootloader-@GSP@ loaded | log | D:Loaded FW: nvidia/@CHIP@/gsp/bootloader-@GSP@\.bin, sha256: [0-9a-f]{64} | -
VBIOS parsed (FWSEC image found) | log | D:Found BIOS image: size: 0x[0-9a-f]+, type: (Ok\()?FwSec\)?, last: true | -
FWSEC-FRTS created WPR2 | log | D:WPR2: 0x[0-9a-f]+-0x[0-9a-f]+ | -
booter_load ran on SEC2 | log | D:SEC2 MBOX0: 0x0, | -
GSP RISC-V core booted | log | D:RISC-V active\? true | -
GSP command queue: SetRegistry sent | log | D:GSP RPC: send: seq# [0-9]+, function=SetRegistry, | -
CPU sequencer run by the driver | log | D:CPU Sequencer commands completed successfully | -
GSP-RM init done received | log | D:GSP RPC: receive: seq# [0-9]+, function=(Ok\()?GspInitDone | -
static info: GPU name | log | D:GPU name: NVIDIA [^ ] | -
nova-drm bound to nova-core.nova-drm.N | log | NOVA-GUEST: auxiliary nova-core\.nova-drm\.[0-9]+ parent=[0-9a-f:.]+ driver=nova-drm | -
no kernel oops, panic or warning | clean | Kernel panic|BUG:|Oops|WARNING: CPU:|rust_panic|panicked at | -
guest ended by itself (QEMU exit 0) | exit | - | -
EOF
)

# Unbind and bind: one more boot per chip (stand-in firmware) in which the
# guest's /init unbinds and binds nova-core REBIND_CYCLES times; every cycle
# runs the whole unload (UNLOADING_GUEST_DRIVER, FWSEC-SB, booter_unload)
# and probe again.
REBIND_CYCLES=10
REBIND_CHECKS=4
# Module unload and reload: one boot, ga102, where /init runs
# "modprobe -r; modprobe" RELOADS times.
RELOADS=3
RELOAD_CHECKS=3

# --- arguments -------------------------------------------------------------------
# the matrix's nova-core row (--row): its chips and GSP-RM release
guest_row_chips_args nova-core "--qemu --timeout --kernel" "$@"

nrows=$(grep -c . <<< "$STAGES")
modular=0
if ! printf '%s\n' "${run_args[@]}" | grep -qx -- --kernel; then
    modular=1
fi
echo "1..$(( nrows * ${#chips[@]} * ${#variants[@]} + ${#chips[@]} * REBIND_CHECKS + modular * RELOAD_CHECKS ))"

# Build the kernel first (once), so that a build failure is reported as such
# rather than as every boot failing.
if ! printf '%s\n' "${run_args[@]}" | grep -qx -- --kernel; then
    bash "$GUEST_SRC/build-kernel.sh" >/dev/null || {
        nova_log "building the nova-core kernel failed"
        echo "Bail out! the nova-core guest kernel did not build"
        exit 1
    }
fi

xfail=0    # and lib-guest.sh's guest_n, guest_failed (guest_check)

# subst CHIP TEXT: the @...@ placeholders and the D: prefix.
subst() {
    local chip=$1 re=$2
    re=${re//@CHIP@/$chip}
    re=${re//@IDENT@/${IDENT[$chip]}}
    re=${re//@GSP@/${row_gsp//./\\.}}
    # nova-core's dev_*! prefix: driver name and PCI address.
    re=${re//D:/nova-core [0-9a-f]{4\}:[0-9a-f]{2\}:[0-9a-f]{2\}\\.[0-7]: }
    printf '%s' "$re"
}

# First error line nova-core printed, for the reports. The firmware
# loader's "loading /lib/firmware/updates/... failed" debug lines are its
# normal search of the directories, not errors.
first_error() {
    grep -aE 'nova-core [0-9a-f:.]+: .*(fail|error|Error|unexpected|invalid|not |timeout|Unsupported)' "$1" \
        | grep -avE ': loading /lib/firmware/.* failed for no such file or directory' \
        | head -n1 | sed 's/^\[ *[0-9.]*\] //' || true
}

for chip in "${chips[@]}"; do
for fw in "${variants[@]}"; do
    log="$GUEST_LOGS/$chip-nova-core-$fw.log"
    rm -f "$log"    # never judge a previous boot's output
    set +e
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --row "$row" --firmware "$fw" \
        --log "$log" "${run_args[@]}"
    status=$?
    set -e
    touch "$log"
    reached=none
    err=$(first_error "$log")

    while IFS=$'\x1f' read -r name kind arg todo; do
        name=$(guest_trim "${name//@GSP@/$row_gsp}") kind=$(guest_trim "$kind")
        arg=$(guest_trim "$arg") todo=$(guest_trim "$todo")
        [ "$arg" != - ] || arg=''
        [ "$todo" != - ] || todo=''
        guest_n=$((guest_n + 1))
        ok=0 why=''
        case "$kind" in
            log)
                grep -aqE -- "$(subst "$chip" "$arg")" "$log" && ok=1
                ;;
            before)
                bad=$(subst "$chip" "${arg%% >> *}")
                later=$(subst "$chip" "${arg#* >> }")
                if grep -aqE -- "$bad" "$log"; then
                    why="found: $(grep -aoE -- "$bad" "$log" | head -n1)"
                elif grep -aqE -- "$later" "$log"; then
                    ok=1
                fi
                ;;
            clean)
                if [ -s "$log" ] && ! grep -aqE -- "$arg" "$log"; then
                    ok=1
                else
                    why="found: $(grep -aE -- "$arg" "$log" | head -n1 | sed 's/^\[ *[0-9.]*\] //')"
                fi
                ;;
            exit)
                [ "$status" = 0 ] && grep -aq 'NOVA-GUEST: stage=poweroff' "$log" && ok=1
                [ "$status" != 124 ] || why="timeout"
                [ "$status" = 0 ] || [ "$status" = 124 ] || why="QEMU status $status"
                ;;
            *) nova_die "bad assertion kind '$kind'" ;;
        esac
        # The last probe stage that passed (the checks after the stages don't count).
        if [ "$ok" = 1 ] && [ "$kind" != clean ] && [ "$kind" != exit ]; then
            reached=$name
        fi
        label="$GUEST_TAG$chip ($fw firmware): $name"
        if [ "$ok" = 1 ] && [ -z "$todo" ]; then
            echo "ok $guest_n - $label"
        elif [ "$ok" = 1 ]; then
            guest_failed=$((guest_failed + 1))
            echo "not ok $guest_n - $label unexpected pass: remove the TODO mark ($todo)"
        else
            detail="reached: $reached${err:+; first nova-core error: $err}${why:+; $why}"
            if [ -n "$todo" ]; then
                xfail=$((xfail + 1))
                echo "not ok $guest_n - $label # TODO $todo; $detail"
            else
                guest_failed=$((guest_failed + 1))
                [ "$kind" != exit ] || detail="$why; $(guest_last_stage "$log" nova-core)"
                echo "not ok $guest_n - $label # $detail"
            fi
        fi
    done <<< "${STAGES// | /$'\x1f'}"
    nova_log "$GUEST_TAG$chip ($fw): last stage reached: $reached${err:+; first error: $err}"
done
done


for chip in "${chips[@]}"; do
    log="$GUEST_LOGS/$chip-nova-core-rebind.log"
    rm -f "$log"
    status=0
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --driver nova-core --firmware stub \
        --append "nova.rebind=$REBIND_CYCLES" --log "$log" "${run_args[@]}" || status=$?
    cycles=$(grep -acE '^NOVA-GUEST: rebind [0-9]+: unbound, then driver=nova-core' "$log" || true)
    names=$(sed -n '/NOVA-GUEST: dmesg-begin/,/NOVA-GUEST: dmesg-end/p' "$log" |
            grep -acE "$(subst "$chip" 'D:GPU name: NVIDIA ')" || true)
    unloads=$(sed -n '/NOVA-GUEST: dmesg-begin/,/NOVA-GUEST: dmesg-end/p' "$log" |
              grep -acE "$(subst "$chip" 'D:GSP successfully unloaded')" || true)
    ok=0; [ "$cycles" = "$REBIND_CYCLES" ] && ok=1
    guest_check "$chip: $REBIND_CYCLES unbind/bind cycles, nova-core bound after each" "$((1 - ok))" "$cycles cycles"
    ok=0; [ "$names" = $((REBIND_CYCLES + 1)) ] && ok=1
    guest_check "$chip: every probe reached static info (GPU name)" "$((1 - ok))" "$names GPU names"
    ok=0; [ "$unloads" = "$REBIND_CYCLES" ] && ok=1
    guest_check "$chip: every unbind unloaded GSP-RM cleanly" "$((1 - ok))" "$unloads clean unloads"
    ok=0
    if [ "$status" = 0 ] && grep -aq 'NOVA-GUEST: auxiliary nova-core\.nova-drm\.[0-9]* .*driver=nova-drm' "$log" &&
       ! grep -aqE 'Kernel panic|BUG:|Oops|WARNING: CPU:|rust_panic|panicked at' "$log"; then
        ok=1
    fi
    guest_check "$chip: no oops or warning, nova-drm bound at the end, guest ended itself" "$((1 - ok))" \
        "QEMU status $status"
done

if [ "$modular" = 1 ]; then
    log="$GUEST_LOGS/ga102-nova-core-module-reload.log"
    rm -f "$log"
    status=0
    bash "$GUEST_SRC/run-guest.sh" --chip ga102 --driver nova-core \
        --firmware stub --append "nova.reload=$RELOADS" --log "$log" "${run_args[@]}" || status=$?
    reloads=$(grep -acE '^NOVA-GUEST: reload [0-9]+: unloaded=yes, then driver=nova-core' "$log" || true)
    names=$(sed -n '/NOVA-GUEST: dmesg-begin/,/NOVA-GUEST: dmesg-end/p' "$log" |
            grep -acE "$(subst ga102 'D:GPU name: NVIDIA ')" || true)
    ok=0; [ "$reloads" = "$RELOADS" ] && ok=1
    guest_check "ga102 module: $RELOADS unload/reload cycles, nova-core bound after each" "$((1 - ok))" "$reloads cycles"
    ok=0; [ "$names" = $((RELOADS + 1)) ] && ok=1
    guest_check "ga102 module: every load reached static info (GPU name)" "$((1 - ok))" "$names GPU names"
    ok=0
    if [ "$status" = 0 ] && ! grep -aqE 'Kernel panic|BUG:|Oops|WARNING: CPU:|rust_panic|panicked at' "$log"; then
        ok=1
    fi
    guest_check "ga102 module: no oops or warning, guest ended itself" "$((1 - ok))" "QEMU status $status"
fi

[ "$xfail" = 0 ] || nova_log "$xfail expected failures (TODO)"
[ "$guest_failed" = 0 ] || { nova_log "$guest_failed of $guest_n assertions failed; logs in $GUEST_LOGS/"; exit 1; }
