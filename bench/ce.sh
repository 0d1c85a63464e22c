#!/usr/bin/env bash
# Build the engine libraries optimised (-O2, as QEMU builds them: not the
# -O0 tree of scripts/build-tools.sh, whose figures would say nothing about
# what users run) in this checkout's own tree, and run the copy-engine
# benchmark. Arguments go to ce-bench: [--bounce] [--quick] [--page 2M|64K|4K].
set -euo pipefail
NOVA_LOG_TAG=ce-bench
source "$(dirname "$0")/../scripts/lib.sh"

b="$NOVA_CACHE/build/engines-bench-$NOVA_KEY"
exec 9>"$b.lock"
flock 9
if [ ! -f "$b/build.ninja" ]; then
    meson setup "$b" "$NOVA_ROOT" --buildtype=release -Doptimization=2 \
        >"$b.setup.log" 2>&1 || { cat "$b.setup.log" >&2; nova_die "meson setup failed"; }
fi
ninja -C "$b" bench/ce-bench >"$b.build.log" 2>&1 ||
    { cat "$b.build.log" >&2; nova_die "build of ce-bench failed"; }
exec 9>&-
exec "$b/bench/ce-bench" "$@"
