#!/usr/bin/env bash
# Build the initramfs for one guest-test boot:
#   busybox (static) + tests/guest/init
#   + the driver's modules: with --modules DIR the modules build-kernel.sh
#     installed in DIR (nova-core and nouveau of the built kernel; nothing
#     for a kernel of your own that has the drivers built in); for nouveau
#     without it, nouveau.ko and its dependency closure from the pinned
#     Debian kernel
#   + for nouveau: /bin/nouveau-submit (nouveau-submit.c, built static
#     here; /init runs it with nova.submit=1), /bin/mmio-bench
#     (bench/guest/mmio-bench.c, the same way; nova.bench=mmio), and the
#     display test's /bin/nova-kms (nova-kms.c) and
#     /etc/nova-console.txt (display/console.txt; nova.display=1)
#   + nvidia/<chip>/ firmware of GSP-RM release --gsp (default: 535.113.01
#     for nouveau, 570.144 for nova-core; tests/guest/matrix says which row
#     runs which), that chip only (to keep the image, and the guest's unpack
#     time under TCG, small), either
#       real: from the pinned firmware-nvidia-graphics package (535.113.01:
#             bookworm-backports', all of nvidia/<chip>/; 570.144: sid's,
#             only the nvidia/<chip>/gsp/*-570.144.bin files and Turing's
#             acr/bl.bin), or
#       stub: nova-gpu's generated stand-ins (firmware-stubs/, nova-fwgen)
#
# usage: mkinitramfs.sh --chip CHIP [--driver nouveau|nova-core] [--gsp RELEASE]
#                       [--firmware real|stub] [--modules DIR] [--out FILE]
#
# The image is cached in $NOVA_CACHE/guest/initramfs/, named after the kernel
# release (nouveau) or the driver, the chip and a hash of everything that
# shapes its content (init, this script, the firmware version, the modules),
# so a warm run is a file-exists check.
# Prints the image's path (or FILE) on stdout.
set -euo pipefail
NOVA_LOG_TAG=mkinitramfs
. "$(dirname "$0")/lib-guest.sh"

usage() { sed -n '/^# usage/,/^#$/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit "${1:-2}"; }

chip='' out='' firmware=real driver=nouveau moddir='' gsp_version=''
while [ $# -gt 0 ]; do
    case "$1" in
        --chip) chip=${2:?}; shift 2 ;;
        --driver) driver=${2:?}; shift 2 ;;
        --gsp) gsp_version=${2:?}; shift 2 ;;
        --firmware) firmware=${2:?}; shift 2 ;;
        --modules) moddir=${2:?}; shift 2 ;;
        --out) out=${2:?}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) nova_log "unknown argument: $1"; usage ;;
    esac
done
[ -n "$chip" ] || usage
guest_check_chip "$chip"
case "$firmware" in
    real|stub) ;;
    *) nova_die "--firmware must be real or stub, not '$firmware'" ;;
esac
case "$driver" in
    nouveau) gsp_version=${gsp_version:-$GUEST_GSP_VERSION} ;;
    nova-core) gsp_version=${gsp_version:-$NOVA_GSP_VERSION} ;;
    *) nova_die "--driver must be nouveau or nova-core, not '$driver'" ;;
esac
# fw_fetch, fw_dir, fw_version, fw_layout, fw_set
guest_firmware "$driver" "$gsp_version"

bash "$GUEST_SRC/fetch-guest.sh" "$fw_fetch"
# Debian's kernel, when nouveau comes from it
[ -n "$moddir" ] || [ "$driver" != nouveau ] || [ "$fw_fetch" = nouveau ] ||
    bash "$GUEST_SRC/fetch-guest.sh" nouveau

# The stand-ins are generated first, so that their content is part of the key.
stubdir=''
if [ "$firmware" = stub ]; then
    tools=$(bash "$NOVA_ROOT/scripts/build-tools.sh")
    stubdir=$(mktemp -d)
    trap 'rm -rf "$stubdir"' EXIT
    "$tools/nova-fwgen" firmware --chip "$chip" --set "$fw_set" --out "$stubdir" >/dev/null
    fwkey=$(cd "$stubdir" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum)
else
    fwkey="$fw_version $gsp_version"
fi
modkey=''
if [ -n "$moddir" ]; then
    [ -d "$moddir/lib/modules" ] || nova_die "--modules $moddir has no lib/modules/"
    modkey=$(cd "$moddir" && find lib/modules -type f | LC_ALL=C sort | xargs sha256sum | sha256sum)
