#!/usr/bin/env bash
# Configure the extra Debian archive entries nova-gpu needs and install its build
# and test dependencies. Idempotent: a second run does nothing but confirm.
#
# The mirror is taken from the machine's own configured Debian source, so that no
# host name is written in this repository.
set -euo pipefail

log() { printf '[setup-apt] %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

stamp_dir="${NOVA_CACHE:-$HOME/.cache/nova-gpu}/stamps"
mkdir -p "$stamp_dir"

# --- find the configured Debian mirror -------------------------------------
debian_mirror() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # deb822: take the URIs line of the stanza whose Suites include bookworm
        uri=$(awk '
            /^URIs:/ { u=$2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") found=u }
            END { if (found) print found }' "$f")
        if [ -n "$uri" ]; then echo "${uri%/}"; return; fi
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' "$f")
        if [ -n "$uri" ]; then echo "${uri%/}"; return; fi
    done
}

MIRROR=$(debian_mirror)
if [ -z "$MIRROR" ]; then
    log "cannot find a configured Debian bookworm mirror in /etc/apt; add one first"
    exit 1
fi
echo "$MIRROR" > "$stamp_dir/mirror"

# --- extra archive entries ---------------------------------------------------
src=/etc/apt/sources.list.d/nova-gpu.sources
want=$(cat <<S
# Written by nova-gpu scripts/setup-apt.sh
Types: deb deb-src
URIs: $MIRROR
Suites: bookworm-backports
Components: main non-free-firmware
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

# Source-only entries for newer suites (QEMU and Linux source packages).
# Never add "Types: deb" for sid or trixie here: apt would upgrade the system.
Types: deb-src
URIs: $MIRROR
Suites: sid trixie trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
S
)
updated=0
if [ ! -f "$src" ] || [ "$(cat "$src")" != "$want" ]; then
    log "adding bookworm-backports (main, non-free-firmware) and deb-src entries"
    printf '%s\n' "$want" | $SUDO tee "$src" >/dev/null
    rm -f "$stamp_dir/apt-updated"
fi
if [ ! -f "$stamp_dir/apt-updated" ]; then
    log "apt-get update"
    $SUDO apt-get update -q >&2
    touch "$stamp_dir/apt-updated"
    updated=1
fi

# --- packages --------------------------------------------------------------
PKGS_MAIN="build-essential pkg-config git patch ccache ninja-build flex bison
    libglib2.0-dev libpixman-1-dev libslirp-dev libfdt-dev device-tree-compiler
    python3-distlib python3-venv seabios cpio kmod busybox-static gcc-multilib
    libelf-dev xz-utils zstd curl ca-certificates clang-14 libclang-rt-14-dev
    libjson-c-dev libcmocka-dev
    bc rustc-web rust-web-src libstd-rust-web-dev libclang1-19 libclang-common-19-dev"
# libjson-c-dev, libcmocka-dev: libvfio-user (QEMU's subprojects/, built
# into the default QEMU for the vfio-user server, docs/vfio-user.md) parses
# its negotiation with json-c, and its meson.build asks for cmocka (its unit
# tests) unconditionally. The last line is the nova-core guest kernel's toolchain (tests/guest/
# build-kernel.sh): Linux 7.2 needs rustc >= 1.85 with its library source
# (rustc-web: 1.85 in bookworm, newer in bookworm-security; apt takes the
# newest) and libclang >= 17 for bindgen. bindgen itself (>= 0.71.1; bookworm
# has 0.60) and the glibc it needs are trixie's binary packages, fetched by
# pinned pool path and sha256 (scripts/versions.sh) and unpacked under
# $NOVA_CACHE, never installed: no binary archive entry for trixie or sid is
# ever configured.
PKGS_BPO="meson python3-pycotap"

missing=""
for p in $PKGS_MAIN; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    log "installing:$missing"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2
fi
# meson >= 1.5 comes from bookworm-backports
need_bpo=0
for p in $PKGS_BPO; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_bpo=1
done
if [ "$need_bpo" = 1 ] || ! /usr/bin/meson --version 2>/dev/null | awk -F. '{exit !($1 > 1 || ($1 == 1 && $2 >= 5))}'; then
    log "installing from bookworm-backports: $PKGS_BPO"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -t bookworm-backports $PKGS_BPO >&2
fi
log "dependencies ready (mirror from local apt config)"
