#!/usr/bin/env bash
# Boot a guest under QEMU (TCG) with one emulated nova-gpu and save its serial
# console. What boots is a row of the driver matrix (tests/guest/matrix): a
# kernel (Debian's 6.12, or the one build-kernel.sh builds: 7.2 with
# nova-core, nova-drm and nouveau as modules), a driver and the firmware of
# the GSP-RM release it requests. The guest's /init (tests/guest/init) loads
# the driver (or finds it probed), dumps dmesg and ends the VM, so a healthy
# run ends by itself.
#
# usage: run-guest.sh --chip CHIP [--row ROW | --driver nouveau|nova-core] [--qemu PATH]
#                     [--machine pc|q35] [--log FILE] [--timeout SECONDS]
#                     [--extra-device-opts STR] [--append KERNEL-ARGS]
#                     [--no-device] [--verbose] [--accel tcg|kvm]
#                     [--firmware real|stub] [--kernel BZIMAGE] [--qemu-arg ARG]...
#                     [--no-transcript] [--modules DIR] [--print-boot]
#                     [--mode device|vfio-user] [--vfu-socket PATH]
#
#   --row        the matrix row (nouveau-6.12, nouveau-7.2, nova-core-7.2, ...)
#   --driver     the first row of that driver: nouveau (default: nouveau-6.12)
#                or nova-core (nova-core-7.2)
#   --kernel     a built-kernel row: boot this bzImage instead of building one
#                (it must have the driver built in, or bring its modules: see
#                docs/guest-tests.md); KERNEL_SRC=/path builds yours instead
#   --qemu       default this checkout's build (scripts/build-qemu.sh):
#                $NOVA_CACHE/checkouts/KEY/build/current-default/qemu-system-x86_64
#   --machine    pc: i440FX, the GPU on the root bus; q35: the GPU behind a
#                PCIe root port (default $NOVA_GUEST_MACHINE, else pc)
#   --log        default $NOVA_CACHE/checkouts/KEY/guest/logs/<chip>-<row>-<firmware>.log
#                (logs-q35/ on q35)
#   --timeout    hang guard for the whole boot (default 600 s, some ten times
#                what a boot takes under ASan on a loaded 2-core machine): a
#                hung guest must fail, not hang; no test asserts a duration
#   --extra-device-opts  appended to "-device nova-gpu,chip=CHIP,"
#   --append     extra kernel command line arguments (e.g. nouveau.debug=...)
#   --firmware   real: Debian's firmware-nvidia-graphics (default);
#                stub: nova-gpu's generated stand-ins (nova-fwgen)
#   --no-device  boot without the GPU (checks the harness itself)
#   --verbose    stream the whole console to stderr, not just progress lines
#   --accel      QEMU's accelerator (default tcg; bench/mmio.sh adds a kvm
#                boot where /dev/kvm works)
#   --qemu-arg   one more QEMU argument (repeat it for more), e.g. a -trace
#                option (scripts/fuzz-seeds.sh records the BAR0 accesses)
#   --modules    with --kernel: the modules of that kernel, as build-kernel.sh
#                installs them (DIR/lib/modules/...), put in the initramfs
#                (nova-ci passes the build of a user's tree this way)
#   --print-boot build what the boot needs, then print it instead of booting,
#                one NAME=VALUE a line (shell-quoted): kernel, initrd,
#                append (the kernel command line) and device (the -device
#                argument); nova-ci's LAVA jobs boot exactly this
#   --no-transcript  no RPC transcript beside the log (bench/: writing it is
#                device time); the unmodelled report then reads the log only
#   --mode       device: -device nova-gpu in the VM's QEMU (default, or
#                $NOVA_GPU_MODE); vfio-user: the GPU served out of process by
#                vfu/nova-gpu-vfu (this checkout's default build) to a stock
#                QEMU (scripts/build-qemu.sh's client build, the default
#                --qemu then) through vfio-user-pci (docs/vfio-user.md). The
#                server's output (the device's complaints) is appended to the
#                log after the guest's; --qemu-arg goes to the VM's QEMU.
#                NOVA_VFU_CONTROL=PATH: the server's control socket there
#   --vfu-socket with --mode vfio-user: a server already running there (its
#                device options are its own: --extra-device-opts and the
#                transcript do not apply)
#
# Exit status: QEMU's (0 when the guest powered off), 124 on timeout, 2 on a
# usage error. The last stage the guest reached is reported on stderr.
set -euo pipefail
NOVA_LOG_TAG=run-guest
. "$(dirname "$0")/lib-guest.sh"

