#!/usr/bin/env bash
# shellcheck disable=SC2154  # chips, variants, run_args, row: set by lib-guest.sh
# The display (display=on, docs/display.md): boot nouveau (a nouveau row of
# tests/guest/matrix: Debian's 6.12 by default) once per chip with the
# display engine present, and have the guest's /init run its display stage
# (nova.display=1; nouveau.atomic=1, nouveau hides the atomic ioctl
# without it): text on fbcon's console, then nova-kms (nova-kms.c: KMS
# dumb buffers and atomic commits in XRGB8888 and RGB565, then vblank
# waits). display-check.py takes a QMP screendump at each step and judges
# it: the console's text against the kernel font's rendering, the KMS
# pattern pixel for pixel, the vblank rate against the mode's. Then the
# log: no device complaint, no driver timeout. Output is TAP on stdout;
# boot progress goes to stderr.
#
# usage: test-display.sh [--row ROW] [--chip CHIP ...] [CHIP ...] [--firmware real|stub ...]
#                        [--qemu PATH] [--timeout SECONDS]
#   --row   the matrix's nouveau row: nouveau-6.12 (default) or nouveau-7.2
#   (default: the row's chips with Debian's real firmware; the display
#   takes the same firmware paths with the stand-ins, which the other
#   suites boot)
# NOVA_GUEST_MACHINE=pc|q35: the machine the guests boot (default pc)
#
# Exit status: 0 if every assertion passed, 1 otherwise.
set -euo pipefail
NOVA_LOG_TAG=test-display
. "$(dirname "$0")/lib-guest.sh"

guest_row_chips_args nouveau "--qemu --timeout" "$@"
[ "${#variants[@]}" -ne 2 ] || variants=(real)     # the default: see the usage

build=$(nova_qemu_build)
py=$(nova_qemu_python "$build")
# the reference font: the pinned tree's (Debian's 6.12 has the same VGA 8x16)
font="$(guest_pinned_tree)/lib/fonts/font_8x16.c"
[ -f "$font" ] || nova_die "no $font"

# display-check.py's checks, then these of the log
NCHECKS=13
# the faults, on the first chip: disp-channel-error (a plain boot, 4 checks)
# and vblank-lost (display-check.py's, the log's 2)
NFAULT=$((4 + NCHECKS + 2))
echo "1..$(( (NCHECKS + 2) * ${#chips[@]} * ${#variants[@]} + NFAULT ))"

# display-check.py FAULT_OPTS RUN_ARGS...: its CHECK lines as TAP ("$label:
# NAME"), padded to NCHECKS when it ended early; then the log's checks
display_boot() {
    local opts=$1 line status rest n=0
    shift
    rm -rf "$log" "$out"
    mkdir -p "$out"
    while IFS= read -r line; do
        [[ "$line" == "CHECK "* ]] || continue
        line=${line#CHECK }
        status=${line%% *} rest=${line#* }
        guest_check "$label: ${rest%% | *}" "$status" "${rest#* | }"
        n=$((n + 1))
    done < <(PYTHONPATH='' /usr/bin/python3 "$GUEST_SRC/display-check.py" $opts \
                 --qmp-python "$py" --font "$font" --out "$out" -- \
                 bash "$GUEST_SRC/run-guest.sh" "$@" --log "$log" \
                 --append "nova.display=1 nouveau.atomic=1" "${run_args[@]}" || true)
    while [ "$n" -lt "$NCHECKS" ]; do
        guest_check "$label: display-check.py check $((n + 1))" 1 \
            "display-check.py ended early; last: $(guest_last_stage "$log")"
        n=$((n + 1))
    done
    touch "$log"
    log_checks
}

# the log's checks: no device complaint, oops or WARNING (but nouveau's
# WARN at r535.c:1508, about the machine's ACPI: see lib-guest.sh), and no
# display timeout in the driver
log_checks() {
    local bad
    bad=$(grep -aE "^nova-gpu: |Kernel panic|BUG:|Oops|WARNING: CPU:" "$log" |
          grep -av 'gsp/r535.c:1508' | head -n1 || true)
    guest_check "$label: no device complaint, oops or WARNING" \
        "$([ -z "$bad" ] && echo 0 || echo 1)" "found: $bad"
    bad=$(grep -aE "$TIMEOUTS" "$log" | head -n1 || true)
    guest_check "$label: no display timeout in the driver" \
        "$([ -z "$bad" ] && echo 0 || echo 1)" "found: $bad"
}
TIMEOUTS='notifier timeout|wndw-[0-9]+: timeout|flip_done timed out|vblank wait timed out|\[CRTC:[0-9]+:[^]]*\] .*timed out'

for chip in "${chips[@]}"; do
for fw in "${variants[@]}"; do
    log="$GUEST_LOGS/$chip-$row-display-$fw.log"
    out="$GUEST_LOGS/$chip-$row-display-$fw"
    label="$row $chip ($fw firmware)"
    display_boot '' --chip "$chip" --row "$row" --firmware "$fw" --extra-device-opts display=on,id=nova0
done
done

# disp-channel-error: the first core UPDATE (fbcon's first mode set) stops
# the core channel; nouveau times out on its notifier, says so, and the
# boot goes on (a plain boot: the display stage would wait on every commit)
chip=${chips[0]} fw=${variants[0]}
log="$GUEST_LOGS/$chip-$row-display-fault-channel-error-$fw.log"
label="$row $chip ($fw firmware) disp-channel-error"
rm -f "$log"
status=0
bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --row "$row" --firmware "$fw" --log "$log" \
    --extra-device-opts "display=on,fault=disp-channel-error:times=1" "${run_args[@]}" ||
    status=$?
touch "$log"
guest_check "$label: nouveau reports the core channel's notifier timeout" \
    "$(grep -aqE 'nouveau [0-9a-f:.]+: drm: core notifier timeout' "$log" && echo 0 || echo 1)" \
    "no such line; $(guest_last_stage "$log")"
guest_check "$label: nouveau still registers fbcon's framebuffer" \
    "$(grep -aqE '\[drm\] fb0: nouveaudrmfb frame buffer device' "$log" && echo 0 || echo 1)" \
    "$(guest_last_stage "$log")"
guest_check "$label: the guest ran to its end" \
    "$([ "$status" = 0 ] && grep -aq 'NOVA-GUEST: stage=poweroff' "$log" && echo 0 || echo 1)" \
    "QEMU status $status; $(guest_last_stage "$log")"
bad=$(grep -aE "^nova-gpu: |Kernel panic|BUG:|Oops|WARNING: CPU:" "$log" |
      grep -av 'gsp/r535.c:1508' | head -n1 || true)
guest_check "$label: no device complaint, oops or WARNING" \
    "$([ -z "$bad" ] && echo 0 || echo 1)" "found: $bad"

# vblank-lost: no vblank interrupt at all. nouveau's commits do not need
# one (they wait on notifiers): the screen checks pass as before, and
# nova-kms's vblank wait times out
log="$GUEST_LOGS/$chip-$row-display-fault-vblank-lost-$fw.log"
out="$GUEST_LOGS/$chip-$row-display-fault-vblank-lost-$fw"
label="$row $chip ($fw firmware) vblank-lost"
display_boot --vblank-lost --chip "$chip" --row "$row" --firmware "$fw" \
    --extra-device-opts "display=on,id=nova0,fault=vblank-lost"

[ "$guest_failed" = 0 ] || { nova_log "$guest_failed of $guest_n assertions failed; logs in $GUEST_LOGS/"; exit 1; }
