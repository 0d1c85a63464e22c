#!/usr/bin/env bash
# Fuzzing campaigns, with ASan and UBSan: the engines' guest-facing parsers
# (libFuzzer harnesses in tests/fuzz) and QEMU's generic-fuzz target over the
# whole device (the asan build, NOVA_VARIANT=asan: clang, libFuzzer, ASan).
#
#   scripts/fuzz.sh [--jobs N] [--tap] CPU-SECONDS [HARNESS...]
#
#   CPU-SECONDS  each fuzzer runs until it has used this much CPU time (all
#                its threads), then stops gracefully (SIGUSR2: QEMU's vCPU
#                thread takes SIGUSR1); other load on the machine only makes
#                the campaign take longer
#   HARNESS      vbios gsp-queue falcon mmu pbdma disp qemu-generic qemu-generic-hotplug
#                (default: all). qemu-generic: the GPU behind a PCIe root
#                port, ECAM on (DMA and MSI reach config space);
#                qemu-generic-hotplug: the same with native hot-plug, so an
#                input can unplug the GPU (the rest of that run then has no
#                GPU: a target of its own)
#   --jobs N     fuzzers at once (default: the number of CPUs)
#   --tap        the smoke test's form: TAP lines, and a harness fails when
#                its coverage stays under its floor in tests/fuzz/coverage-floors
#                (a harness that went blind, as when every input fails early)
#
# Corpora live in $NOVA_CACHE/fuzz-corpus/HARNESS and grow from run to run;
# seeds from real boots ($NOVA_CACHE/fuzz-seeds/HARNESS, scripts/fuzz-seeds.sh)
# and the generated VBIOSes are read next to them. Crash inputs are written
# to $NOVA_CACHE/fuzz-crashes and make the script fail; every crash found
# should become a regression test. Each harness reports its executions, the
# CPU and wall time it took, its coverage (libFuzzer's cov/ft) and corpus.
set -euo pipefail
NOVA_LOG_TAG=fuzz
source "$(dirname "$0")/lib.sh"

jobs=$(nproc) tap=0
while [ $# -gt 0 ]; do
    case "$1" in
        --jobs) jobs=${2:?}; shift 2 ;;
        --tap) tap=1; shift ;;
        -*) nova_die "unknown option $1" ;;
        *) break ;;
    esac
