/*
 * nova-gpu: QEMU model of an NVIDIA GSP-based GPU (Turing, Ampere, Ada),
 * for developing and testing the Linux drivers (nova-core, nouveau) without
 * the hardware.
 *
 * This file is the PCI device: properties, config space, BARs, reset. The
 * BAR0 units are in one file each (see bar0.c for the map); chip facts are in
 * common/chip.c. User documentation: docs/nova-gpu.md in the nova-gpu tree.
 *
 * BARs, as on the real boards:
 *   BAR0  16 MiB  registers (32-bit, non-prefetchable)
 *   BAR1  VRAM aperture (64-bit, prefetchable; property bar1-size)
 *   BAR3  32 MiB instance-memory aperture (64-bit, prefetchable), which
 *         NVIDIA calls "BAR2"
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/range.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "hw/pci/msi.h"
#include "hw/pci/pcie.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "nova-gpu.h"
#include "nova/fb.h"
#include "nova/vbios.h"
#include "trace.h"

#define NOVA_MSI_CAP_OFFSET     0x68
#define NOVA_PCIE_CAP_OFFSET    0x78

uint64_t nova_host_now_ns(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}


static void nova_gpu_do_reset(NovaGpuState *s)
{
    trace_nova_gpu_reset(s->chip ? s->chip->name : "?");
    s->reset_deferred = false;
    nova_bar0_reset(s);     /* every unit: its table, then its reset hook */
    s->irq_level = false;
    s->msi_was_enabled = false;
    nova_gmmu_reset(s);
    nova_host_reset(s);
}

/*
 * A reset that arrives while the device is at work (its DMA or MSI reached
 * its own config space: an FLR through ECAM, a root port's secondary bus
 * reset) waits until that work has returned: see nova_io_begin().
 */
static void nova_gpu_reset(DeviceState *dev)
{
    NovaGpuState *s = NOVA_GPU(dev);

    if (dev->mem_reentrancy_guard.engaged_in_io && s->reset_bh) {
        trace_nova_gpu_ub_reset_deferred();
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: reset requested by the "
                      "device's own DMA or interrupt: deferred until that "
                      "work returns\n");
        s->reset_deferred = true;
        qemu_bh_schedule(s->reset_bh);
        return;
    }
    nova_gpu_do_reset(s);
}

void nova_gpu_reset_deferred(NovaGpuState *s)
{
    if (s->reset_deferred && !s->gone) {
        nova_gpu_do_reset(s);
    }
}

static void nova_gpu_reset_bh(void *opaque)
{
    nova_time_enter(opaque, NOVA_TIME_BH_RESET);
    nova_gpu_reset_deferred(opaque);
    nova_time_leave(opaque);
}

static void nova_gpu_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                                  int len)
{
    NovaGpuState *s = NOVA_GPU(pdev);
    bool msi;

    nova_time_enter(s, NOVA_TIME_CONFIG);
    pci_default_write_config(pdev, addr, val, len);
    pcie_cap_flr_write_config(pdev, addr, val, len);   /* FLR: a device reset */
    msi = msi_enabled(pdev);
    if (msi != s->msi_was_enabled) {
        /* Switching between INTx and MSI: drop what the old path drove. */
        if (s->irq_level && msi) {
            pci_set_irq(pdev, 0);
        }
        s->irq_level = false;
        s->msi_was_enabled = msi;
        nova_irq_update(s);
    }
    if (ranges_overlap(addr, len, PCI_COMMAND, 2) ||
        ranges_overlap(addr, len, PCI_BASE_ADDRESS_1, 12)) {
        nova_vram_bar1_check(s);    /* BAR1 may be mapped now */
    }
    nova_time_leave(s);
}

static bool nova_gpu_check_props(NovaGpuState *s, Error **errp)
{
    uint32_t lmr;

    s->chip = nova_chip_by_name(s->chip_name);
    if (!s->chip) {
        error_setg(errp, "nova-gpu: chip '%s' is not one of: %s",
                   s->chip_name ? s->chip_name : "", nova_chip_names());
        return false;
    }
    /*
     * The FB size reaches the drivers through NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE
     * (6-bit magnitude, 4-bit MiB scale) and NV_USABLE_FB_SIZE_IN_MB; refuse
     * sizes those cannot express rather than report a different one. Zero
     * is refused too: nova-core 7.2.8 panics on a zero FB.
     */
    if (!nova_fb_encode_local_memory_range(s->vram_size, &lmr) ||
        s->vram_size / MiB > UINT32_MAX) {
        error_setg(errp, "nova-gpu: vram-size %" PRIu64 " cannot be reported "
                   "by the hardware's FB size registers", s->vram_size);
        error_append_hint(errp, "Use a whole number of MiB with at most six "
                          "significant bits, such as 512M, 1G, 6G, 8G or 24G.\n");
        return false;
    }
    if (s->bar1_size == 0) {
        s->bar1_size = MIN(NOVA_BAR1_DEFAULT, pow2floor(s->vram_size));
    }
    if (!is_power_of_2(s->bar1_size) || s->bar1_size < 1 * MiB ||
        s->bar1_size > s->vram_size) {
        error_setg(errp, "nova-gpu: bar1-size %" PRIu64 " must be a power of "
                   "two between 1 MiB and vram-size", s->bar1_size);
        return false;
    }
    return true;
}

