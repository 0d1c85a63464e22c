#!/usr/bin/env bash
# Build qemu-system-x86_64 with the nova-gpu device in it.
#
#   scripts/build-qemu.sh            pinned Debian QEMU source (downloaded once)
#   QEMU_SRC=/path/to/qemu scripts/build-qemu.sh     a QEMU tree of your own
#
# Environment:
#   QEMU_SRC      QEMU source tree to overlay (default: the pinned Debian source,
#                 copied for this checkout). A tree of your own is patched and
#                 linked in place, so it serves one checkout at a time
#   NOVA_CACHE    where downloads, sources and build trees live (~/.cache/nova-gpu)
#   NOVA_VARIANT  "default", or "asan": clang with ASan, UBSan and libFuzzer's
#                 instrumentation, one build tree that serves both the asan
#                 suite (qemu-system-x86_64, the qtests) and the fuzzers
#                 (qemu-fuzz-x86_64, generic-fuzz); "fuzz" names the same build;
#                 "plain": the pinned source as Debian serves it, without
#                 nova-gpu (its own copy), configured as "default" (the
#                 baseline of bench/build.sh); "client": the same source
#                 without nova-gpu, with only the devices a guest needs to
#                 take the GPU over vfio-user (scripts/qemu-devices-client.mak):
#                 the stock QEMU of the vfio-user mode (docs/vfio-user.md)
#   NOVA_QEMU_BUILD_DIR  build there instead of the checkout's tree of the
#                 variant (bench/build.sh's scratch builds); current-VARIANT
#                 is left alone
#
# Prints the build directory on stdout when done. Re-running is incremental.
# Each checkout has its own QEMU source copy and build trees, under
# $NOVA_CACHE/checkouts/KEY (scripts/lib.sh, NOVA_CHECKOUT_CACHE), so that
# two checkouts never race on one tree; ccache serves one checkout's objects
# to the next, so a new checkout's first build is a few minutes, not ten.
set -euo pipefail
NOVA_LOG_TAG=build-qemu
source "$(dirname "$0")/lib.sh"
source "$NOVA_ROOT/scripts/versions.sh"

bash "$NOVA_ROOT/scripts/setup-apt.sh"

variant=${NOVA_VARIANT:-default}
[ "$variant" != fuzz ] || variant=asan
plain=
case "$variant" in plain|client) plain=-plain ;; esac
[ -z "$plain" ] || [ -z "${QEMU_SRC:-}" ] || nova_die "NOVA_VARIANT=plain builds the pinned source, not QEMU_SRC"

# --- the QEMU source tree ---------------------------------------------------------
if [ -n "${QEMU_SRC:-}" ]; then
    src=$(cd "$QEMU_SRC" && pwd) || nova_die "QEMU_SRC=$QEMU_SRC is not a directory"
    [ -f "$src/meson.build" ] && [ -d "$src/hw" ] || nova_die "$src does not look like a QEMU source tree"
    key="user-$(printf '%s' "$src" | sha1sum | cut -c1-10)"
else
    # plain has a tree of its own, laid out as default's is (plain/src,
    # plain/build/...-default), so that its compile commands are default's
    # word for word. ccache still serves it little: every file includes
    # config-poison.h, which names nova-gpu's CONFIG_ symbols in default's
    # build; a cold plain build is a cold QEMU build (docs/vfio-user.md)
    src="$NOVA_CHECKOUT_CACHE${plain:+/plain}/src/qemu-$QEMU_VERSION"
    if [ ! -f "$src/.nova-unpacked" ]; then
        tarball=$(nova_fetch "$QEMU_POOL" "$QEMU_SHA256")
        nova_log "unpacking QEMU $QEMU_VERSION for this checkout into $src"
        rm -rf "$src" "$src.tmp"
        mkdir -p "$src.tmp"
        tar -xf "$tarball" -C "$src.tmp" --strip-components=1
        mv "$src.tmp" "$src"
        touch "$src/.nova-unpacked"
    fi
    key="$QEMU_VERSION"