done
cpu_budget=${1:-1800}
shift $(( $# > 0 ? 1 : 0 ))
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(vbios gsp-queue falcon mmu pbdma disp qemu-generic qemu-generic-hotplug)
crashes="$NOVA_CACHE/fuzz-crashes"
mkdir -p "$crashes"
# a smoke run's logs apart from a campaign's, which may be running
run=''
[ "$tap" = 0 ] || run=smoke-
bash "$NOVA_ROOT/scripts/setup-apt.sh"

# The ASan/UBSan engines build (clang), shared with the sanitize suite
b="$NOVA_CACHE/build/engines-asan-$NOVA_KEY"
[ -f "$b/build.ninja" ] || CC=clang-14 meson setup "$b" "$NOVA_ROOT" -Dfuzz=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
ninja -C "$b" >/dev/null
if [[ " ${harnesses[*]} " == *" qemu-generic"* ]]; then
    qemu_fuzz="$(NOVA_VARIANT=asan bash "$NOVA_ROOT/scripts/build-qemu.sh")/qemu-fuzz-x86_64"
fi

# The generated VBIOSes seed the VBIOS parser
mkdir -p "$NOVA_CACHE/fuzz-corpus/vbios"
for c in $(nova_chip_names); do
    "$b/nova-fwgen" vbios --chip "$c" -o "$NOVA_CACHE/fuzz-corpus/vbios/seed-$c.rom"
done

# CPU ticks of process $1 in $cpu_ticks: its own (self=1; fails once it has
# exited) or its reaped children's (self=0). Builtins only, so that polling
# costs no processes.
clk_tck=$(getconf CLK_TCK)
read_cpu_ticks() {
    local stat
    read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
    # the fields after "pid (comm) ": utime stime cutime cstime are 12-15
    local f=(${stat##*) })
    if [ "$2" = 1 ]; then
        [ "${f[0]}" != Z ] || return 1      # exited, not yet reaped
        cpu_ticks=$((f[11] + f[12] + f[13] + f[14]))
    else
        cpu_ticks=$((f[13] + f[14]))
    fi
}

# One campaign, in the background: runs the fuzzer, stops it at the budget
# (or at a wall-clock limit, in case it starves), writes a result line.
campaign() {
    local h=$1 out="$crashes/${run}fuzz-$1.out" corpus="$NOVA_CACHE/fuzz-corpus/$1"
    local seeds="$NOVA_CACHE/fuzz-seeds/${1%-hotplug}" start=$SECONDS pid cpu=0 status=0
    local wall_limit=$((cpu_budget * 4 + 300))
    local cmd=("$b/tests/fuzz/fuzz-$h")
    mkdir -p "$corpus"
    case "$h" in
        qemu-generic) cmd=("$qemu_fuzz" --fuzz-target=generic-fuzz-nova-gpu) ;;
        qemu-generic-hotplug) cmd=("$qemu_fuzz" --fuzz-target=generic-fuzz-nova-gpu-hotplug) ;;
    esac
    cmd+=(-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$crashes/$h-" "$corpus")
    [ ! -d "$seeds" ] || cmd+=("$seeds")
    # libFuzzer writes some artifacts relative to the working directory
    (cd "$crashes" && exec "${cmd[@]}") >"$out" 2>&1 &
    pid=$!
    while read_cpu_ticks "$pid" 1; do
        if [ $((cpu_ticks / clk_tck)) -ge "$cpu_budget" ] ||
                [ $((SECONDS - start)) -ge "$wall_limit" ]; then
            kill -USR2 "$pid" 2>/dev/null || true
            break
        fi
        sleep 1
    done
    # a graceful stop finishes the current input; one that never ends is a hang
    for _ in $(seq 120); do read_cpu_ticks "$pid" 1 || break; sleep 1; done
    if read_cpu_ticks "$pid" 1; then
        kill -KILL "$pid" 2>/dev/null
        echo "fuzz.sh: killed, did not stop on SIGUSR2" >> "$out"
    fi
    wait "$pid" || status=$?
    # all the CPU time it took, stopping included: this shell's reaped
    # children are the fuzzer and the pollers' sleeps
    read_cpu_ticks "$BASHPID" 0 && cpu=$((cpu_ticks / clk_tck))
    local runs cov ft crash=no
    runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$out" | grep -oE '[0-9]+$' | tail -n1 || true)
    # without final stats (killed), the last status line's count
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$out" | tr -d '#' | tail -n1 || true)
    cov=$(grep -oE 'cov: [0-9]+' "$out" | grep -oE '[0-9]+' | sort -n | tail -n1 || true)
    ft=$(grep -oE 'ft: [0-9]+' "$out" | grep -oE '[0-9]+' | sort -n | tail -n1 || true)
    if [ "$status" != 0 ] || grep -qE '^==[0-9]+==ERROR|runtime error:|deadly signal|did not stop' "$out"; then
        crash=yes
    fi
    printf '%s %s %s %s %s %s %s %s\n' "$h" "$crash" "${runs:-0}" "$cpu" \
        "$((SECONDS - start))" "${cov:-0}" "${ft:-0}" "$(ls "$corpus" | wc -l)" \
        > "$crashes/${run}fuzz-$h.result"
}

for h in "${harnesses[@]}"; do
    rm -f "$crashes/${run}fuzz-$h.result"
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    [ "$tap" = 1 ] || nova_log "fuzz-$h until ${cpu_budget} CPU-seconds"
    campaign "$h" &
done
wait

status=0 i=0
[ "$tap" = 0 ] || echo "1..${#harnesses[@]}"
for h in "${harnesses[@]}"; do
    i=$((i + 1))
    read -r _ crash runs cpu wall cov ft corpus < "$crashes/${run}fuzz-$h.result" ||
        { crash=yes runs=0 cpu=0 wall=0 cov=0 ft=0 corpus=0; }
    floor=$(awk -v h="$h" '$1 == h { print $2 }' "$NOVA_ROOT/tests/fuzz/coverage-floors")
    line="fuzz-$h: $runs runs in $cpu CPU-s ($wall s wall), cov $cov ft $ft, corpus $corpus inputs"
    bad=0
    if [ "$crash" = yes ]; then
        line+=", CRASH: see $crashes/${run}fuzz-$h.out and $crashes/$h-*"
        bad=1
    elif [ "$tap" = 1 ] && [ "$cov" -lt "${floor:-0}" ]; then
        line+=", coverage under its floor of ${floor}: the harness went blind?"
        bad=1
    else
        line+=", no crash"
    fi
    [ "$bad" = 0 ] || status=1
    if [ "$tap" = 0 ]; then
        echo "$line"
    elif [ "$bad" = 0 ]; then
        echo "ok $i - $line"
    else
        echo "not ok $i - $line"
    fi
done
exit "$status"
