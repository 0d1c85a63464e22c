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
NCHECKS=11
echo "1..$(( (NCHECKS + 2) * ${#chips[@]} * ${#variants[@]} ))"

for chip in "${chips[@]}"; do
for fw in "${variants[@]}"; do
    log="$GUEST_LOGS/$chip-$row-display-$fw.log"
    out="$GUEST_LOGS/$chip-$row-display-$fw"
    rm -rf "$log" "$out"
    mkdir -p "$out"
    n=0
    while IFS= read -r line; do
        [[ "$line" == "CHECK "* ]] || continue
        line=${line#CHECK }
        status=${line%% *} rest=${line#* }
        guest_check "$row $chip ($fw firmware): ${rest%% | *}" "$status" "${rest#* | }"
        n=$((n + 1))
    done < <(PYTHONPATH='' /usr/bin/python3 "$GUEST_SRC/display-check.py" \
                 --qmp-python "$py" --font "$font" --out "$out" -- \
                 bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --row "$row" --firmware "$fw" \
                 --log "$log" --extra-device-opts display=on \
                 --append "nova.display=1 nouveau.atomic=1" \
                 "${run_args[@]}" || true)
    while [ "$n" -lt "$NCHECKS" ]; do
        guest_check "$row $chip ($fw firmware): display-check.py check $((n + 1))" 1 \
            "display-check.py ended early; last: $(guest_last_stage "$log")"
        n=$((n + 1))
    done
    touch "$log"
    bad=$(grep -aE "^nova-gpu: |Kernel panic|BUG:|Oops|WARNING: CPU:" "$log" |
          grep -av 'gsp/r535.c:1508' | head -n1 || true)
    guest_check "$row $chip ($fw firmware): no device complaint, oops or WARNING" \
        "$([ -z "$bad" ] && echo 0 || echo 1)" "found: $bad"
    bad=$(grep -aE "notifier timeout|wndw-[0-9]+: timeout|flip_done timed out|vblank wait timed out|\[CRTC:[0-9]+:[^]]*\] .*timed out" "$log" |
          head -n1 || true)
    guest_check "$row $chip ($fw firmware): no display timeout in the driver" \
        "$([ -z "$bad" ] && echo 0 || echo 1)" "found: $bad"
done
done

[ "$guest_failed" = 0 ] || { nova_log "$guest_failed of $guest_n assertions failed; logs in $GUEST_LOGS/"; exit 1; }