usage() { sed -n '/^# usage/,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit "${1:-2}"; }

chip='' driver=nouveau row='' firmware=real log='' timeout_s=$GUEST_HANG_GUARD extra='' append='' device=1 verbose=0
kernel='' qemu_args=() accel=tcg want_transcript=1 kmodules='' print_boot=0
mode=${NOVA_GPU_MODE:-device} qemu='' vfu_sock=''
while [ $# -gt 0 ]; do
    case "$1" in
        --chip) chip=${2:?}; shift 2 ;;
        --driver) driver=${2:?}; shift 2 ;;
        --row) row=${2:?}; shift 2 ;;
        --firmware) firmware=${2:?}; shift 2 ;;
        --qemu) qemu=${2:?}; shift 2 ;;
        --machine) guest_set_machine "${2:?}"; shift 2 ;;
        --log) log=${2:?}; shift 2 ;;
        --timeout) timeout_s=${2:?}; shift 2 ;;
        --extra-device-opts) extra=${2?}; shift 2 ;;
        --append) append=${2?}; shift 2 ;;
        --no-device) device=0; shift ;;
        --verbose) verbose=1; shift ;;
        --kernel) kernel=${2:?}; shift 2 ;;
        --qemu-arg) qemu_args+=("${2?}"); shift 2 ;;
        --accel) accel=${2:?}; shift 2 ;;
        --no-transcript) want_transcript=0; shift ;;
        --modules) kmodules=${2:?}; shift 2 ;;
        --print-boot) print_boot=1; shift ;;
        --mode) mode=${2:?}; shift 2 ;;
        --vfu-socket) vfu_sock=${2:?}; want_transcript=0; shift 2 ;;
        -h|--help) usage 0 ;;
        *) nova_log "unknown argument: $1"; usage ;;
    esac
done
[ -n "$chip" ] || usage
case "$mode" in
    device) qemu=${qemu:-$(nova_qemu_build default)/qemu-system-x86_64} ;;
    vfio-user)
        qemu=${qemu:-$(nova_qemu_build client)/qemu-system-x86_64}
        server_qemu=$(nova_qemu_build default)/qemu-system-x86_64
        [ -x "$server_qemu" ] || nova_die "no server QEMU at $server_qemu (scripts/build-qemu.sh)"
        [ "$print_boot" = 0 ] || nova_die "--print-boot describes an in-QEMU device (--mode device)"
        ;;
    *) nova_die "unknown --mode '$mode' (device, vfio-user)" ;;
esac
guest_check_chip "$chip"
# (a printed boot runs elsewhere: no transcript file of this machine's in it)
[ "$print_boot" = 0 ] || want_transcript=0
case "$driver" in
    nouveau|nova-core) ;;
    *) nova_die "unsupported driver '$driver' (supported: nouveau, nova-core)" ;;
esac
# row_kernel_kind, row_driver, row_gsp, row_chips (and the firmware's fw_*)
guest_matrix_row "${row:-$(guest_matrix_rows "$driver" | head -n1)}"
driver=$row_driver
[ -n "$kernel" ] && [ "$row_kernel_kind" != built ] &&
    nova_die "--kernel is for a row of the built kernel, not $row_name ($row_kernel)"
log=${log:-$GUEST_LOGS/$chip-$row_name-$firmware.log}
mkdir -p "$(dirname "$log")"
# Empty the log first: whatever fails below, nobody may read an older boot's
# output as this one's.
: > "$log"
[ -x "$qemu" ] || nova_die "no QEMU at $qemu (build it with scripts/build-qemu.sh, or pass --qemu)"

if [ "$row_kernel_kind" = debian ]; then
    bash "$GUEST_SRC/fetch-guest.sh"
    vmlinuz=$GUEST_VMLINUZ
    initrd=$(bash "$GUEST_SRC/mkinitramfs.sh" --chip "$chip" --driver "$driver" \
        --gsp "$row_gsp" --firmware "$firmware")
