#!/usr/bin/env bash
# shellcheck disable=SC2154  # chips, variants, run_args: set by lib-guest.sh (guest_chips_args)
# Boot nouveau (a nouveau row of tests/guest/matrix: Debian's 6.12 by
# default) with acceleration once per chip and firmware set, and have the guest's /init run nouveau-submit (nova.submit=1): work
# submitted through nouveau's VM_BIND/EXEC UAPI as NVK submits it, on a
# copy-engine channel. Checks that nouveau brought up its own channels,
# fences and TTM's copy engine, and every NOVA-SUBMIT line the program
# prints. Output is TAP on stdout; boot progress goes to stderr.
#
# usage: test-submit.sh [--row ROW] [--chip CHIP ...] [CHIP ...] [--firmware real|stub ...]
#                       [--qemu PATH] [--timeout SECONDS]
#   --row   the matrix's nouveau row: nouveau-6.12 (default) or nouveau-7.2
#   (default: the row's chips, each with Debian's real firmware
#   and with nova-gpu's stand-ins; --qemu and --timeout go to run-guest.sh)
# NOVA_GUEST_MACHINE=pc|q35: the machine the guests boot (default pc; docs/guest-tests.md)
#
# Checks the device cannot pass yet carry a TODO mark (TAP's expected
# failure) naming the missing work; one that passes is a real failure
# ("unexpected pass: remove the TODO mark"), as in test-nova-core.sh.
#
# Exit status: 0 if every assertion passed or failed as expected, 1 otherwise.
set -euo pipefail
NOVA_LOG_TAG=test-submit
. "$(dirname "$0")/lib-guest.sh"