/*
 * The VBIOS: generated for the chip, unless the user gave a dump with
 * romfile=, which QEMU loads into the ROM BAR after realize and the PROM
 * window then serves. The generated one backs our own ROM BAR.
 */
static bool nova_gpu_init_rom(NovaGpuState *s, Error **errp)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint64_t bar_size;

    s->vbios = nova_vbios_build(s->chip, &s->vbios_len);
    if (!s->vbios) {
        error_setg(errp, "nova-gpu: cannot build the VBIOS");
        return false;
    }
    if (pdev->romfile && *pdev->romfile) {
        if (!pdev->rom_bar) {
            error_setg(errp, "nova-gpu: romfile= needs the ROM BAR (rombar=0 "
                       "would leave the PROM window without the dump)");
            goto fail;
        }
        return true;
    }
    if (!pdev->rom_bar) {
        return true;    /* PROM only, no expansion ROM BAR */
    }
    bar_size = MAX(pow2ceil(s->vbios_len), NOVA_ROM_BAR_MIN);
    if (!memory_region_init_rom(&s->rom_bar, OBJECT(s), "nova-gpu.rom",
                                bar_size, errp)) {
        goto fail;
    }
    /* past the image the flash is erased, as the PROM window shows it */
    memset(memory_region_get_ram_ptr(&s->rom_bar), 0xff, bar_size);
    memcpy(memory_region_get_ram_ptr(&s->rom_bar), s->vbios, s->vbios_len);
    pci_register_bar(pdev, PCI_ROM_SLOT, 0, &s->rom_bar);
    return true;

fail:
    free(s->vbios);
    s->vbios = NULL;
    return false;
}

static void nova_gpu_realize(PCIDevice *pdev, Error **errp)
{
    NovaGpuState *s = NOVA_GPU(pdev);
    uint8_t *conf = pdev->config;

    if (!nova_gpu_check_props(s, errp)) {
        return;
    }

    pci_config_set_vendor_id(conf, PCI_VENDOR_ID_NVIDIA);
    pci_config_set_device_id(conf, s->chip->pci_device_id);
    pci_config_set_revision(conf, s->chip->pci_revision);
    pci_config_set_class(conf, PCI_CLASS_DISPLAY_VGA);
    pci_set_word(conf + PCI_SUBSYSTEM_VENDOR_ID, PCI_VENDOR_ID_NVIDIA);
    pci_set_word(conf + PCI_SUBSYSTEM_ID, s->chip->pci_device_id);
    pci_config_set_interrupt_pin(conf, 1);
    /* NVIDIA-private config dword: bit 0 enables the PROM shadow. */
    pci_set_long(conf + A_NV_PCFG_ROM_SHADOW - NV_PCFG_BASE,
                 NV_FIELD_MASK(NV_PCFG_ROM_SHADOW, ENABLE));
    pci_set_long(pdev->wmask + A_NV_PCFG_ROM_SHADOW - NV_PCFG_BASE,
                 NV_FIELD_MASK(NV_PCFG_ROM_SHADOW, ENABLE));
    pdev->config_write = nova_gpu_config_write;

    if (msi_init(pdev, NOVA_MSI_CAP_OFFSET, 1, true, false, errp) < 0) {
        return;
    }
    if (pcie_endpoint_cap_init(pdev, NOVA_PCIE_CAP_OFFSET) < 0) {
        error_setg(errp, "nova-gpu: cannot add the PCIe capability");
        return;
    }
    pcie_cap_flr_init(pdev);    /* function-level reset: as a device reset */

    nova_bar0_init(s);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar0);

    /* VRAM: RAM the host backs on first touch; vram.c says what migrates */
    if (!nova_vram_init(s, errp)) {
        return;
    }
    /*
     * BAR1 and BAR3 (NVIDIA's BAR2) translate through the GPU MMU once
     * their block registers name an instance block (gmmu.c); until then
     * BAR1 is VRAM from offset 0.
     */
    nova_gmmu_init_bars(s);
    pci_register_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->bar1);
    pci_register_bar(pdev, 3, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->bar3);

    if (!nova_gpu_init_rom(s, errp)) {
        goto fail_rom;              /* it freed its VBIOS itself */
    }
    if (!nova_host_init(s, errp)) {
        goto fail_host;
    }
    nova_scanout_init(s, errp);
    s->reset_bh = qemu_bh_new(nova_gpu_reset_bh, s);
    if (!nova_fault_arm_spec(s, s->fault_spec, errp) ||
        !nova_transcript_open(s, errp)) {
        goto fail;
    }

    trace_nova_gpu_realize(s->chip->name, s->vram_size, s->bar1_size,
                           s->display);
    return;

fail:
    nova_host_exit(s);
fail_host:
    free(s->vbios);
    s->vbios = NULL;
