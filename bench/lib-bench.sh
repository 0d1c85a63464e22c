# Shared helpers for bench/*.sh. Source it after scripts/lib.sh.
#
# Every benchmark reports its figures as records, one JSON object a line,
# each a figure against a baseline measured in the same run:
#
#   {"group": "mmio", "name": "BAR0 read", "value": 812.0, "unit": "ns",
#    "baseline": "pci-testdev BAR0 read", "baseline_value": 790.0,
#    "ratio": 1.03, "better": "lower", "target": 1.1, "note": "TCG"}
#
#   group           mmio, boot, rpc, mmu, copy, submit, memory, build
#   value           the figure, in unit
#   baseline_value  the baseline, in the same unit
#   ratio           value / baseline_value unless the producer says otherwise
#                   (a median of per-round ratios, say)
#   better          "lower" (a cost: time, memory) or "higher" (a rate)
#   target          optional: the ratio the project aims for (ratio <= target
#                   when better is lower, >= when higher)
#   note            optional: a short remark (machine mode, sizes)
#
# Programs (engine benches, guest programs on the serial console) print a
# record as one line "BENCH {json}"; bench_collect picks those lines out of a
# log. Shell code writes one with bench_record. Records go to the file
# $NOVA_BENCH_OUT (bench/run sets it; appended to) and to stdout.

# bench_record GROUP NAME VALUE UNIT BASELINE BASELINE_VALUE BETTER [TARGET] [NOTE] [RATIO]
bench_record() {
    python3 - "$@" <<'PY' | bench_emit
import json, sys
a = sys.argv[1:] + [""] * 10
group, name, value, unit, base, bval, better, target, note, ratio = a[:10]
value, bval = float(value), float(bval)
rec = {"group": group, "name": name, "value": value, "unit": unit,
       "baseline": base, "baseline_value": bval,
       "ratio": round(float(ratio) if ratio else (value / bval if bval else 0), 4),
       "better": better}
if target:
    rec["target"] = float(target)
if note:
    rec["note"] = note
print(json.dumps(rec))
PY
}

# bench_emit: JSON records on stdin (one a line) to stdout and $NOVA_BENCH_OUT
bench_emit() {
    local line
    while IFS= read -r line; do
        printf 'BENCH %s\n' "$line"
        [ -z "${NOVA_BENCH_OUT:-}" ] || printf '%s\n' "$line" >>"$NOVA_BENCH_OUT"
    done
}

# bench_collect FILE...: the "BENCH {json}" lines of logs, as records
bench_collect() {
    sed -n 's/\r$//; s/^.*BENCH \({.*}\)$/\1/p' "$@" | bench_emit
}

# bench_median N...: the median of an odd count of numbers
bench_median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

# bench_engines_build TARGET...: build engine bench programs optimised (-O2,
# QEMU's level: the -O0 tree of scripts/build-tools.sh says nothing about
# what users run) in this checkout's own tree, and print the tree's path
bench_engines_build() {
    local b="$NOVA_CACHE/build/engines-bench-$NOVA_KEY"
    (
        flock 9
        if [ ! -f "$b/build.ninja" ]; then
            meson setup "$b" "$NOVA_ROOT" --buildtype=release -Doptimization=2 \
                >"$b.setup.log" 2>&1 || { cat "$b.setup.log" >&2; nova_die "meson setup failed"; }
        fi
        ninja -C "$b" "$@" >"$b.build.log" 2>&1 ||
            { cat "$b.build.log" >&2; nova_die "build of $* failed"; }
    ) 9>"$b.lock"
    echo "$b"
}
