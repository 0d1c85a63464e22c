#!/usr/bin/env bash
# Overlay nova-gpu onto a QEMU source tree: symlinks for our directories and a
# few one-line additions to QEMU's build files. Idempotent, and each edit is
# marked "nova-gpu" so it can be spotted (or reverted) in a user's own tree.
set -euo pipefail
NOVA_LOG_TAG=overlay
source "$(dirname "$0")/lib.sh"

src=${1:?usage: overlay-qemu.sh QEMU_SOURCE_DIR}
[ -f "$src/meson.build" ] || nova_die "$src is not a QEMU source tree"
[ -e "$src/.git" ] && nova_log "note: $src is a git checkout; the overlay adds untracked symlinks and small edits marked nova-gpu"

ln -sfn "$NOVA_ROOT/scripts/qemu-overlay" "$src/nova-gpu"
ln -sfn "$NOVA_ROOT/hw/nova-gpu" "$src/hw/nova-gpu"
# the device set of the sanitizer build (build-qemu.sh, NOVA_VARIANT=asan)
ln -sfn "$NOVA_ROOT/scripts/qemu-devices-tests.mak" \
    "$src/configs/devices/x86_64-softmmu/nova-gpu-tests.mak"

qtests=()
for t in "$NOVA_ROOT"/tests/qtest/*-test.c; do
    [ -f "$t" ] || continue
    ln -sfn "$t" "$src/tests/qtest/$(basename "$t")"
    qtests+=("$(basename "$t" .c)")
done
for h in "$NOVA_ROOT"/tests/qtest/*.h; do
    [ -f "$h" ] && ln -sfn "$h" "$src/tests/qtest/$(basename "$h")"
done

NOVA_QTESTS="${qtests[*]:-}" /usr/bin/python3 - "$src" <<'PY'
import os, re, sys
src = sys.argv[1]
MARK = "# nova-gpu"

def edit(path, fn):
    p = os.path.join(src, path)
    with open(p) as f:
        old = f.read()
    new = fn(old)
    if new != old:
        with open(p, "w") as f:
            f.write(new)
        print(f"[overlay] patched {path}", file=sys.stderr)

def insert_before(text, anchor, line):
    if line in text:
        return text
    i = text.find(anchor)
    if i < 0:
        sys.exit(f"[overlay] error: cannot find {anchor!r}; this QEMU tree's layout is not supported")
    return text[:i] + line + "\n" + text[i:]

def top(text):
    # The engines' source lists must exist before hw/ is read.
    text = insert_before(text, "if have_system\n  subdir('hw')",
                         "subdir('nova-gpu')  " + MARK)
    text = insert_before(text, "    'hw/nvme',\n", "    'hw/nova-gpu',  " + MARK)
    # Debian's +ds tarball has no edk2 blobs: only unpack them when present.
    old = "unpack_edk2_blobs = bzip2.found()\n"
    if old in text:
        text = text.replace(old, "unpack_edk2_blobs = bzip2.found() and fs.exists('pc-bios/edk2-x86_64-code.fd.bz2')  " + MARK + "\n")
    return text
edit("meson.build", top)

def append(line):
    return lambda t: t if line in t else t.rstrip("\n") + "\n" + line + "\n"
edit("hw/meson.build", append("subdir('nova-gpu')  " + MARK))
# minikconf takes no trailing comments: the marker goes on the line above.
edit("hw/Kconfig", append(MARK + "\nsource nova-gpu/Kconfig"))

def qtests(text):
    names = os.environ.get("NOVA_QTESTS", "").split()
    text = re.sub(r"^qtests_x86_64 \+= .*" + re.escape(MARK) + r"\n", "", text, flags=re.M)
    if not names:
        return text
    anchor = "qtests_x86_64 = qtests_i386\n"
    if anchor not in text:
        sys.exit("[overlay] error: cannot find the x86_64 qtest list in tests/qtest/meson.build")
    line = "qtests_x86_64 += [" + ", ".join(repr(n) for n in names) + "]  " + MARK + "\n"
    return text.replace(anchor, anchor + line, 1)
edit("tests/qtest/meson.build", qtests)

# "info nova-gpu": HMP info commands are a table; the device registers the
# handler (monitor_register_hmp_info_hrt) for the entry added here.
HMP_ENTRY = """    {   /* nova-gpu */
        .name       = "nova-gpu",
        .args_type  = "",
        .params     = "",
        .help       = "show nova-gpu devices: engines, queues, counters, faults",
    },

SRST
  ``info nova-gpu``
    Show the state of each nova-gpu device.
ERST

"""
def hmp_info(text):
    if '.name       = "nova-gpu"' in text:
        return text
    anchor = "    {\n        .name       = \"version\","
    i = text.find(anchor)
    if i < 0:
        sys.exit("[overlay] error: cannot find 'info version' in hmp-commands-info.hx")
    return text[:i] + HMP_ENTRY + text[i:]
edit("hmp-commands-info.hx", hmp_info)

# QEMU's generic-fuzz target for the device: MMIO into its regions and DMA
# from guest memory (scripts/fuzz.sh qemu-generic).
FUZZ_ENTRY = """    {   /* nova-gpu */
        .name = "nova-gpu",
        .args = "-machine q35 -nodefaults "
        "-device nova-gpu,vram-size=512M,bar1-size=16M",
        .objects = "nova-gpu*",
    },"""
def fuzz_config(text):
    if FUZZ_ENTRY in text:
        return text
    # an older entry of ours: replace it
    text = re.sub(r"    \{   /\* nova-gpu \*/\n.*?\n    \},\n", "", text, flags=re.S)
    anchor = "const generic_fuzz_config predefined_configs[] = {\n"
    if anchor not in text:
        sys.exit("[overlay] error: cannot find predefined_configs in generic_fuzz_configs.h")
    return text.replace(anchor, anchor + FUZZ_ENTRY + "\n", 1)
edit("tests/qtest/fuzz/generic_fuzz_configs.h", fuzz_config)

# A QEMU bug that the sanitizer builds would otherwise report on every run:
# map_noreserve_effective() (util/mmap-alloc.c, up to at least 10.2) never
# frees what it read from /proc/sys/vm/overcommit_memory. nova-gpu reaches it
# by allocating VRAM with RAM_NORESERVE, and LeakSanitizer then fails the
# asan suite. A tree where the declaration differs (fixed upstream) is left
# alone.
def noreserve_leak(text):
    old = "    const bool shared = qemu_map_flags & QEMU_MAP_SHARED;\n    gchar *content = NULL;\n"
    new = "    const bool shared = qemu_map_flags & QEMU_MAP_SHARED;\n    g_autofree gchar *content = NULL;  /* nova-gpu: was leaked */\n"
    return text.replace(old, new, 1)
edit("util/mmap-alloc.c", noreserve_leak)
PY