else
    modargs=()
    if [ -n "$kernel" ]; then
        [ -f "$kernel" ] || nova_die "--kernel $kernel: no such file"
        vmlinuz=$kernel
        if [ -n "$kmodules" ]; then
            [ -d "$kmodules" ] || nova_die "--modules $kmodules: no such directory"
            modargs=(--modules "$kmodules")
        fi
    else
        kdir=$(bash "$GUEST_SRC/build-kernel.sh" --print-dir)
        vmlinuz=$kdir/bzImage
        modargs=(--modules "$kdir/modules")
    fi
    initrd=$(bash "$GUEST_SRC/mkinitramfs.sh" --driver "$driver" --gsp "$row_gsp" \
        --chip "$chip" --firmware "$firmware" "${modargs[@]}")
fi

# Kernel command line:
#  console=ttyS0       the serial port is QEMU's stdio (-nographic)
#  loglevel=8          print KERN_DEBUG on the console too, so a guest that
#                      hangs before its dmesg dump still shows everything
#  panic=-1            reboot at once on a panic; with -no-reboot QEMU exits
#                      instead of waiting for the timeout (this is also how the
#                      nova-core kernel, which has no ACPI, ends: reboot -f)
#  firmware_class.dyndbg=+p  the firmware loader's dev_dbg lines for each
#                      file ("direct-loading ...", "Loaded FW: ..., sha256:
#                      ..."); by its module name, without blanks or quotes,
#                      so the line passes any shell or lab (LAVA) unchanged
#  nova.driver         read by the guest's /init
#  no_timer_check      skip the IO-APIC timer check: it counts timer ticks in
#                      a busy loop, and a vCPU starved by a loaded host (TCG,
#                      CI) fails it and panics ("IO-APIC + timer doesn't work")
#  nowatchdog          no soft/hard lockup detector: a starved vCPU is not a
#                      locked-up one, and its "BUG: soft lockup" would fail
#                      a test that asserts no BUG line
cmdline="console=ttyS0 loglevel=8 panic=-1 no_timer_check nowatchdog nova.driver=$driver"
cmdline+=" firmware_class.dyndbg=+p"
[ -z "$append" ] || cmdline+=" $append"

# -d guest_errors: the device's complaints about what the driver did (bad
# register writes, MMU faults on BAR accesses) land in the log with the
# console, so the tests can assert there are none. trace:nova_gpu_unimp_*:
# what the driver used that the model does not implement (registers, RPCs,
# controls, classes, methods), in the same stream, and the RPC transcript
# beside the log (LOG.transcript.jsonl): scripts/unmodelled.py reads both.
# The machine and the GPU's place in it: lib-guest.sh's guest_device_args.
gpu='' transcript=''
if [ "$device" = 1 ]; then
    gpu="nova-gpu,chip=$chip${extra:+,$extra}"
    if [ "$want_transcript" = 1 ] && [[ ",$extra" != *,transcript=* ]]; then
        transcript="$log.transcript.jsonl"
        rm -f "$transcript"
        gpu+=",transcript=$transcript"
    fi
fi
device_debug=(-d 'guest_errors,trace:nova_gpu_unimp_*')
vfu_dir='' vfu_pid=''
if [ "$mode" = vfio-user ] && [ -n "$gpu" ]; then
    # The server gets the device's options and the debug output; the VM gets
    # vfio-user-pci and guest memory the server can map (a shared memfd).
    if [ -z "$vfu_sock" ]; then
        vfu_dir=$(mktemp -d "${TMPDIR:-/tmp}/nova-vfu.XXXXXX")
        vfu_sock=$vfu_dir/gpu.sock
        rm -f "$log.server"
        "$NOVA_ROOT/vfu/nova-gpu-vfu" --qemu "$server_qemu" --socket "$vfu_sock" \
            --control "${NOVA_VFU_CONTROL:-$vfu_dir/control.sock}" --once "${gpu#nova-gpu,}" \
            -- "${device_debug[@]}" </dev/null 2>"$log.server" &
        vfu_pid=$!
        trap 'kill "$vfu_pid" 2>/dev/null || true; rm -rf "$vfu_dir"' EXIT
        for _ in $(seq 600); do
            [ -S "$vfu_sock" ] && grep -q '^nova-gpu-vfu: serving' "$log.server" && break
            kill -0 "$vfu_pid" 2>/dev/null || break
            sleep 0.1
        done
        [ -S "$vfu_sock" ] || { cat "$log.server" >&2; nova_die "the vfio-user server did not start (log: $log.server)"; }
    fi
    [ -S "$vfu_sock" ] || nova_die "--vfu-socket $vfu_sock: no server listens there"
    guest_device_args "{\"driver\":\"vfio-user-pci\",\"socket\":{\"path\":\"$vfu_sock\",\"type\":\"unix\"}}" nova-ram
    guest_args+=(-object memory-backend-memfd,id=nova-ram,size=2G,share=on)
    device_debug=()
