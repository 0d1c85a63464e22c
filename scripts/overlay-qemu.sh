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
# The GPU sits behind a PCIe root port, and q35's ECAM window and the root
# port are fuzzed too (set up per input as firmware would:
# fuzz_firmware_pcie below), so that MMIO, DMA and MSI can all land in
# config space: the device's own (an FLR), the port's (a secondary bus
# reset). "nova-gpu-hotplug" gives the port native hot-plug, so that a
# write to its Slot Control can also unplug the GPU; an unplugged GPU stays
# gone for the rest of that fuzzer process, hence two targets.
FUZZ_ENTRY = """    {   /* nova-gpu */
        .name = "nova-gpu",
        .args = "-machine q35 -nodefaults "
        "-device pcie-root-port,id=rp0,bus=pcie.0,chassis=1,addr=05.0 "
        "-device nova-gpu,bus=rp0,vram-size=512M,bar1-size=16M",
        .objects = "nova-gpu* pcie-root-port pcie-mmcfg-mmio*",
    },
    {   /* nova-gpu */
        .name = "nova-gpu-hotplug",
        .args = "-machine q35 -nodefaults "
        "-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off "
        "-device pcie-root-port,id=rp0,bus=pcie.0,chassis=1,addr=05.0 "
        "-device nova-gpu,bus=rp0,vram-size=512M,bar1-size=16M",
        .objects = "nova-gpu* pcie-root-port pcie-mmcfg-mmio*",
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

# generic-fuzz sets nothing up that firmware would: q35's ECAM is off and
# bridges are unnumbered, so devices behind a root port have no bus and no
# BARs. With QEMU_FUZZ_FIRMWARE_PCIE (our configs set it), each input starts
# as a q35 guest's firmware leaves the machine, and devices are addressed
# by bus and devfn. A device an input unplugged is skipped (and kept
# referenced, so that the harness's pointer stays valid).
FIRMWARE_PCIE = r"""/* nova-gpu: fuzz_firmware_pcie */
/*
 * What a q35 guest's firmware does before the OS, redone after each reset:
 * ECAM on (the MCH's PCIEXBAR: 0xb0000000, 256 buses), and every bridge on
 * bus 0 numbered (secondary = subordinate = 1, 2, ...) with its memory
 * window over 0xe0000000-0xefffffff, where libqos puts BARs, its
 * prefetchable window closed, memory and bus mastering on. One level of
 * bridges, and one window for all of them: enough for a root port or two.
 */