fi
# The guest's test programs (nouveau only: Debian's kernel and the built
# one's nouveau both run them): each one gcc -static call, cached per
# checkout under the hash of its sources and the compiler's version.
# guest_program NAME SOURCE [FILE...] [-- CFLAGS...]: build NAME from
# SOURCE (FILE...: what it includes), print its path, add it to modkey.
# (Warnings are shown, not fatal: a newer gcc's new warning must not stop
# every nouveau boot. The build is a rename: the guest and asan streams may
# build it at once; the older builds go, not another run's file in the
# making.)
guest_program() {
    local name=$1 src=$2 deps=() cflags=() srckey bin
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do deps+=("$1"); shift; done
    [ $# -eq 0 ] || { shift; cflags=("$@"); }
    srckey=$(cat "$src" ${deps[@]+"${deps[@]}"} <(gcc --version | head -n1) |
             sha256sum | cut -c1-12)
    bin="$NOVA_CHECKOUT_CACHE/guest/bin/$name-$srckey"
    if [ ! -x "$bin" ]; then
        mkdir -p "$(dirname "$bin")"
        gcc -static -O2 -s -Wall -Wextra ${cflags[@]+"${cflags[@]}"} -o "$bin.tmp.$$" "$src" >&2 ||
            nova_die "$(basename "$src") does not build"
        mv "$bin.tmp.$$" "$bin"
        find "$(dirname "$bin")" -name "$name-*" ! -name '*.tmp.*' \
            ! -name "$(basename "$bin")" -delete
    fi
    echo "$bin"
}
# nouveau-submit (/init runs it with nova.submit=1), bench/mmio.sh's
# mmio-bench (nova.bench=mmio), nova-kms (nova.display=1)
submit='' mmio_bench='' kms=''
if [ "$driver" = nouveau ]; then
    submit=$(guest_program nouveau-submit "$GUEST_SRC/nouveau-submit.c" \
             "$GUEST_SRC/nouveau-submit-uapi.h")
    mmio_bench=$(guest_program mmio-bench "$NOVA_ROOT/bench/guest/mmio-bench.c" \
                 "$NOVA_ROOT"/include/nova/regs.h "$NOVA_ROOT"/include/nova/regs/*.h \
                 -- -I"$NOVA_ROOT/include")
    kms=$(guest_program nova-kms "$GUEST_SRC/nova-kms.c" "$GUEST_SRC/nova-kms-uapi.h")
    modkey+=" $(basename "$submit") $(basename "$mmio_bench") $(basename "$kms")"
    modkey+=" $(sha256sum < "$GUEST_SRC/display/console.txt")"
fi
key=$(cat "$GUEST_SRC/init" "$0" <(echo "$fwkey $modkey") | sha256sum | cut -c1-12)
if [ "$driver" = nouveau ] && [ -z "$moddir" ]; then
    prefix=$GUEST_KREL
else
    prefix=$driver${moddir:+-modules}
fi
image="$GUEST_DIR/initramfs/$prefix-$chip-$firmware-$key.cpio.zst"

emit() {
    if [ -n "$out" ]; then
        cp "$image" "$out"
        echo "$out"
    else
        echo "$image"
    fi
}

if [ -f "$image" ]; then
    emit
    exit 0
fi

nova_log "building $(basename "$image")"
mkdir -p "$(dirname "$image")"
root=$(mktemp -d "$GUEST_DIR/initramfs/root.XXXXXX")
trap 'rm -rf "$root" ${stubdir:+"$stubdir"}' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,lib/firmware}

# --- busybox ---------------------------------------------------------------
# Applet links are made here rather than by "busybox --install" at boot, so the
# image is complete before init runs.
# It must be busybox-static's binary: the image has no libc.
if ldd /bin/busybox >/dev/null 2>&1; then
    nova_die "/bin/busybox is dynamically linked; install busybox-static (scripts/setup-apt.sh)"
fi
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
install -m 0755 "$GUEST_SRC/init" "$root/init"
[ -z "$submit" ] || install -m 0755 "$submit" "$root/bin/nouveau-submit"
[ -z "$mmio_bench" ] || install -m 0755 "$mmio_bench" "$root/bin/mmio-bench"
[ -z "$kms" ] || install -m 0755 "$kms" "$root/bin/nova-kms"
mkdir -p "$root/etc"
[ -z "$kms" ] || install -m 0644 "$GUEST_SRC/display/console.txt" "$root/etc/nova-console.txt"

# --- modules -----------------------------------------------------------------
nouveau_modules() {
# modprobe --show-depends lists the closure in load order as "insmod PATH"
# lines (and "builtin NAME" for built-in ones, which need nothing).
kroot="$GUEST_KERNEL_DIR"
kmods="$kroot/lib/modules/$GUEST_KREL"
groot="$root/lib/modules/$GUEST_KREL"
mkdir -p "$groot"
n=0
while read -r verb path _; do
    [ "$verb" = insmod ] || continue
    rel=${path#"$kmods/"}
    mkdir -p "$groot/$(dirname "$rel")"
    # The guest kernel could load .ko.xz itself, but busybox's modprobe and the
    # guest's unpack are simpler and faster with plain .ko files.
    case "$rel" in
        *.xz) xz -dc "$path" > "$groot/${rel%.xz}" ;;
        *.zst) zstd -qdc "$path" > "$groot/${rel%.zst}" ;;
        *) cp "$path" "$groot/$rel" ;;
    esac
    n=$((n + 1))
done < <(modprobe -d "$kroot" -S "$GUEST_KREL" --show-depends nouveau)
[ "$n" -gt 0 ] || nova_die "modprobe found no modules for nouveau in $kmods"
cp "$kmods"/modules.{order,builtin,builtin.modinfo} "$groot/"
depmod -b "$root" "$GUEST_KREL"
nova_log "$n modules"
}

# The modules build-kernel.sh installed, as they are; the kernel release is
# the one directory under lib/modules.
built_modules() {
    cp -r "$moddir/lib" "$root/"
    nova_log "$(find "$root/lib/modules" -name '*.ko' | wc -l) modules from $moddir"
}

if [ -n "$moddir" ]; then
    built_modules
elif [ "$driver" = nouveau ]; then
    nouveau_modules
fi

# --- firmware ----------------------------------------------------------------
dst="$root/lib/firmware/nvidia/$chip"
if [ "$firmware" = stub ]; then
    mkdir -p "$root/lib/firmware"
    cp -r "$stubdir/nvidia" "$root/lib/firmware/"
elif [ "$fw_layout" = files ]; then
    # Only the files of the release the driver requests, symlinks resolved
    # (ad102's gsp-570.144.bin points to ga102's, tu102's bootloader to the
    # 535 one), and for nouveau Turing's ACR bootloader (FWSEC runs
    # through it).
    src="$fw_dir/usr/lib/firmware/nvidia/$chip/gsp"
    [ -d "$src" ] || nova_die "no nvidia/$chip/gsp in $fw_dir"
    mkdir -p "$dst/gsp"
    for f in "$src"/*-"$gsp_version".bin; do
        [ -e "$f" ] || nova_die "missing or dangling firmware file $f"
        cp -L "$f" "$dst/gsp/"
    done
    if [ "$driver" = nouveau ] && [ "$(nova_chip_fact "$chip" fwsec_needs_bootloader)" = 1 ]; then
        bl="$fw_dir/usr/lib/firmware/nvidia/$chip/acr/bl.bin"
        [ -e "$bl" ] || nova_die "missing or dangling firmware file $bl"
        mkdir -p "$dst/acr"
        cp -L "$bl" "$dst/acr/bl.bin"
    fi
else
    # Copy nvidia/<chip>/ as the package has it (files may be .zst/.xz compressed;
    # the guest kernel decompresses them). Symlinks that stay inside the chip
    # directory are kept; those pointing outside it (e.g. tu102/acr/bl.bin ->
    # ../../gp102/...) are replaced by the file they point to, since the target
    # chip's directory is not in the image.
    fwpkg="$GUEST_FIRMWARE_DIR/lib/firmware"
    [ -d "$fwpkg" ] || fwpkg="$GUEST_FIRMWARE_DIR/usr/lib/firmware"
    src="$fwpkg/nvidia/$chip"
    [ -d "$src" ] || nova_die "no nvidia/$chip in the firmware package"
    srcreal=$(realpath "$src")
    while IFS= read -r -d '' f; do
        rel=${f#"$src"/}
        if [ -d "$f" ] && [ ! -L "$f" ]; then
            mkdir -p "$dst/$rel"
        elif [ -L "$f" ]; then
            target=$(realpath -e "$f") || nova_die "dangling firmware symlink $f"
            mkdir -p "$dst/$(dirname "$rel")"
            case "$target" in
                "$srcreal"/*) cp -P "$f" "$dst/$rel" ;;
                *) cp "$target" "$dst/$rel" ;;
            esac
        else
            mkdir -p "$dst/$(dirname "$rel")"
            cp "$f" "$dst/$rel"
        fi
    done < <(find "$src" -mindepth 1 -print0)
fi

# The driver must find the GSP-RM images; fail here rather than in the guest.
# nova-core on Turing also loads FWSEC through the generic bootloader.
fws="booter_load booter_unload bootloader gsp"
[ "$driver" != nova-core ] || [ "$(nova_chip_fact "$chip" fwsec_needs_bootloader)" != 1 ] ||
    fws="$fws gen_bootloader"
for fw in $fws; do
    name="gsp/$fw-$gsp_version.bin"
    found=0
    for suffix in "" .zst .xz; do
        [ -e "$dst/$name$suffix" ] && found=1
    done
    [ "$found" = 1 ] || nova_die "firmware package lacks nvidia/$chip/$name"
done

# --- archive -------------------------------------------------------------------
# zstd: the kernel has CONFIG_RD_ZSTD and decompresses it much faster than gzip,
# which matters when the guest CPU is emulated.
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort \
    | cpio --quiet -o -H newc -R 0:0) | zstd -q -T0 -10 -o "$image.tmp.$$"
# (a rename: another run making the same image at the same time is harmless)
mv "$image.tmp.$$" "$image"
# Images built from an older init or script are never used again.
find "$GUEST_DIR/initramfs" -maxdepth 1 -name "$prefix-$chip-$firmware-*.cpio.zst" \
    ! -name "$(basename "$image")" -delete
nova_log "$(du -h "$image" | cut -f1) $(basename "$image")"
emit
