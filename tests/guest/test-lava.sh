#!/usr/bin/env bash
# nova-ci's LAVA jobs on a real LAVA: a local lab from Debian's packages
# (nova-ci/lava/lava-local.sh: lava-server, lava-dispatcher, lavacli,
# PostgreSQL; installed on first use), one nova-gpu QEMU device. For each
# driver, on the pinned 7.2.8 tree as a user's tree: nova-ci boots the job on
# the host (its results.json), writes the same job for LAVA (--lava-jobs:
# the same kernel, initramfs and command line), lavacli submits it, and the
# results LAVA records are compared stage by stage with nova-ci's
# (nova-ci/lava/compare.py). The lab is stopped at the end. Output is TAP.
#
# usage: test-lava.sh
set -euo pipefail
NOVA_LOG_TAG=test-lava
. "$(dirname "$0")/lib-guest.sh"

lava="$NOVA_ROOT/nova-ci/lava"
tree=$(guest_pinned_tree) || { echo "Bail out! the kernel did not build"; exit 1; }
work="$NOVA_CHECKOUT_CACHE/lava-test"
rm -rf "$work"
mkdir -p "$work"


status=0
bash "$lava/lava-local.sh" setup >"$work/setup.log" 2>&1 || status=$?
guest_check "a local LAVA lab is up (lava-local.sh setup: server, scheduler, worker, device nova-gpu-01)" \
    "$status" "$(tail -n1 "$work/setup.log")"
if [ "$status" != 0 ]; then
    echo "1..$guest_n"
    exit 1
fi
trap 'bash "$lava/lava-local.sh" stop >>"$work/setup.log" 2>&1 || true' EXIT

for j in "nova-core ga102" "nouveau tu102"; do
    read -r driver chip <<< "$j"
    common=(--kernel "$tree" --driver "$driver" --chip "$chip" --firmware stub)
    status=0
    "$NOVA_ROOT/nova-ci/nova-ci" "${common[@]}" --out "$work/$driver" --json "$work/$driver.json" \
        >"$work/$driver.out" 2>&1 || status=$?
    guest_check "$driver $chip: nova-ci's own boot passes" "$status" "$(tail -n1 "$work/$driver.out")"
    jobfile=$("$NOVA_ROOT/nova-ci/nova-ci" "${common[@]}" --lava-jobs "$work/jobs-$driver" 2>>"$work/$driver.out")
    status=0
    bash "$lava/lava-local.sh" submit --results "$work/$driver-lava.yaml" "$jobfile" \
        >"$work/$driver-lava.out" 2>&1 || status=$?
    guest_check "$driver $chip: the LAVA job completes, every test case passes" "$status" \
        "$(grep -E 'Incomplete|fail\]|did not finish' "$work/$driver-lava.out" | head -n1)"
    jobname=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["job"])' "$work/$driver.json")
    /usr/bin/python3 "$lava/compare.py" "$work/$driver.json" "$jobname" "$work/$driver-lava.yaml" \
        $((guest_n + 1)) > "$work/$driver-compare.tap" || true
    cat "$work/$driver-compare.tap"
    guest_n=$((guest_n + $(grep -c '^\(not \)\{0,1\}ok ' "$work/$driver-compare.tap")))
    guest_failed=$((guest_failed + $(grep -c '^not ok ' "$work/$driver-compare.tap" || true)))
done
echo "1..$guest_n"
[ "$guest_failed" = 0 ] || { nova_log "$guest_failed of $guest_n checks failed; outputs in $work"; exit 1; }
