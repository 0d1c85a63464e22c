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

# The stages of nova-core's probe, by name, are in
# tests/guest/stages/nova-core.stages: the one list this test, nova-ci and its
# LAVA test definition check. nova-ci/nova_ci/stages.py judges a boot against
# it and prints the TAP lines; a stage a later change cannot pass yet gets the
# missing work item in its TODO column there.
STAGES="$NOVA_ROOT/nova-ci/nova_ci/stages.py"

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

nrows=$(python3 "$STAGES" count nova-core)
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

# subst TEXT: nova-core's dev_*! prefix (driver name and PCI address) for
# "D:" (as in the stage file)
subst() {
    printf '%s' "${1//D:/nova-core [0-9a-f]{4\}:[0-9a-f]{2\}:[0-9a-f]{2\}\\.[0-7]: }"
}

for chip in "${chips[@]}"; do
for fw in "${variants[@]}"; do
    log="$GUEST_LOGS/$chip-nova-core-$fw.log"
    rm -f "$log"    # never judge a previous boot's output
    set +e
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --row "$row" --firmware "$fw" \
        --log "$log" "${run_args[@]}"
    status=$?
    touch "$log"
    python3 "$STAGES" tap nova-core --log "$log" --transcript "$log.transcript.jsonl" \
        --status "$status" --chip "$chip" --gsp "$row_gsp" --first $((guest_n + 1)) \
        --label "$GUEST_TAG$chip ($fw firmware)" || guest_failed=$((guest_failed + 1))
    set -e
    guest_n=$((guest_n + nrows))
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
            grep -acE "$(subst 'D:GPU name: NVIDIA ')" || true)
    unloads=$(sed -n '/NOVA-GUEST: dmesg-begin/,/NOVA-GUEST: dmesg-end/p' "$log" |
              grep -acE "$(subst 'D:GSP successfully unloaded')" || true)
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
            grep -acE "$(subst 'D:GPU name: NVIDIA ')" || true)
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

[ "$guest_failed" = 0 ] || { nova_log "$guest_failed of $guest_n assertions failed; logs in $GUEST_LOGS/"; exit 1; }
