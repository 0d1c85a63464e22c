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

# The stages nouveau must pass, by name, are in tests/guest/stages/nouveau.stages
# (with the kernel arguments of the boot that judges them): the one list this
# test, nova-ci and its LAVA test definition check. nova-ci/nova_ci/stages.py
# judges a boot against it and prints the TAP lines.
STAGES="$NOVA_ROOT/nova-ci/nova_ci/stages.py"

# --- arguments -------------------------------------------------------------------
guest_row_chips_args nouveau "--qemu --timeout" "$@"
nrows=$(python3 "$STAGES" count nouveau)
append=$(python3 "$STAGES" append nouveau)
echo "1..$((nrows * ${#chips[@]} * ${#variants[@]}))"

n=0 failed=0

for chip in "${chips[@]}"; do
for fw in "${variants[@]}"; do
    log="$GUEST_LOGS/$chip-$row-$fw.log"
    rm -f "$log"    # never judge a previous boot's output
    set +e
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --row "$row" --firmware "$fw" \
        --log "$log" --append "$append" "${run_args[@]}"
    status=$?
    touch "$log"
    python3 "$STAGES" tap nouveau --log "$log" --transcript "$log.transcript.jsonl" \
        --status "$status" --chip "$chip" --gsp "$row_gsp" --first $((n + 1)) \
        --label "$GUEST_TAG$row $chip ($fw firmware)" || failed=$((failed + 1))
    set -e
    n=$((n + nrows))
done
done

[ "$failed" = 0 ] || { nova_log "$failed of ${#chips[@]}x${#variants[@]} boots had failed stages; logs in $GUEST_LOGS/"; exit 1; }