fail_rom:
    nova_gmmu_exit(s);
    nova_vram_exit(s);
}

/*
 * Unplug. It can happen inside the device's own work (an MSI aimed at the
 * root port's Slot Control powers the slot off): stop everything, free
 * only what no in-flight access reaches, and leave the rest to finalize.
 */
static void nova_gpu_exit(PCIDevice *pdev)
{
    NovaGpuState *s = NOVA_GPU(pdev);

    trace_nova_gpu_unrealize(DEVICE(s)->mem_reentrancy_guard.engaged_in_io);
    s->gone = true;
    nova_gmmu_bar1_direct_drop(s, "unplug");
    msi_uninit(pdev);
    nova_host_stop(s);
    if (s->reset_bh) {
        qemu_bh_cancel(s->reset_bh);
    }
    nova_scanout_exit(s);
    nova_vram_exit(s);      /* its RamDiscardManager goes with the region */
}

static void nova_gpu_instance_finalize(Object *obj)
{
    NovaGpuState *s = NOVA_GPU(obj);

    if (s->reset_bh) {
        qemu_bh_delete(s->reset_bh);
        s->reset_bh = NULL;
    }
    nova_host_exit(s);
    nova_gmmu_exit(s);
    nova_transcript_close(s);
    nova_time_free(s);
    free(s->vbios);     /* malloc'd by the QEMU-free generator */
    s->vbios = NULL;
}

static const Property nova_gpu_properties[] = {
    DEFINE_PROP_STRING("chip", NovaGpuState, chip_name),
    DEFINE_PROP_SIZE("vram-size", NovaGpuState, vram_size, NOVA_VRAM_DEFAULT),
    DEFINE_PROP_SIZE("bar1-size", NovaGpuState, bar1_size, 0),
    DEFINE_PROP_BOOL("display", NovaGpuState, display, false),
    DEFINE_PROP_STRING("fault", NovaGpuState, fault_spec),
    DEFINE_PROP_BOOL("bar1-direct", NovaGpuState, bar1_direct, true),
    DEFINE_PROP_BOOL("count-device-time", NovaGpuState, count_device_time, false),
    DEFINE_PROP_STRING("transcript", NovaGpuState, transcript_path),
    DEFINE_EDID_PROPERTIES(NovaGpuState, edid_info),
};


static void nova_gpu_instance_init(Object *obj)
{
    NovaGpuState *s = NOVA_GPU(obj);

    s->chip_name = g_strdup("ga102");
    nova_monitor_init(s);
}

static void nova_gpu_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    pc->realize = nova_gpu_realize;
    pc->exit = nova_gpu_exit;
    pc->vendor_id = PCI_VENDOR_ID_NVIDIA;
    pc->class_id = PCI_CLASS_DISPLAY_VGA;

    dc->desc = "NVIDIA GSP GPU model (Turing, Ampere, Ada) for driver testing";
    dc->vmsd = &vmstate_nova_gpu;
    device_class_set_legacy_reset(dc, nova_gpu_reset);
    device_class_set_props(dc, nova_gpu_properties);
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);

    object_class_property_set_description(klass, "chip",
        "GPU to emulate: tu102, ga102 (default) or ad102");
    object_class_property_set_description(klass, "vram-size",
        "VRAM size (default 8G); backed lazily by host memory, and only what "
        "the guest can have written migrates");
    object_class_property_set_description(klass, "bar1-size",
        "BAR1 VRAM aperture size, a power of two (default: 256M, or "
        "vram-size if smaller)");
    object_class_property_set_description(klass, "fault",
        "Faults to inject: rules NAME[=VALUE][:fn=N][:nth=N][:times=N|always] "
        "separated by ';' (docs/faults.md)");
    object_class_property_set_description(klass, "bar1-direct",
        "Map VRAM that BAR1's page tables translate straight into the guest "
        "after a first access (default on); off: every access is an MMIO "
        "exit through the GPU MMU");
    object_class_property_set_description(klass, "count-device-time",
        "Count the host time spent in the device's own code, by entry point "
        "(QOM device-time, info nova-gpu; bench/boot.sh). Off by default: "
        "it adds two clock reads to every MMIO access");
    object_class_property_set_description(klass, "transcript",
        "File to write every GSP-RM message to, as JSON lines");
    object_class_property_set_description(klass, "display",
        "Display engine present (default off: fused off, headless); on: one "
        "head and one TMDS connector, shown on a QEMU console (docs/display.md)");
}

static const TypeInfo nova_gpu_types[] = {
    {
        .name = TYPE_NOVA_GPU,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(NovaGpuState),
        .instance_init = nova_gpu_instance_init,
        .instance_finalize = nova_gpu_instance_finalize,
        .class_init = nova_gpu_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { INTERFACE_PCIE_DEVICE },
            { }
        },
    },
};

static void nova_gpu_register_types(void)
{
    type_register_static_array(nova_gpu_types, ARRAY_SIZE(nova_gpu_types));
    nova_monitor_register();
}

type_init(nova_gpu_register_types)
