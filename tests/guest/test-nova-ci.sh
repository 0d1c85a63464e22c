#!/usr/bin/env bash
# nova-ci as a driver developer uses it, on the pinned 7.2.8 tree as a user's
# tree would be ($NOVA_CACHE/src/linux-VERSION, which build-kernel.sh unpacks):
#  1. the GitLab template's steps (nova-ci/gitlab/nova-ci.yml, both jobs, run
#     by run-steps.py as GitLab's shell executor would: setup, QEMU, the
#     tree's kernel, nova-ci) go from the source to a JUnit report for each
#     driver, with every job's artifacts; nova-core's job also arms a fault;
#  2. a deliberately broken expectation (a passing stage in fails.txt) and a
#     stage in skips.txt: nova-ci reports the unexpected pass, names it in its
#     JUnit report, skips the other, and exits 1.
# Output is TAP. The chips: NOVA_CI_TEST_CHIPS (default: nova-core on ga102,
# nouveau on tu102: one boot each, the stand-in firmware).
#
# usage: test-nova-ci.sh
# (a check's command ends "&& s=0 || s=$?": its status is the verdict, and
# set -e must not end the script on it)
set -euo pipefail
NOVA_LOG_TAG=test-nova-ci
. "$(dirname "$0")/lib-guest.sh"

# the pinned tree (build-kernel.sh unpacks it and builds it, once)
tree=$(guest_pinned_tree) || { echo "Bail out! the kernel did not build"; exit 1; }
work="$NOVA_CHECKOUT_CACHE/nova-ci-test"
rm -rf "$work"
mkdir -p "$work"

# junit_counts FILE: "TESTS FAILURES SKIPPED" of a JUnit report, or nothing
junit_counts() {
    python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(r.get("tests"), r.get("failures"), r.get("skipped"))' "$1" 2>/dev/null || true
}

echo "1..12"
# --- 1. the GitLab template's jobs ----------------------------------------------
jobs=("nova-core|ga102|--fault rpc-delay=1000:fn=65" "nouveau|tu102|")
for j in "${jobs[@]}"; do
    IFS='|' read -r driver chip args <<< "$j"
    status=0
    python3 "$NOVA_ROOT/nova-ci/gitlab/run-steps.py" --cwd "$work" "nova-ci:$driver" \
        CI_PROJECT_DIR="$tree" NOVA_GPU_DIR="$NOVA_ROOT" NOVA_CACHE="$NOVA_CACHE" \
        NOVA_CI_CHIPS="${NOVA_CI_TEST_CHIPS:-$chip}" NOVA_CI_ARGS="$args" \
        >"$work/$driver.out" 2>&1 || status=$?
    guest_check "GitLab job nova-ci:$driver: the template's steps pass (source to report)" "$status" \
        "$(grep -E '^(FAIL|Fail|Timeout|Crash|UnexpectedPass|NewFlake)|error' "$work/$driver.out" | head -n1)"
    read -r tests fails skipped <<< "$(junit_counts "$work/nova-ci-$driver.xml")"
    guest_check "GitLab job nova-ci:$driver: JUnit report with every stage, none failed" \
        "$([ "${tests:-0}" -gt 10 ] && [ "$fails" = 0 ] && echo 0 || echo 1)" "tests=${tests:-none} failures=$fails"
    jobdir=$(find "$work/nova-ci-results/$driver" -mindepth 2 -maxdepth 2 -type d -name '*-stub' 2>/dev/null | head -n1)
    missing=''
    for f in serial.log transcript.jsonl info-nova-gpu.txt; do
        [ -s "$jobdir/$f" ] || missing+=" $f"
    done
    grep -q '^device\[0\]: chip ' "$jobdir/info-nova-gpu.txt" 2>/dev/null || missing+=" (info nova-gpu text)"
    guest_check "GitLab job nova-ci:$driver: artifacts kept (serial log, transcript, info nova-gpu)" \
        "$([ -z "$missing" ] && echo 0 || echo 1)" "missing:$missing"
done
grep -q "^nova-core-7.2 ga102 stub fault=rpc-delay=1000:fn=65 .* ok" "$work/nova-core.out" && s=0 || s=$?
guest_check "nova-core: the fault job (rpc-delay) shows the driver's reaction" "$s"

# --- 2. a broken expectation ------------------------------------------------------
x="$work/xfails"
mkdir -p "$x"
echo "nova-core-7.2@stub@gsp-rm-init-done-received,Fail" > "$x/nova_core-ga102-fails.txt"
echo "@static-info-gpu-name$" > "$x/nova_core-ga102-skips.txt"
status=0
"$NOVA_ROOT/nova-ci/nova-ci" --kernel "$tree" --driver nova-core --chip ga102 --firmware stub \
    --expectations "$x" --junit "$work/broken.xml" --tap "$work/broken.tap" --out "$work/broken" \
    >"$work/broken.out" 2>&1 || status=$?
guest_check "broken expectation: nova-ci exits 1" "$([ "$status" = 1 ] && echo 0 || echo 1)" "status $status"
grep -q '^UnexpectedPass: nova-core-7.2 ga102 stub: GSP-RM init done received (fails.txt expects Fail' "$work/broken.out" && s=0 || s=$?
guest_check "broken expectation: the unexpected pass is reported by name" "$s"
python3 - "$work/broken.xml" <<'PY' && s=0 || s=$?
import sys, xml.etree.ElementTree as E
cases = {c.get("name"): c for c in E.parse(sys.argv[1]).iter("testcase")}
c = cases["nova-core-7.2@stub@gsp-rm-init-done-received"]
f = c.find("failure")
sys.exit(0 if f is not None and f.get("type") == "UnexpectedPass" else 1)
PY
guest_check "broken expectation: JUnit names it a failure (UnexpectedPass)" "$s"
python3 - "$work/broken.xml" <<'PY' && s=0 || s=$?
import sys, xml.etree.ElementTree as E
cases = {c.get("name"): c for c in E.parse(sys.argv[1]).iter("testcase")}
sys.exit(0 if cases["nova-core-7.2@stub@static-info-gpu-name"].find("skipped") is not None else 1)
PY
guest_check "skips.txt: the stage is reported skipped" "$s"
grep -q '# SKIP skips.txt' "$work/broken.tap" && s=0 || s=$?
guest_check "TAP report: the skipped stage is a SKIP" "$s"

[ "$guest_failed" = 0 ] || { nova_log "$guest_failed of $guest_n checks failed; outputs in $work"; exit 1; }