fi
builds="$NOVA_CHECKOUT_CACHE/build"
build=${NOVA_QEMU_BUILD_DIR:-$builds/qemu-$key-$variant}
[ -z "$plain" ] || [ -n "${NOVA_QEMU_BUILD_DIR:-}" ] ||
    build=$NOVA_CHECKOUT_CACHE/plain/build/qemu-$key-${variant/plain/default}
mkdir -p "$builds"

# --- overlay nova-gpu into it (idempotent) ----------------------------------------
# The patch series and the links to this checkout (scripts/overlay-qemu.sh).
# A QEMU_SRC tree of your own is linked in place: if another checkout linked
# it last, ninja's mtime comparison cannot be trusted for our files (a file
# edited here while the other one was building can look older than its
# object). Our objects are few, so they are simply rebuilt.
previous=$(readlink "$src/hw/nova-gpu" 2>/dev/null || true)
if [ -z "$plain" ]; then
    bash "$NOVA_ROOT/scripts/overlay-qemu.sh" "$src"
else
    # Debian's source leaves the firmware blobs out: the build fix alone
    for p in "$NOVA_ROOT"/scripts/qemu-patches/0002-*.patch; do
        patch -d "$src" -p1 -R -f -s --dry-run <"$p" >/dev/null 2>&1 ||
            patch -d "$src" -p1 -N -f -s --no-backup-if-mismatch <"$p" >&2 ||
            nova_die "$(basename "$p") does not apply to $src"
    done
fi
if [ -z "$plain" ] && [ -n "$previous" ] && [ "$previous" != "$(readlink "$src/hw/nova-gpu")" ]; then
    nova_log "another checkout linked $src last ($previous): rebuilding nova-gpu's objects"
    find "$builds" -path '*qemu-*' \( -name '*nova-gpu*.o' -o -name '*nova-gpu*.d' \) \
        -delete 2>/dev/null || true
fi

# --- configure ------------------------------------------------------------------------
cfg=(--target-list=x86_64-softmmu --without-default-features
     --enable-kvm --enable-tcg --enable-pixman --enable-slirp --enable-fdt=system
     --disable-docs --disable-werror --disable-download --disable-install-blobs
     "--cc=ccache cc" --python=/usr/bin/python3)
# The vfio-user server (QEMU's x-vfio-user-server object on the x-remote
# machine, with the libvfio-user its tarball carries in subprojects/): the
# default build serves nova-gpu out of process (vfu/, docs/vfio-user.md).
# plain is configured as default is (bench/build.sh's baseline); the stock
# QEMU that connects to the server is "client" (below).
case "$variant" in default|plain) cfg+=(--enable-multiprocess --enable-vfio-user-server) ;; esac
targets=(qemu-system-x86_64)
case "$variant" in
    default|plain) ;;
    client)
        cp "$NOVA_ROOT/scripts/qemu-devices-client.mak" \
            "$src/configs/devices/x86_64-softmmu/nova-vfu-client.mak"
        cfg+=(--without-default-devices --with-devices-x86_64=nova-vfu-client)
        ;;
    asan)
        # One sanitizer build for two suites: libFuzzer needs clang, and
        # QEMU builds its ordinary binaries with --enable-fuzzing too (their
        # coverage hooks are ASan's no-op defaults; the instrumentation is
        # limited to device code). qemu-fuzz-x86_64 is generic-fuzz
        # (scripts/fuzz.sh). Only the devices the tests use
        # (scripts/qemu-devices-tests.mak): sanitized code compiles at half
        # the speed. The option ROMs need gcc (QEMU refuses clang for them):
        # the host's, under its target-prefixed names.
        command -v clang-14 >/dev/null || nova_die "the asan variant needs clang-14 (scripts/setup-apt.sh)"
        cfg=("${cfg[@]/--cc=ccache cc/--cc=ccache clang-14}")
        cfg+=("--cxx=ccache clang++-14" --enable-fuzzing --enable-asan --enable-ubsan
              --without-default-devices --with-devices-x86_64=nova-gpu-tests
              --cross-prefix-i386=x86_64-linux-gnu-)
        targets+=(qemu-fuzz-x86_64)
        ;;
    *) nova_die "unknown NOVA_VARIANT=$variant (default, asan, plain, client; fuzz is asan)" ;;
