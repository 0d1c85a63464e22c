#!/usr/bin/env bash
# Build the nova-core guest kernel: a small x86_64 bzImage (tinyconfig plus
# tests/guest/kernel.config) with nova-core and nova-drm (Rust) and nouveau, as
# modules (installed under DIR/modules; the guest's /init loads them). One
# build serves every nova-core test, unload/reload included.
#
# usage: build-kernel.sh [--print-dir]
#
#   --print-dir       print the output directory instead of the bzImage path
#
# Source: the pinned Debian tarball (scripts/versions.sh), unpacked once under
# $NOVA_CACHE/src; or your own tree with KERNEL_SRC=/path/to/linux (it must
# be clean: the build is out of tree, with O=). The pinned tree named by
# KERNEL_SRC ($NOVA_CACHE/src/linux-VERSION) builds into the pinned build's
# directory.
#
# Output: $NOVA_CACHE/kernel/<version>-<key>/{bzImage,config,modules/,build/}
# where key hashes the config fragment, this script and the toolchain's
# versions. For the pinned source a finished directory is reused as it is, so a
# warm run builds nothing; for KERNEL_SRC make runs every time (incrementally),
# since the tree may have changed. Prints the bzImage's path on stdout.
#
# The Rust toolchain is Debian's, never rustup's: RUSTC, HOSTRUSTC, RUSTDOC and
# BINDGEN are passed to make explicitly and ~/.cargo/bin is dropped from PATH.
set -euo pipefail
NOVA_LOG_TAG=build-kernel
. "$(dirname "$0")/lib-guest.sh"

usage() { sed -n '/^# usage/,/^# Source/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit "${1:-2}"; }

print_dir=0
while [ $# -gt 0 ]; do
    case "$1" in
        --print-dir) print_dir=1; shift ;;
        -h|--help) usage 0 ;;
        *) nova_log "unknown argument: $1"; usage ;;
    esac
done
fragments=("$GUEST_SRC/kernel.config")

# --- toolchain -------------------------------------------------------------------
# PATH without rustup's directories, so nothing of ~/.cargo/bin is found.
clean_path=$(tr ':' '\n' <<< "$PATH" | grep -vE '/\.cargo/|/\.rustup/' | paste -sd: -)
export PATH=$clean_path

for tool in rustc rustdoc gcc make bc flex bison; do
    if ! command -v "$tool" >/dev/null || [ ! -e "$NOVA_LIBCLANG_DIR" ] \
        || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
        nova_log "kernel toolchain incomplete ($tool, libclang or rust-src); running setup-apt.sh"
        bash "$NOVA_ROOT/scripts/setup-apt.sh"
        break
    fi
done
RUSTC=$(command -v rustc)
RUSTDOC=$(command -v rustdoc)
case "$RUSTC" in
    /usr/bin/rustc) ;;
    *) nova_die "rustc resolves to $RUSTC, not Debian's /usr/bin/rustc (rustc-web)" ;;
esac

# bindgen: trixie's binary, unpacked with trixie's libc, run by a wrapper that
# starts it through that libc's own loader. The wrapper also points it at
# libclang 19.
tc="$NOVA_CACHE/kernel/toolchain/bindgen-$NOVA_BINDGEN_VERSION-libc-$NOVA_BINDGEN_LIBC_VERSION"
BINDGEN="$tc/bindgen"
if [ ! -x "$BINDGEN" ]; then
    nova_log "unpacking bindgen $NOVA_BINDGEN_VERSION with libc6 $NOVA_BINDGEN_LIBC_VERSION"
    deb_bg=$(nova_fetch "$NOVA_BINDGEN_POOL" "$NOVA_BINDGEN_SHA256")
    deb_libc=$(nova_fetch "$NOVA_BINDGEN_LIBC_POOL" "$NOVA_BINDGEN_LIBC_SHA256")
    rm -rf "$tc.tmp"
    mkdir -p "$tc.tmp/root"
    dpkg-deb -x "$deb_bg" "$tc.tmp/root"
    dpkg-deb -x "$deb_libc" "$tc.tmp/root"
    # The wrapper names the final directory, which $tc.tmp becomes below.
    cat > "$tc.tmp/bindgen" <<EOF
