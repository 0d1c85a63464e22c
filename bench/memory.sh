#!/usr/bin/env bash
# QEMU's resident memory with a large VRAM against a small one: VRAM is
# sparse (RAM_NORESERVE, nothing touched until written), so 48 GiB of it
# should cost what 256 MiB does.
#   idle         QEMU running the firmware (SeaBIOS maps the BARs, no OS),
#                VmRSS after 3 s; three rounds, the median
#   after probe  the peak (VmHWM) of a guest boot in which nouveau probes
#                (Debian's 6.12, ga102, stand-in firmware)
# Records go to bench/run (bench/lib-bench.sh); target 1.0.
set -euo pipefail
NOVA_LOG_TAG=memory-bench
source "$(dirname "$0")/../scripts/lib.sh"
source "$NOVA_ROOT/bench/lib-bench.sh"

b=$(bash "$NOVA_ROOT/scripts/build-qemu.sh" | tail -n1)
qemu="$b/qemu-system-x86_64"
big=48G small=256M
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# idle_rss SIZE: KiB resident 3 s after start
idle_rss() {
    local pid kb
    "$qemu" -machine pc -accel tcg -m 512 -nodefaults -display none -monitor none \
        -device "nova-gpu,chip=ga102,vram-size=$1" >/dev/null 2>"$work/err" &
    pid=$!
    sleep 3
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$kb" ] || { cat "$work/err" >&2; nova_die "QEMU with vram-size=$1 did not start"; }
    echo "$kb"
}
ib=() is=()
for i in 1 2 3; do
    ib+=("$(idle_rss $big)")
    is+=("$(idle_rss $small)")
done
echo "idle VmRSS KiB: vram-size=$big ${ib[*]}; vram-size=$small ${is[*]}"
bench_record memory "QEMU resident, idle, vram-size=$big" "$(( $(bench_median "${ib[@]}") / 1024 ))" MiB \
    "the same with vram-size=$small" "$(( $(bench_median "${is[@]}") / 1024 ))" lower 1.0 "median of 3"

# A QEMU that reports its peak resident memory when it ends.
cat >"$work/qemu" <<WRAP
#!/usr/bin/env bash
"$qemu" "\$@" &
pid=\$!
while kill -0 "\$pid" 2>/dev/null; do
    awk '/^VmHWM:/ { print \$2 }' "/proc/\$pid/status" >"$work/hwm.tmp" 2>/dev/null &&
        [ -s "$work/hwm.tmp" ] && mv "$work/hwm.tmp" "$work/hwm"
    sleep 0.2
done
wait "\$pid"
WRAP
chmod +x "$work/qemu"
probe_hwm() {
    rm -f "$work/hwm"
    bash "$NOVA_ROOT/tests/guest/run-guest.sh" --no-transcript --chip ga102 --firmware stub --qemu "$work/qemu" \
        --extra-device-opts "vram-size=$1" --log "$work/guest-$1.log" >/dev/null 2>&1 ||
        { tail -20 "$work/guest-$1.log" >&2; nova_die "the guest with vram-size=$1 failed"; }
    grep -q 'NOVA-GUEST: driver=nouveau' "$work/guest-$1.log" ||
        nova_die "nouveau did not bind with vram-size=$1 (log: $work/guest-$1.log)"
    cat "$work/hwm"
}
pb=$(probe_hwm $big)
ps=$(probe_hwm $small)
echo "peak VmHWM KiB after nouveau's probe: vram-size=$big $pb; vram-size=$small $ps"
bench_record memory "QEMU peak resident, nouveau probed, vram-size=$big" "$((pb / 1024))" MiB \
    "the same with vram-size=$small" "$((ps / 1024))" lower 1.0 "ga102, 2 GiB guest"