esac
cfg_sum=$(printf '%s\n' "${cfg[@]}" |
    { cat; [ "$variant" != client ] || cat "$NOVA_ROOT/scripts/qemu-devices-client.mak"; } |
    sha1sum | cut -c1-12)
if [ ! -f "$build/build.ninja" ] || [ "$(cat "$build/.nova-config" 2>/dev/null)" != "$cfg_sum" ]; then
    nova_log "configuring QEMU in $build"
    rm -rf "$build"
    mkdir -p "$build" "$builds"
    (cd "$build" && "$src/configure" "${cfg[@]}") >"$builds/configure-$key-$variant.log" 2>&1 \
        || { tail -30 "$builds/configure-$key-$variant.log" >&2; nova_die "QEMU configure failed (log: $builds/configure-$key-$variant.log)"; }
    echo "$cfg_sum" > "$build/.nova-config"
fi

# --- build only what the project uses ----------------------------------------------
# Every checkout's source copy and build trees have the same layout below
# NOVA_CHECKOUT_CACHE, so with it as ccache's base directory the compile
# commands of two checkouts are the same; the working directory is left out
# of the hash (CCACHE_NOHASHDIR: the debug info then names the build tree of
# the checkout that compiled an object first).
export CCACHE_BASEDIR="$NOVA_CHECKOUT_CACHE" CCACHE_NOHASHDIR=1
export CCACHE_DIR="${CCACHE_DIR:-$NOVA_CACHE/ccache}"
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
for t in "$NOVA_ROOT"/tests/qtest/*-test.c; do
    [ -z "$plain" ] && [ -f "$t" ] && targets+=("tests/qtest/$(basename "$t" .c)")
done
nova_log "building ${targets[*]} (a cold build takes about 10 minutes on 2 cores)"
if [ -t 2 ]; then
    ninja -C "$build" "${targets[@]}" >&2
else
    # Not a terminal: print ninja's progress every 100 steps instead of a wall of lines.
    ninja -C "$build" "${targets[@]}" 2>&1 |
        awk '/FAILED|error:/ { print; fflush(); next }
             /^\[[0-9]+\/[0-9]+\]/ { n++; if (n % 100 == 1) { print $1; fflush() } }' >&2
    [ "${PIPESTATUS[0]}" -eq 0 ] || nova_die "QEMU build failed; rerun: ninja -C $build"
fi

# Option ROMs (linuxboot_dma.bin for -kernel) come from a make sub-directory.
if [ -f "$build/pc-bios/optionrom/Makefile" ] &&
   [ ! -f "$build/pc-bios/optionrom/linuxboot_dma.bin" ]; then
    nova_log "building option ROMs"
    make -s -C "$build/pc-bios/optionrom" >&2 || nova_die "option ROM build failed"
fi

# A build-tree binary looks for firmware in qemu-bundle/; give it SeaBIOS and the ROMs.
bundle="$build/qemu-bundle/usr/local/share/qemu"
mkdir -p "$bundle"
for f in /usr/share/seabios/*.bin "$build"/pc-bios/optionrom/*.bin "$src"/pc-bios/*.bin; do
    [ -f "$f" ] && ln -sfn "$f" "$bundle/$(basename "$f")"
done
[ -f "$bundle/linuxboot_dma.bin" ] || nova_log "warning: no linuxboot_dma.bin; -kernel boots will not work"
[ -d "$src/pc-bios/keymaps" ] && ln -sfn "$src/pc-bios/keymaps" "$bundle/keymaps"

[ -n "${NOVA_QEMU_BUILD_DIR:-}" ] || ln -sfn "$build" "$builds/current-$variant"
nova_log "built: $build/${targets[0]}"
echo "$build"
