#!/usr/bin/env bash
# A long fuzzing campaign over the engines' guest-facing parsers, with ASan
# and UBSan: the VBIOS walk, GSP-RM's queues, the falcon registers and
# firmware recognition.
#
#   scripts/fuzz.sh [SECONDS-PER-HARNESS [HARNESS...]]
#       (default 1800 s, every harness: vbios gsp-queue falcon mmu)
#
# Corpora live in $NOVA_CACHE/fuzz-corpus and grow from run to run; crashes
# are written to $NOVA_CACHE/fuzz-crashes and reported. Every crash found
# should become a unit test.
set -euo pipefail
NOVA_LOG_TAG=fuzz
source "$(dirname "$0")/lib.sh"

seconds=${1:-1800}
shift $(( $# > 0 ? 1 : 0 ))
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(vbios gsp-queue falcon mmu)
logdir="$NOVA_CACHE/fuzz-crashes"
mkdir -p "$logdir"
bash "$NOVA_ROOT/scripts/setup-apt.sh"
b="$NOVA_CACHE/build/engines-asan-$(printf '%s' "$NOVA_ROOT" | sha1sum | cut -c1-10)"
[ -f "$b/build.ninja" ] || CC=clang-14 meson setup "$b" "$NOVA_ROOT" -Dfuzz=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
ninja -C "$b" >/dev/null

status=0
for h in "${harnesses[@]}"; do
    corpus="$NOVA_CACHE/fuzz-corpus/$h"
    mkdir -p "$corpus"
    out="$logdir/fuzz-$h.out"
    nova_log "fuzz-$h for ${seconds}s"
    if "$b/tests/fuzz/fuzz-$h" -max_total_time="$seconds" -rss_limit_mb=4096 \
            -artifact_prefix="$logdir/fuzz-$h-" "$corpus" >"$out" 2>&1; then
        echo "fuzz-$h: $(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$out" | tail -n1), no crash, corpus $(ls "$corpus" | wc -l) inputs"
    else
        echo "fuzz-$h: CRASH: see $out and $logdir/fuzz-$h-*"
        status=1
    fi
done
exit "$status"