# The assertions, in the order things happen:
#   NAME | KIND | ARGUMENT | TODO
# Fields are separated by " | "; "-" is an empty field.
# KIND "log":    ARGUMENT, an extended regex, matches a line of the log
#                ("D:" stands for "nouveau 0000:00:02.0: ", any address)
# KIND "nolog":  ARGUMENT matches no line of the log
# KIND "submit": the program printed "NOVA-SUBMIT: ok ARGUMENT"
# KIND "done":   the program ended with "NOVA-SUBMIT: done N 0", N > 0
# KIND "exit":   the guest powered itself off (QEMU status 0, /init's marker)
# KIND "scrubber": Turing on GSP-RM r570 only (other boots do not count it):
#                the RPC transcript shows nouveau's GR scrubber set-up, the
#                control ARGUMENT answered NV_OK on the scrubber's VA space
#                client (r570_gr_scrubber_init, when GR is first used)
# TODO: "-" when it must pass today, else why it is expected to fail;
#       "CHIP: why" expects the failure on that chip only.
#
# nouveau_accel_init (nouveau_drm.c) prints nothing when all goes well but
# "MM: using COPY for buffer copies" (nouveau_bo_move_init found the copy
# class on its CE channel: TTM moves go through the engine, not the CPU);
# its errors are the "failed to ..." lines, GSP-RM's refusals "RM_ALLOC:
# 0x..." and "ctrl cmd:0x... failed" (r535, printed at any debug level).
# The bad push: GSP-RM's RC_TRIGGERED event ("gsp: rc engn:... type:32";
# r570's line has gfid and level before the type),
# ROBUST_CHANNEL_PBDMA_ERROR: the PBDMA met an opcode it does not have),
# then nouveau's "channel N killed!" (the client's line); "job timeout"
# would mean nouveau had to kill it itself, the device never reporting the
# error.
ASSERTIONS=$(cat <<'EOF'
nouveau probed, DRM device registered | log | \[drm\] Initialized nouveau [0-9.]+ for [0-9a-f:.]+ on minor 0 | -
accel: no channel, fence or sync error | nolog | D:(failed to (initialise sync subsystem|create ce channel|create kernel channel|allocate sw or blit class)|channel failed to initialise|Failed to request channel kill)|fifo: one-time init failed | -
GSP-RM accepts every alloc and control | nolog | gsp: RM_ALLOC: 0x|ctrl cmd:0x[0-9a-f]+ failed | -
accel: TTM moves buffers with the copy engine | log | D:drm: MM: using COPY for buffer copies | -
the program ran | log | ^NOVA-SUBMIT: ok open: | -
GETPARAM: chipset, VRAM size, push max | submit | getparam | -
VM_INIT: kernel VA below, user VA above | submit | vm-init | -
CHANNEL_ALLOC (copy) and GROBJ_ALLOC of the copy class | submit | channel-alloc | -
GEM_NEW (VRAM, GART), VM_BIND, SYNCOBJ_CREATE | submit | buffers | -
copy 4099 bytes GART -> VRAM | submit | copy-4099-gart-to-vram | -
copy 4099 bytes VRAM -> GART | submit | copy-4099-vram-to-gart | -
copy 3 MiB + 17 GART -> VRAM | submit | copy-3145745-gart-to-vram | -
copy 3 MiB + 17 VRAM -> GART | submit | copy-3145745-vram-to-gart | -
2D copy with pitches | submit | copy-2d | -
EXEC's out-fence signalled without error | submit | syncobj-signalled | -
memset by SET_REMAP_CONST | submit | memset-remap-const | -
1000 submissions, payloads in sequence | submit | loop-1000 | -
bad push: the fence ends with an error | submit | bad-push-fence | -
bad push: the channel is killed (EXEC: ENODEV) | submit | bad-push-channel-killed | -
bad push: GSP-RM reports a PBDMA error (RC, type 32) | log | D:gsp: rc:? engn:[0-9a-f]{8} chid:[0-9]+ (gfid:[0-9]+ level:[0-9]+ )?type:32 | -
bad push: reported by the device, not nouveau's job timeout | log | D:[^ ]+\[[0-9]+\]: channel [0-9]+ killed! | -
bad push: no job timeout | nolog | job timeout, channel | -
the other channel works on | submit | first-channel-unaffected | -
a new channel works after the error | submit | new-channel-after-error | -
TTM move VRAM -> GART keeps the bytes | submit | ttm-move-vram-to-gart | -
TTM move GART -> VRAM keeps the bytes | submit | ttm-move-gart-to-vram | -
a graphics channel and its 3D object (GR init) | submit | gr-channel | -
GR scrubber channel set up (INTERNAL_KGR_INIT_BUG4208224_WAR) | scrubber | 20800a46 | -
the program ended, nothing failed | done | - | -
channels idle at teardown | nolog | D:.*failed to idle channel | -
no oops, panic or BUG | nolog | Kernel panic|BUG:|Oops | -
BAR accesses without MMU faults | nolog | nova-gpu: BAR[12] access at .* faulted | -
guest powered off (QEMU exit 0) | exit | - | -
EOF
)

guest_row_chips_args nouveau "--qemu --timeout" "$@"