#!/bin/sh
# Written by nova-gpu tests/guest/build-kernel.sh: run trixie's bindgen with
# trixie's libc (it needs glibc >= 2.39; the host has bookworm's 2.36).
# The bookworm host libraries (libgcc_s, and libclang, which bindgen dlopens)
# are found after trixie's libc.
lib=$tc/root/usr/lib/x86_64-linux-gnu
LIBCLANG_PATH=\${LIBCLANG_PATH:-$NOVA_LIBCLANG_DIR}
export LIBCLANG_PATH
exec "\$lib/ld-linux-x86-64.so.2" --library-path "\$lib:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu" \\
    "$tc/root/usr/bin/bindgen" "\$@"
EOF
    chmod +x "$tc.tmp/bindgen"
    rm -rf "$tc"
    mv "$tc.tmp" "$tc"
fi
"$BINDGEN" --version >/dev/null 2>&1 || nova_die "bindgen wrapper $BINDGEN does not run: $("$BINDGEN" --version 2>&1 | head -n3)"

# --- source ------------------------------------------------------------------------
if [ -n "${KERNEL_SRC:-}" ]; then
    src=$(cd "$KERNEL_SRC" && pwd) || nova_die "KERNEL_SRC=$KERNEL_SRC is not a directory"
    if [ ! -f "$src/Makefile" ] || [ ! -d "$src/drivers/gpu/nova-core" ]; then
        nova_die "KERNEL_SRC=$src is not a Linux tree with drivers/gpu/nova-core"
    fi
    version="local-$(make -s -C "$src" kernelversion 2>/dev/null || echo unknown)-$(printf '%s' "$src" | sha256sum | cut -c1-8)"
    # The pinned source's own unpacked tree, named as a user's tree (nova-ci's
    # test does so): the same tree builds into the same directory, so make
    # finds the pinned build's objects up to date instead of starting over.
    pinned_src="$NOVA_CACHE/src/linux-$NOVA_KERNEL_VERSION"
    if [ "$src" = "$(cd "$pinned_src" 2>/dev/null && pwd)" ] &&
       [ "$(cat "$src/.nova-extracted" 2>/dev/null)" = "$NOVA_KERNEL_SHA256" ]; then
        version=$NOVA_KERNEL_VERSION
    fi
    pinned=0
else
    src="$NOVA_CACHE/src/linux-$NOVA_KERNEL_VERSION"
    if [ "$(cat "$src/.nova-extracted" 2>/dev/null)" != "$NOVA_KERNEL_SHA256" ]; then
        tarball=$(nova_fetch "$NOVA_KERNEL_POOL" "$NOVA_KERNEL_SHA256")
        nova_log "unpacking $(basename "$tarball") (1.8 GB)"
        rm -rf "$src" "$src.tmp"
        mkdir -p "$src.tmp"
        tar -C "$src.tmp" -xJf "$tarball"
        [ -f "$src.tmp/linux-$NOVA_KERNEL_VERSION/Makefile" ] \
            || nova_die "the tarball has no linux-$NOVA_KERNEL_VERSION/ directory"
        mv "$src.tmp/linux-$NOVA_KERNEL_VERSION" "$src"
        rmdir "$src.tmp"
        echo "$NOVA_KERNEL_SHA256" > "$src/.nova-extracted"
    fi
    version=$NOVA_KERNEL_VERSION
    pinned=1
fi

# --- cache key -------------------------------------------------------------------
toolchain_id="$("$RUSTC" --version) / bindgen $NOVA_BINDGEN_VERSION / libclang $NOVA_LIBCLANG_DIR / $(gcc --version | head -n1)"
key=$(cat "${fragments[@]}" "$0" <(echo "$toolchain_id") | sha256sum | cut -c1-12)
out="$NOVA_CACHE/kernel/$version-$key"
b="$out/build"

emit() {
    if [ "$print_dir" = 1 ]; then echo "$out"; else echo "$out/bzImage"; fi
}
if [ "$pinned" = 1 ] && [ -f "$out/.nova-done" ] && [ -f "$out/bzImage" ]; then
    emit
    exit 0
fi

