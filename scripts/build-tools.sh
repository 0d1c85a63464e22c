#!/usr/bin/env bash
# Build the QEMU-free part of nova-gpu (engine libraries, unit tests and the
# nova-fwgen tool) with meson, in one build tree per checkout under
# $NOVA_CACHE/build (meson records the source path). Prints the build tree.
set -euo pipefail
NOVA_LOG_TAG=build-tools
source "$(dirname "$0")/lib.sh"

b="$NOVA_CACHE/build/engines-$NOVA_KEY"
command -v meson >/dev/null && command -v ninja >/dev/null ||
    bash "$NOVA_ROOT/scripts/setup-apt.sh"
# One build at a time in the tree (the guest and asan streams of
# scripts/test.sh may both ask for it).
exec 9>"$b.lock"
flock 9
if [ ! -f "$b/build.ninja" ]; then
    meson setup "$b" "$NOVA_ROOT" >"$b.setup.log" 2>&1 ||
        { cat "$b.setup.log" >&2; nova_die "meson setup failed"; }
fi
ninja -C "$b" >"$b.build.log" 2>&1 ||
    { cat "$b.build.log" >&2; nova_die "build of the engine libraries failed"; }
echo "$b"
