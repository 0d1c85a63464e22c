/*
 * nova-gpu: the chip table.
 *
 * Values: BOOT_0/BOOT_42 follow the revision-A1 encodings both drivers decode
 * (nouveau engine/device/base.c, nova-core regs.rs). PCI device IDs are those
 * of real boards with the chip (RTX 2080 Ti, RTX 3090, RTX 4090); the drivers
 * match on vendor and class only, so the ID is cosmetic but realistic.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
/*
 * By relative path: the qtest, which QEMU's meson builds without our
 * include directory, compiles this table too (its one source of chip facts).
 */
#include "../include/nova/chip.h"

#include <stddef.h>
#include <string.h>

#include "../include/nova/regs/fuse.h"


static const NovaChip nova_chips[NOVA_CHIP__COUNT] = {
    [NOVA_CHIP_TU102] = {
        .id = NOVA_CHIP_TU102,
        .name = "tu102",
        .marketing = "GeForce RTX 2080 Ti",
        .pci_device_id = 0x1e04,
        .pci_revision = 0xa1,
        .boot_0 = 0x162000a1,
        .boot_42 = 0x162a1000,
        .fb_size_in_aon_scratch = false,
        .fuse_display_reg = A_NV_FUSE_STATUS_OPT_DISPLAY_GM107,
        .fwsec_desc_version = 2,
        .vbios_version = { 0x90, 0x02, 0x4e, 0x56, 0x01 },
        .gsp_sig_section = ".fwsignature_tu10x",
        .hs_sig_size = 0x10,
        .hs_sig_count = 1,
        .riscv_desc_version = 4,
        .fwsec_needs_bootloader = true,
        .falcon_ga102_regs = false,
    },
    [NOVA_CHIP_GA102] = {
        .id = NOVA_CHIP_GA102,
        .name = "ga102",
        .marketing = "GeForce RTX 3090",
        .pci_device_id = 0x2204,
        .pci_revision = 0xa1,
        .boot_0 = 0x172000a1,
        .boot_42 = 0x172a1000,
        .fb_size_in_aon_scratch = true,
        .fuse_display_reg = A_NV_FUSE_STATUS_OPT_DISPLAY_GA100,
        .fwsec_desc_version = 3,
        .vbios_version = { 0x94, 0x02, 0x4e, 0x56, 0x01 },
        .gsp_sig_section = ".fwsignature_ga10x",
        .hs_sig_size = 0x180,
        .hs_sig_count = 2,
        .riscv_desc_version = 5,
        .fwsec_needs_bootloader = false,
        .falcon_ga102_regs = true,
    },
    [NOVA_CHIP_AD102] = {
        .id = NOVA_CHIP_AD102,
        .name = "ad102",
        .marketing = "GeForce RTX 4090",
        .pci_device_id = 0x2684,
        .pci_revision = 0xa1,
        .boot_0 = 0x192000a1,
        .boot_42 = 0x192a1000,
        .fb_size_in_aon_scratch = true,
        .fuse_display_reg = A_NV_FUSE_STATUS_OPT_DISPLAY_GA100,
        .fwsec_desc_version = 3,
        .vbios_version = { 0x95, 0x02, 0x4e, 0x56, 0x01 },
        .gsp_sig_section = ".fwsignature_ad10x",
        .hs_sig_size = 0x180,
        .hs_sig_count = 2,
        .riscv_desc_version = 5,
        .fwsec_needs_bootloader = false,
        .falcon_ga102_regs = true,
    },
};

const NovaChip *nova_chip_by_name(const char *name)
{
    size_t i;

    if (!name) {
        return NULL;
    }
    for (i = 0; i < NOVA_CHIP__COUNT; i++) {
        if (strcmp(nova_chips[i].name, name) == 0) {
            return &nova_chips[i];
        }
    }
    return NULL;
}

const NovaChip *nova_chip_by_id(NovaChipId id)
{
    if ((unsigned)id >= NOVA_CHIP__COUNT) {
        return NULL;
    }
    return &nova_chips[id];
}

const char *nova_chip_names(void)
{
    static char names[NOVA_CHIP__COUNT * 16];
    size_t i;

    if (!names[0]) {
        for (i = 0; i < NOVA_CHIP__COUNT; i++) {
            if (i) {
                strcat(names, ", ");
            }
            strcat(names, nova_chips[i].name);
        }
    }
    return names;
}