nrows=$(grep -c . <<< "$ASSERTIONS")
nscrub=$(grep -c '| scrubber |' <<< "$ASSERTIONS")
# scrubber rows count on Turing with r570 only
scrubber_applies() { [ "$1" = tu102 ] && [[ "$row_gsp" == 570.* ]]; }
plan=0
for chip in "${chips[@]}"; do
    per=$nrows
    scrubber_applies "$chip" || per=$((nrows - nscrub))
    plan=$((plan + per * ${#variants[@]}))
done
echo "1..$plan"
xfail=0    # and lib-guest.sh's guest_n, guest_failed

for chip in "${chips[@]}"; do
for fw in "${variants[@]}"; do
    log="$GUEST_LOGS/$chip-$row-submit-$fw.log"
    rm -f "$log"    # never judge a previous boot's output
    status=0
    bash "$GUEST_SRC/run-guest.sh" --chip "$chip" --row "$row" --firmware "$fw" \
        --log "$log" --append "nova.submit=1" "${run_args[@]}" || status=$?
    touch "$log"
    # the program's last word, for the reports
    last=$(grep -a '^NOVA-SUBMIT: ' "$log" | tail -n1 || true)

    while IFS=$'\x1f' read -r name kind arg todo; do
        name=$(guest_trim "$name") kind=$(guest_trim "$kind")
        arg=$(guest_trim "$arg") todo=$(guest_trim "$todo")
        [ "$arg" != - ] || arg=''
        [ "$todo" != - ] || todo=''
        case "$todo" in
            [a-z][a-z][0-9][0-9][0-9]:*)
                if [ "${todo%%:*}" = "$chip" ]; then todo=${todo#*: }; else todo=''; fi ;;
        esac
        re=${arg//D:/nouveau [0-9a-f]{4\}:[0-9a-f]{2\}:[0-9a-f]{2\}\\.[0-7]: }
        ok=0 why=''
        case "$kind" in
            scrubber)
                scrubber_applies "$chip" || continue
                python3 - "$log.transcript.jsonl" "$arg" <<'EOF_PY' && ok=1
import json, sys
want = int(sys.argv[2], 16)
for line in open(sys.argv[1]):
    m = json.loads(line)
    p = bytes.fromhex(m.get("params", ""))
    if m.get("dir") == "from-gsp" and m.get("function") == 76 and len(p) >= 16 and \
            int.from_bytes(p[8:12], "little") == want and int.from_bytes(p[12:16], "little") == 0:
        sys.exit(0)
sys.exit(1)
EOF_PY
                why="no control 0x$arg answered NV_OK in $log.transcript.jsonl"
                ;;
            log)
                grep -aqE -- "$re" "$log" && ok=1
                why="no such line; $(guest_last_stage "$log")"
                ;;
            nolog)
                if [ -s "$log" ] && ! grep -aqE -- "$re" "$log"; then
                    ok=1
                fi
                why="found: $(grep -aE -- "$re" "$log" | head -n1 | sed 's/^\[ *[0-9.]*\] //' || true)"
                ;;
            submit)
                if grep -aqE "^NOVA-SUBMIT: ok $arg(:|\$)" "$log"; then
                    ok=1
                elif grep -aqE "^NOVA-SUBMIT: FAIL $arg(:|\$)" "$log"; then
                    why=$(grep -aE "^NOVA-SUBMIT: FAIL $arg(:|\$)" "$log" | head -n1 || true)
                    why=${why#NOVA-SUBMIT: }
                else
                    why="no line; its last line: ${last:-none}"
                fi
                ;;
            done)
                done_line=$(grep -aE '^NOVA-SUBMIT: done [0-9]+ [0-9]+$' "$log" | tail -n1 || true)
                read -r _ _ np nf <<< "${done_line:-x x 0 1}"
                [ "$np" -gt 0 ] && [ "$nf" = 0 ] && ok=1
                why="${done_line:-no done line; its last line: ${last:-none}}"
                ;;
            exit)
                [ "$status" = 0 ] && grep -aq 'NOVA-GUEST: stage=poweroff' "$log" && ok=1
                why="QEMU status $status; $(guest_last_stage "$log")"
                [ "$status" != 124 ] || why="timeout; $why"
                ;;
            *) nova_die "bad assertion kind '$kind'" ;;
        esac
        guest_n=$((guest_n + 1))
        label="$GUEST_TAG$row $chip ($fw firmware): $name"
        if [ "$ok" = 1 ] && [ -z "$todo" ]; then
            echo "ok $guest_n - $label"
        elif [ "$ok" = 1 ]; then
            guest_failed=$((guest_failed + 1))
            echo "not ok $guest_n - $label unexpected pass: remove the TODO mark ($todo)"
        elif [ -n "$todo" ]; then
            xfail=$((xfail + 1))
            echo "not ok $guest_n - $label # TODO $todo; $why"
        else
            guest_failed=$((guest_failed + 1))
            echo "not ok $guest_n - $label # $why"
        fi
    done <<< "${ASSERTIONS// | /$'\x1f'}"
done
done

[ "$xfail" = 0 ] || nova_log "$xfail expected failures (TODO)"
[ "$guest_failed" = 0 ] || { nova_log "$guest_failed of $guest_n assertions failed; logs in $GUEST_LOGS/"; exit 1; }
