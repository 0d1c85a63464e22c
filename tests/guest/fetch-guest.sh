#!/usr/bin/env bash
# Download and unpack what the guest tests boot. Everything is pinned in
# scripts/versions.sh and verified by sha256 (nova_fetch).
#
# usage: fetch-guest.sh [nouveau|nova-core]     (default nouveau)
#
#   nouveau    Debian's 6.12 kernel (vmlinuz plus its modules) and bookworm-
#              backports' NVIDIA firmware package (the 535.113.01 GSP-RM
#              images nouveau loads)
#   nova-core  sid's NVIDIA firmware package, of which only the 570.144 files
#              of tu102, ga102 and ad102 are unpacked, and Turing's acr/bl.bin
#              (nouveau 7.2 boots FWSEC through it); the kernel is built by
#              build-kernel.sh. nova-core and nouveau 7.2 boot from it.
#
# Each package is unpacked once; a stamp file marks a complete extraction, so a
# warm run only checks a few files and exits.
set -euo pipefail
NOVA_LOG_TAG=fetch-guest
. "$(dirname "$0")/lib-guest.sh"

# The unpacking and initramfs tools come from setup-apt.sh; run it only when one
# is missing, so warm runs don't touch apt at all.
for tool in dpkg-deb curl cpio busybox modprobe depmod xz zstd; do
    if ! command -v "$tool" >/dev/null && [ ! -x "/bin/$tool" ] && [ ! -x "/sbin/$tool" ]; then
        nova_log "$tool missing; running setup-apt.sh"
        bash "$NOVA_ROOT/scripts/setup-apt.sh"
        break
    fi
done

# unpack POOL SHA256 DEST [HOOK]: fetch a .deb and dpkg-deb -x it into DEST,
# once. Extraction goes to a temporary sibling that is renamed at the end (after
# the optional HOOK ran on it), so an interrupted run never leaves a
# half-filled DEST that looks finished.
unpack() {
    local pool=$1 sum=$2 dest=$3 hook=${4:-} deb tmp
    if [ -f "$dest/.nova-extracted" ]; then
        return 0
    fi
    deb=$(nova_fetch "$pool" "$sum")
    nova_log "unpacking $(basename "$deb")"
    tmp="$dest.tmp.$$"
    rm -rf "$tmp" "$dest"
    mkdir -p "$tmp"
    dpkg-deb -x "$deb" "$tmp"
    [ -z "$hook" ] || "$hook" "$tmp"
    echo "$sum" > "$tmp/.nova-extracted"
    mv "$tmp" "$dest"
}

# The .deb ships no modules.dep (its postinst runs depmod on the target), and
# mkinitramfs.sh needs one to resolve nouveau's dependencies.
kernel_depmod() {
    [ -d "$1/lib/modules/$GUEST_KREL" ] \
        || nova_die "no lib/modules/$GUEST_KREL in the kernel package: GUEST_KREL in scripts/versions.sh does not match it"
    depmod -b "$1" "$GUEST_KREL"
}

# nova-core's firmware: only nvidia/<chip>/gsp/*-570.144.bin of our chips, and
# whatever those symlinks point to (tu102's bootloader-570.144.bin is a link to
# the 535.113.01 file), instead of the whole 1 GB package.
nova_fw_extract() {
    local deb=$1 dest=$2 chip pats=() link target
    for chip in $GUEST_CHIPS; do
        pats+=("./usr/lib/firmware/nvidia/$chip/gsp/*-$NOVA_GSP_VERSION.bin")
        # nouveau runs Turing's FWSEC through the ACR bootloader
        [ "$(nova_chip_fact "$chip" fwsec_needs_bootloader)" != 1 ] ||
            pats+=("./usr/lib/firmware/nvidia/$chip/acr/bl.bin*")
    done
    dpkg-deb --fsys-tarfile "$deb" | tar -C "$dest" -x --wildcards "${pats[@]}"
    while IFS= read -r -d '' link; do
        [ -e "$link" ] && continue
        target=$(realpath -m "$link")
        target=./${target#"$(realpath "$dest")"/}
        dpkg-deb --fsys-tarfile "$deb" | tar -C "$dest" -x "$target"
        [ -e "$link" ] || nova_die "firmware link $link points outside the package"
    done < <(find "$dest" -type l -print0)
}

if [ "${1:-nouveau}" = nova-core ]; then
    # (the stamp names what was taken, so a directory unpacked with fewer
    # files by an older checkout is unpacked again)
    stamp="$NOVA_FIRMWARE_SHA256 $NOVA_GSP_VERSION gsp, acr/bl"
    if [ "$(cat "$NOVA_FIRMWARE_DIR/.nova-extracted" 2>/dev/null)" != "$stamp" ]; then
        deb=$(nova_fetch "$NOVA_FIRMWARE_POOL" "$NOVA_FIRMWARE_SHA256")
        nova_log "unpacking the $NOVA_GSP_VERSION files of $(basename "$deb")"
        tmp="$NOVA_FIRMWARE_DIR.tmp.$$"
        rm -rf "$tmp" "$NOVA_FIRMWARE_DIR"
        mkdir -p "$tmp"
        nova_fw_extract "$deb" "$tmp"
        echo "$stamp" > "$tmp/.nova-extracted"
        mv "$tmp" "$NOVA_FIRMWARE_DIR"
    fi
    exit 0
fi
[ "${1:-nouveau}" = nouveau ] || nova_die "usage: fetch-guest.sh [nouveau|nova-core]"

unpack "$GUEST_KERNEL_POOL" "$GUEST_KERNEL_SHA256" "$GUEST_KERNEL_DIR" kernel_depmod
unpack "$GUEST_FIRMWARE_POOL" "$GUEST_FIRMWARE_SHA256" "$GUEST_FIRMWARE_DIR"

# Sanity: GUEST_KREL must match what the package contains, otherwise
# run-guest.sh and mkinitramfs.sh (modprobe -S) would look in the wrong place.
[ -f "$GUEST_VMLINUZ" ] \
    || nova_die "$GUEST_VMLINUZ missing: GUEST_KREL in scripts/versions.sh does not match the kernel package"
[ -f "$GUEST_KERNEL_DIR/lib/modules/$GUEST_KREL/modules.dep" ] \
    || nova_die "no modules.dep for $GUEST_KREL in $GUEST_KERNEL_DIR"
