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
#include "../include/nova/classes.h"

#include <stddef.h>
#include <string.h>

#include "../include/nova/regs/fuse.h"

/*
 * The engines GSP-RM's device-info table lists, per chip. GR0 and the five
 * copy engines OpenRM's class list gives TU102, GA102 and AD102 (ENG_CE(0)
 * to ENG_CE(4); nouveau's chip table agrees: ce mask 0x1f).
 *
 * From the hardware headers (OpenRM dev_fault.h, dev_top.h): the MMU fault
 * IDs (GRAPHICS 64, CEn 15 + n) and the device types (GRAPHICS 0, LCE 19).
 * The model's choices, consistent across the table: every engine has a
 * runlist of its own (GR0 on 0, COPYn on 1 + n) and one PBDMA with the
 * runlist's number, except Turing's CE0: there it is the GRCE, on GR0's
 * runlist and PBDMA, as on hardware. nouveau needs it so: on Turing its
 * abi16 puts a copy object on every channel, a graphics one too
 * (abi16CeWar), and a channel offers only its runlist's engines' classes.
 * On Ampere and Ada nouveau does not, and the model keeps CE0 apart
 * (nouveau r535 filters lone GRCEs only on GB20x). Ampere and Ada have NV_RUNLIST blocks (RUNLIST_PRI_BASE); the
 * model places them at 0x2a0000 + 0x1000 * runlist, where nothing else
 * is (nouveau only uses the base to tell runlists apart). The non-stall
 * vectors, 0xa0 for GR0 and 0xa1 + n for COPYn, are in leaf 5 of the
 * interrupt tree, clear of the GSP's 0x9b and the MMU fault vectors
 * 0x84..0x86.
 */
#define ENGINE_GR0(pri) \
    { .engine_type = 0x01, .instance = 0, .name = "GR0", .runlist = 0, \
      .runlist_pri_base = (pri) ? 0x2a0000 : 0, .pbdma = 0, \
      .mmu_fault_id = 64, .dev_type = 0, .nonstall_vector = 0xa0 }
#define ENGINE_CE(n, pri) \
    { .engine_type = 0x09 + (n), .instance = (n), .name = "CE" #n, \
      .runlist = 1 + (n), .runlist_pri_base = (pri) ? 0x2a0000 + 0x1000 * (1 + (n)) : 0, \
      .pbdma = 1 + (n), .mmu_fault_id = 15 + (n), .dev_type = 19, \
      .nonstall_vector = 0xa1 + (n) }
#define ENGINES_GR0_CE0_4(pri) \
    ENGINE_GR0(pri), ENGINE_CE(0, pri), ENGINE_CE(1, pri), ENGINE_CE(2, pri), \
    ENGINE_CE(3, pri), ENGINE_CE(4, pri)

/* Turing's GRCE: CE0 on GR0's runlist and PBDMA */
#define ENGINE_GRCE0 \
    { .engine_type = 0x09, .instance = 0, .name = "CE0", .runlist = 0, \
      .runlist_pri_base = 0, .pbdma = 0, .mmu_fault_id = 15, .dev_type = 19, \
      .nonstall_vector = 0xa1 }

static const NovaChipEngine tu102_engines[] = {
    ENGINE_GR0(false), ENGINE_GRCE0, ENGINE_CE(1, false), ENGINE_CE(2, false),
    ENGINE_CE(3, false), ENGINE_CE(4, false)
};
static const NovaChipEngine ga102_engines[] = { ENGINES_GR0_CE0_4(true) };
static const NovaChipEngine ad102_engines[] = { ENGINES_GR0_CE0_4(true) };

#define ENGINES(e) .engines = (e), .num_engines = sizeof(e) / sizeof((e)[0])


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
        .channel_class = TURING_CHANNEL_GPFIFO_A,
        .usermode_class = TURING_USERMODE_A,
        .copy_class = TURING_DMA_COPY_A,
        .threed_class = TURING_A,
        .compute_class = TURING_COMPUTE_A,
        .twod_class = FERMI_TWOD_A,
        .i2m_class = KEPLER_INLINE_TO_MEMORY_B,
        .ce_mask = 0x1f,
        ENGINES(tu102_engines),
        .disp = { NVC570_DISPLAY, NVC57D_CORE_CHANNEL_DMA, NVC57E_WINDOW_CHANNEL_DMA,
                  NVC57B_WINDOW_IMM_CHANNEL_DMA, NVC57A_CURSOR_IMM_CHANNEL_PIO, GV100_DISP_CAPS,
                  0x2000 },
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
        .channel_class = AMPERE_CHANNEL_GPFIFO_A,
        .usermode_class = AMPERE_USERMODE_A,
        .copy_class = AMPERE_DMA_COPY_B,
        .threed_class = AMPERE_B,
        .compute_class = AMPERE_COMPUTE_B,
        .twod_class = FERMI_TWOD_A,
        .i2m_class = KEPLER_INLINE_TO_MEMORY_B,
        .ce_mask = 0x1f,
        ENGINES(ga102_engines),
        .disp = { NVC670_DISPLAY, NVC67D_CORE_CHANNEL_DMA, NVC67E_WINDOW_CHANNEL_DMA,
                  NVC67B_WINDOW_IMM_CHANNEL_DMA, NVC67A_CURSOR_IMM_CHANNEL_PIO, GV100_DISP_CAPS,
                  0x2000 },
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
        .channel_class = AMPERE_CHANNEL_GPFIFO_A,
        .usermode_class = AMPERE_USERMODE_A,
        .copy_class = AMPERE_DMA_COPY_B,
        .threed_class = ADA_A,
        .compute_class = ADA_COMPUTE_A,
        .twod_class = FERMI_TWOD_A,
        .i2m_class = KEPLER_INLINE_TO_MEMORY_B,
        .ce_mask = 0x1f,
        ENGINES(ad102_engines),
        .disp = { NVC770_DISPLAY, NVC77D_CORE_CHANNEL_DMA, NVC67E_WINDOW_CHANNEL_DMA,
                  NVC67B_WINDOW_IMM_CHANNEL_DMA, NVC67A_CURSOR_IMM_CHANNEL_PIO, GV100_DISP_CAPS,
                  0x2000 },
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

const NovaChipEngine *nova_chip_engine(const NovaChip *chip, uint32_t engine_type)
{
    uint32_t i;

    for (i = 0; chip && i < chip->num_engines; i++) {
        if (chip->engines[i].engine_type == engine_type) {
            return &chip->engines[i];
        }
    }
    return NULL;
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