mkdir -p "$b"
# Reproducible: fixed build identity and timestamp, so two builds of the same
# inputs give the same image (KBUILD_BUILD_*).
export KBUILD_BUILD_USER=nova KBUILD_BUILD_HOST=nova-gpu
export KBUILD_BUILD_TIMESTAMP="${KBUILD_BUILD_TIMESTAMP:-2026-01-01 00:00:00 UTC}"
export CCACHE_BASEDIR="$NOVA_CACHE" CCACHE_DIR="${CCACHE_DIR:-$NOVA_CACHE/ccache}"
mk=(make -C "$src" O="$b" ARCH=x86_64 "CC=ccache gcc" HOSTCC=gcc
    "RUSTC=$RUSTC" "HOSTRUSTC=$RUSTC" "RUSTDOC=$RUSTDOC" "BINDGEN=$BINDGEN")
logf="$out/build.log"
: > "$logf"
run() {
    "$@" >>"$logf" 2>&1 || { tail -n 40 "$logf" >&2; nova_die "failed: ${*: -1} (full log: $logf)"; }
}

nova_log "kernel $version in $b"
# The kernel's own verdict on the toolchain, before Kconfig silently drops RUST.
if ! "${mk[@]}" rustavailable >>"$logf" 2>&1; then
    tail -n 20 "$logf" >&2
    nova_die "the kernel does not accept the Rust toolchain (rustc $RUSTC, bindgen $BINDGEN); see above"
fi

# --- configuration -----------------------------------------------------------------
config_key=$(cat "${fragments[@]}" | sha256sum | cut -c1-12)
if [ "$(cat "$out/.nova-config" 2>/dev/null)" != "$config_key" ] || [ ! -f "$b/.config" ]; then
    nova_log "configuring: tinyconfig + ${fragments[*]##*/}"
    run "${mk[@]}" tinyconfig
    (cd "$src" && run env ARCH=x86_64 scripts/kconfig/merge_config.sh -m -O "$b" "$b/.config" "${fragments[@]}")
    run "${mk[@]}" olddefconfig
    echo "$config_key" > "$out/.nova-config"
fi

# Every option a fragment sets must have survived olddefconfig. The last
# fragment that names an option wins, as in merge_config.sh.
declare -A want=()
order=()
while IFS= read -r line; do
    if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
        opt=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
    elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
        opt=${BASH_REMATCH[1]} val=n
    else
        continue
    fi
    [ -n "${want[$opt]+x}" ] || order+=("$opt")
    want[$opt]=$val
done < <(cat "${fragments[@]}")
missing=()
for opt in "${order[@]}"; do
    val=${want[$opt]}
    have=$(grep -E "^$opt=" "$b/.config" | cut -d= -f2- || true)
    if [ "$val" = n ]; then
        [ -z "$have" ] || [ "$have" = n ] || missing+=("$opt=$have (wanted off)")
    elif [ "$have" != "$val" ]; then
        missing+=("$opt=${have:-unset} (wanted $val)")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    for m in "${missing[@]}"; do nova_log "config: $m"; done
    case " ${missing[*]} " in
        *" CONFIG_RUST="*) nova_log "RUST dropped: the kernel did not find a usable Rust toolchain (make rustavailable in $logf)" ;;
    esac
    rm -f "$out/.nova-config"
    nova_die "${#missing[@]} wanted option(s) missing from $b/.config"
fi

# --- build ---------------------------------------------------------------------------
start=$SECONDS
nova_log "building bzImage and modules (cold: about 7 minutes on 2 cores; log: $logf)"
run "${mk[@]}" -j"$(nproc)" bzImage modules
cp "$b/arch/x86/boot/bzImage" "$out/bzImage.tmp"
cp "$b/.config" "$out/config"
rm -rf "$out/modules"
run "${mk[@]}" INSTALL_MOD_PATH="$out/modules" modules_install
mv "$out/bzImage.tmp" "$out/bzImage"
"${mk[@]}" -s kernelrelease > "$out/kernelrelease" 2>/dev/null || true
touch "$out/.nova-done"
# Builds of the pinned source with an older key are never used again (about
# 300 MB each).
if [ "$pinned" = 1 ]; then
    find "$NOVA_CACHE/kernel" -mindepth 1 -maxdepth 1 -type d -name "$version-*" \
        ! -name "$(basename "$out")" -exec rm -rf {} +
fi
nova_log "$(du -h "$out/bzImage" | cut -f1) bzImage, $(cat "$out/kernelrelease") ($((SECONDS - start)) s)"
emit
