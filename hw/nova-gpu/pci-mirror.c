/*
 * nova-gpu: the PCI configuration space mirror in BAR0 (NV_PCFG, 0x088000).
 *
 * The GPU exposes its own config space through BAR0; nouveau toggles the ROM
 * shadow bit (config 0x50) through it and rearms MSI at 0x088704. Accesses
 * go through QEMU's config-space code, so write masks and side effects are
 * the same as for a config cycle.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"

static bool pci_mirror_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    hwaddr off = addr - NV_PCFG_BASE;

    if (addr == A_NV_XVE_MSI_EOI) {
        *val = 0;
        return true;
    }
    if (off + 4 > pci_config_size(pdev)) {
        /* Extended space on a conventional bus: nothing behind it. */
        *val = 0;
        return true;
    }
    *val = pdev->config_read(pdev, off, 4);
    return true;
}

static bool pci_mirror_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    hwaddr off = addr - NV_PCFG_BASE;

    if (addr == A_NV_XVE_MSI_EOI) {
        nova_irq_msi_rearm(s);
        return true;
    }
    if (off + 4 > pci_config_size(pdev)) {
        return false;
    }
    pdev->config_write(pdev, off, val, 4);
    return true;
}

/* the rest of the window is config space, named by its offset */
static const NovaRegRow pci_mirror_rows[] = {
    NV_ROW(NV_PCFG_ROM_SHADOW, .hooked = true),
    NV_ROW(NV_XVE_MSI_EOI, .hooked = true),
};

static const char *pci_mirror_reg_name(hwaddr addr)
{
    return "NV_PCFG";
}

const NovaUnitInfo nova_unit_pci_mirror = {
    .name = "PCFG",
    .base = NV_PCFG_BASE,
    .size = NV_PCFG_SIZE,
    .rows = pci_mirror_rows,
    .nrows = ARRAY_SIZE(pci_mirror_rows),
    .read = pci_mirror_read,
    .write = pci_mirror_write,
    .reg_name = pci_mirror_reg_name,
};
