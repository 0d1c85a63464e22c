/*
 * nova-gpu: per-chip facts.
 *
 * Everything that differs between the emulated chips lives in one table, so
 * that code branches on a fact ("does this chip report its FB size in the
 * AON scratch?") rather than on a chip name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_CHIP_H
#define NOVA_CHIP_H

#include <stdbool.h>
#include <stdint.h>

typedef enum NovaChipId {
    NOVA_CHIP_TU102,
    NOVA_CHIP_GA102,
    NOVA_CHIP_AD102,
    NOVA_CHIP__COUNT,
} NovaChipId;

typedef struct NovaChip {
    NovaChipId id;
    const char *name;           /* lowercase, as the firmware directory */
    const char *marketing;      /* for documentation and logs only */
    uint16_t pci_device_id;
    uint8_t pci_revision;
    /* NV_PMC_BOOT_0: arch 28:24, impl 23:20, major 7:4, minor 3:0 */
    uint32_t boot_0;
    /* NV_PMC_BOOT_42: arch 29:24, impl 23:20, major 19:16, minor 15:12 */
    uint32_t boot_42;
    /*
     * GA102 and later report the usable FB size (MiB) in
     * NV_USABLE_FB_SIZE_IN_MB; Turing drivers decode
     * NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE instead.
     */
    bool fb_size_in_aon_scratch;
    /* The display fuse moved from 0x021c04 (gm107) to 0x820c04 (ga100). */
    uint32_t fuse_display_reg;
    /*
     * FWSEC's ucode descriptor in the VBIOS: v2 where the drivers load it
     * through the generic bootloader by PIO (Turing, GA100), v3 where they
     * DMA it straight into the falcon (GA102 and later).
     */
    uint8_t fwsec_desc_version;
    /* VBIOS version bytes as nouveau prints them: major.chip.minor.micro.patch */
    uint8_t vbios_version[5];
    /* GSP-RM image: the ELF section with this chip family's signature */
    const char *gsp_sig_section;
    /*
     * Heavy-secure (booter) signatures: Turing's are 16-byte AES-style
     * signatures, Ampere and Ada carry RSA-3K (384-byte) ones with fuse
     * metadata. Count and size per booter file.
     */
    uint16_t hs_sig_size;
    uint8_t hs_sig_count;
    /* RM_RISCV_UCODE_DESC version of the GSP bootloader file (4 or 5) */
    uint8_t riscv_desc_version;
    /* Turing and GA100 boot FWSEC through the generic falcon bootloader */
    bool fwsec_needs_bootloader;
    /*
     * GA102 and later falcons: DMA loads with BROM parameters, RISC-V state
     * in RISCV_CPUCTL (PFALCON2 +0x388) and the BCR core select (+0x668).
     * Turing reports RISC-V state in RISCV_CORE_SWITCH_RISCV_STATUS (+0x240).
     */
    bool falcon_ga102_regs;
} NovaChip;

/* The chip table entry for @name ("tu102", "ga102", "ad102"), or NULL. */
const NovaChip *nova_chip_by_name(const char *name);
const NovaChip *nova_chip_by_id(NovaChipId id);
/* "tu102, ga102, ad102": for error messages and help text. */
const char *nova_chip_names(void);

#endif
