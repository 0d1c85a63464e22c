#!/usr/bin/env bash
# Overlay nova-gpu onto a QEMU source tree: symlinks to this checkout's
# directories, and the patch series scripts/qemu-patches/*.patch for QEMU's
# own files (build files, the HMP info table, generic-fuzz, a leak fix).
#
# Idempotent: a patch already in the tree is skipped (it reverses cleanly).
# A patch that applies neither way stops the script with an error naming
# it: the tree is not the QEMU the series was made for (scripts/versions.sh).
# The series as applied is kept in the tree (.nova-patches/); when the
# checkout's series differs, the old one is taken back out first (newest
# first), so that a changed or dropped patch leaves nothing behind and the
# files it touched are rebuilt.
set -euo pipefail
NOVA_LOG_TAG=overlay
source "$(dirname "$0")/lib.sh"

src=${1:?usage: overlay-qemu.sh QEMU_SOURCE_DIR}
[ -f "$src/meson.build" ] || nova_die "$src is not a QEMU source tree"
command -v patch >/dev/null || bash "$NOVA_ROOT/scripts/setup-apt.sh"

applied="$src/.nova-patches"
if [ -d "$applied" ] && ! diff -rq "$applied" "$NOVA_ROOT/scripts/qemu-patches" >/dev/null 2>&1; then
    nova_log "the patch series changed: taking the one applied before out of $src"
    for p in $(printf '%s\n' "$applied"/*.patch | sort -r); do
        if patch -d "$src" -p1 -R -f -s --dry-run < "$p" >/dev/null 2>&1; then
            patch -d "$src" -p1 -R -f -s --no-backup-if-mismatch < "$p" >&2 ||
                nova_die "cannot take $(basename "$p") back out of $src"
        fi
    done
    rm -rf "$applied"
fi

for p in "$NOVA_ROOT"/scripts/qemu-patches/*.patch; do
    name=$(basename "$p")
    if patch -d "$src" -p1 -R -f -s --dry-run < "$p" >/dev/null 2>&1; then
        continue                                            # applied before
    fi
    if ! out=$(patch -d "$src" -p1 -N -f --dry-run < "$p" 2>&1); then
        files=$(sed -n 's|^+++ b/||p' "$p" | tr '\n' ' ')
        hint="is it QEMU $(. "$NOVA_ROOT/scripts/versions.sh"; echo "$QEMU_VERSION"), or a version near it?"
        # shellcheck disable=SC2086  # one word a file
        if (cd "$src" && grep -lq 'nova-gpu' $files 2>/dev/null); then
            hint="its files carry edits of an older overlay-qemu.sh (marked nova-gpu): restore QEMU's own ($files; e.g. git -C $src checkout -- FILES, or tests/qtest/fuzz/generic_fuzz.c from generic_fuzz.c.nova-orig) and run again"
        fi
        printf '%s\n' "$out" | sed 's/^/    /' >&2
        nova_die "$name does not apply to $src: $hint"
    fi
    patch -d "$src" -p1 -N -f -s --no-backup-if-mismatch < "$p" >&2 ||
        nova_die "$name: patch failed in $src"
    nova_log "applied $name"
done
rm -rf "$applied"
cp -r "$NOVA_ROOT/scripts/qemu-patches" "$applied"

ln -sfn "$NOVA_ROOT/scripts/qemu-overlay" "$src/nova-gpu"
ln -sfn "$NOVA_ROOT/hw/nova-gpu" "$src/hw/nova-gpu"
# the device set of the sanitizer build (build-qemu.sh, NOVA_VARIANT=asan)
ln -sfn "$NOVA_ROOT/scripts/qemu-devices-tests.mak" \
    "$src/configs/devices/x86_64-softmmu/nova-gpu-tests.mak"
# the qtests (their names are listed in scripts/qemu-overlay/meson.build)
for t in "$NOVA_ROOT"/tests/qtest/*-test.c "$NOVA_ROOT"/tests/qtest/*.h; do
    [ -f "$t" ] && ln -sfn "$t" "$src/tests/qtest/$(basename "$t")"
done
exit 0