static void fuzz_firmware_pcie(QTestState *s)
{
    static int wanted = -1;
    uint32_t bus = 1, devfn;

    if (wanted < 0) {
        wanted = getenv("QEMU_FUZZ_FIRMWARE_PCIE") != NULL;
    }
    if (!wanted) {
        return;
    }
    qtest_outl(s, PCI_HOST_BRIDGE_CFG, 0x80000064);
    qtest_outl(s, PCI_HOST_BRIDGE_DATA, 0);
    qtest_outl(s, PCI_HOST_BRIDGE_CFG, 0x80000060);
    qtest_outl(s, PCI_HOST_BRIDGE_DATA, 0xb0000001);
    for (devfn = 0; devfn < 256; devfn++) {
        uint32_t cfg = 0x80000000u | devfn << 8;

        qtest_outl(s, PCI_HOST_BRIDGE_CFG, cfg | PCI_VENDOR_ID);
        if (qtest_inw(s, PCI_HOST_BRIDGE_DATA) == 0xffff) {
            continue;
        }
        qtest_outl(s, PCI_HOST_BRIDGE_CFG, cfg | 0xc);
        if (((qtest_inl(s, PCI_HOST_BRIDGE_DATA) >> 16) & 0x7f) !=
            PCI_HEADER_TYPE_BRIDGE) {
            continue;
        }
        qtest_outl(s, PCI_HOST_BRIDGE_CFG, cfg | PCI_PRIMARY_BUS);
        qtest_outl(s, PCI_HOST_BRIDGE_DATA, bus << 16 | bus << 8);
        qtest_outl(s, PCI_HOST_BRIDGE_CFG, cfg | PCI_MEMORY_BASE);
        qtest_outl(s, PCI_HOST_BRIDGE_DATA, 0xeff0e000);
        qtest_outl(s, PCI_HOST_BRIDGE_CFG, cfg | PCI_PREF_MEMORY_BASE);
        qtest_outl(s, PCI_HOST_BRIDGE_DATA, 0x0000fff0);
        qtest_outl(s, PCI_HOST_BRIDGE_CFG, cfg | PCI_COMMAND);
        qtest_outw(s, PCI_HOST_BRIDGE_DATA,
                   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
        bus++;
    }
}

"""
def fuzz_firmware_pcie(text):
    # Always from QEMU's own file, kept aside on the first edit, so that a
    # changed edit replaces an older one on a tree patched before.
    orig = os.path.join(src, "tests/qtest/fuzz/generic_fuzz.c.nova-orig")
    if os.path.exists(orig):
        with open(orig) as f:
            text = f.read()
    elif "nova-gpu" in text:
        sys.exit("[overlay] error: generic_fuzz.c carries an older nova-gpu edit "
                 "and QEMU's own copy is gone: restore the file and run again")
    else:
        with open(orig, "w") as f:
            f.write(text)
    steps = [
        ("static void generic_fuzz(QTestState *s, const unsigned char *Data, size_t Size)\n{",
         FIRMWARE_PCIE + "static void generic_fuzz(QTestState *s, const unsigned char *Data, size_t Size)\n{"),
        ("    QPCIBus *pcibus = qpci_new_pc(s, NULL);\n    g_ptr_array_foreach(fuzzable_pci_devices, pci_enum, pcibus);",
         "    fuzz_firmware_pcie(s);  /* nova-gpu */\n"
         "    QPCIBus *pcibus = qpci_new_pc(s, NULL);\n    g_ptr_array_foreach(fuzzable_pci_devices, pci_enum, pcibus);"),

        ("    int devfn = dev->devfn;\n",
         "    if (!DEVICE(dev)->realized) {  /* nova-gpu: unplugged by an input */\n"
         "        return;\n    }\n"
         "    int devfn = pci_dev_bus_num(dev) << 8 | dev->devfn;  /* nova-gpu: bus too */\n"),
        ("    qdev = qpci_device_find(bus, dev->devfn);",
         "    if (!DEVICE(dev)->realized) {  /* nova-gpu: unplugged by an input */\n"
         "        return;\n    }\n"
         "    qdev = qpci_device_find(bus, pci_dev_bus_num(dev) << 8 | dev->devfn);  /* nova-gpu */"),
        ("            g_ptr_array_add(fuzzable_pci_devices, PCI_DEVICE(child));\n",
         "            g_ptr_array_add(fuzzable_pci_devices, PCI_DEVICE(child));\n"
         "            object_ref(child);  /* nova-gpu: outlives an unplug */\n"),
        ("    g_setenv(\"QEMU_FUZZ_OBJECTS\", config->objects, 1);\n",
         "    g_setenv(\"QEMU_FUZZ_OBJECTS\", config->objects, 1);\n"
         "    if (g_str_has_prefix(config->name, \"nova-gpu\")) {  /* nova-gpu */\n"
         "        g_setenv(\"QEMU_FUZZ_FIRMWARE_PCIE\", \"1\", 1);\n    }\n"),
    ]
    for old, new in steps:
        if old not in text:
            sys.exit("[overlay] error: generic_fuzz.c differs from QEMU 10.2's: " + old.splitlines()[0])
        text = text.replace(old, new)
    return text
edit("tests/qtest/fuzz/generic_fuzz.c", fuzz_firmware_pcie)

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