else
    guest_device_args "$gpu"
fi
args=(-accel "$accel" "${guest_args[@]}" -m 2G -nographic -no-reboot -vga none -nic none
      "${device_debug[@]}"
      -kernel "$vmlinuz" -initrd "$initrd" -append "$cmdline")
args+=("${qemu_args[@]}")
if [ "$print_boot" = 1 ]; then
    printf 'kernel=%q\ninitrd=%q\nappend=%q\ndevice=%q\nmachine=%q\n' \
        "$vmlinuz" "$initrd" "$cmdline" "$gpu" "$GUEST_MACHINE"
    exit 0
fi

# Progress shown on stderr (unless --verbose): our markers, the driver's own
# lines and whatever explains a dead guest. The dmesg dump at the end repeats
# the console, so it is skipped there (it is in the log).
progress() {
    awk -v drv="$driver" '
        /NOVA-GUEST: dmesg-begin/ { skip = 1 }
        !skip && (index($0, drv " 0000:") || index($0, "nova-drm") || /NOVA-GUEST: (stage=|driver=|gpu=|modprobe|auxiliary|submit)|^NOVA-SUBMIT: |Kernel panic|BUG:|WARNING:|Oops|qemu-system|terminating on signal/) {
            print; fflush()
        }
        /NOVA-GUEST: dmesg-end/ { skip = 0 }'
}

nova_log "booting $chip ($row_name: $driver, $row_kernel, GSP-RM $row_gsp) on $GUEST_MACHINE with $qemu${vfu_pid:+ (the GPU out of process: vfio-user)}; log: $log"
start=$SECONDS
set +e
# -k: if QEMU ignores SIGTERM, kill it 10 s later. stdin is /dev/null so QEMU
# leaves the terminal alone; its own stderr goes into the log as well.
timeout -k 10 "$timeout_s" "$qemu" "${args[@]}" </dev/null 2>&1 \
    | sed -u 's/\r$//' | tee "$log" \
    | if [ "$verbose" = 1 ]; then cat >&2; else progress >&2; fi
status=${PIPESTATUS[0]}
set -e
if [ -n "$vfu_pid" ]; then
    # --once: the server ends when its client hangs up
    for _ in $(seq 300); do kill -0 "$vfu_pid" 2>/dev/null || break; sleep 0.1; done
    kill "$vfu_pid" 2>/dev/null || true
    wait "$vfu_pid" 2>/dev/null || true
    { echo "NOVA-VFU: the vfio-user server's output follows"; cat "$log.server"; } >> "$log"
fi

stage=$(guest_last_stage "$log" "$driver")
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    nova_log "TIMEOUT after ${timeout_s}s; last stage reached: $stage"
    status=124
elif [ "$status" != 0 ]; then
    nova_log "QEMU failed (status $status) after $((SECONDS - start))s; last stage reached: $stage"
else
    nova_log "QEMU exited after $((SECONDS - start))s; last stage reached: $stage"
fi
if [ "$device" = 1 ]; then
    nova_log "$(python3 "$NOVA_ROOT/scripts/unmodelled.py" "$log" ${transcript:+--transcript "$transcript"} |
                head -n1) (scripts/unmodelled.py $log${transcript:+ --transcript $transcript})"
fi
exit "$status"
