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

/*
 * An engine behind the host (PFIFO), as GSP-RM's device-info table
 * (NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE) lists it. Each engine runs
 * on a runlist of its own here, served by one PBDMA, but Turing's CE0,
 * the GRCE on GR0's; see common/chip.c for where the values come from and
 * which are the model's choice.
 */
typedef struct NovaChipEngine {
    uint32_t engine_type;       /* NV2080_ENGINE_TYPE_* (= RM_ENGINE_TYPE_* for GR0, COPYn) */
    uint32_t instance;          /* GR0: 0; COPYn: n */
    const char *name;           /* engineName in the table */
    uint32_t runlist;
    uint32_t runlist_pri_base;  /* NV_RUNLIST block (Ampere and later; 0 on Turing) */
    uint32_t pbdma;             /* the PBDMA that serves the runlist */
    uint32_t mmu_fault_id;      /* NV_PFAULT_MMU_ENG_ID_* */
    uint32_t dev_type;          /* NV_PTOP_DEVICE_INFO_TYPE_ENUM_* */
    uint32_t nonstall_vector;   /* CPU interrupt vector (GSP-RM's interrupt table) */
} NovaChipEngine;

/* the most engines a chip lists (GR0 and ten copy engines) */
#define NOVA_CHIP_MAX_ENGINES       11

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

    /*
     * Submission: the classes GSP-RM lets a driver allocate on this chip
     * (OpenRM's class list for the chip; nouveau's rm/{tu1xx,ga1xx,ad10x}.c
     * name the same ones), the copy engines it has and the engines its
     * device-info table lists.
     */
    uint32_t channel_class;     /* *_CHANNEL_GPFIFO_A */
    uint32_t usermode_class;    /* *_USERMODE_A */
    uint32_t copy_class;        /* *_DMA_COPY_* */
    uint32_t threed_class;
    uint32_t compute_class;
    uint32_t twod_class;        /* FERMI_TWOD_A */
    uint32_t i2m_class;         /* KEPLER_INLINE_TO_MEMORY_B */
    uint32_t ce_mask;           /* copy engines (LCEs): bit n = COPYn */
    const NovaChipEngine *engines;
    /*
     * The display's classes (nouveau's rm/{tu1xx,ga1xx,ad10x}.c): the root
     * (NVC570_DISPLAY...), its channels' and the caps object's. Ada kept
     * Ampere's window, window-immediate and cursor classes. ramht_size:
     * the bytes of the context DMA hash table at the start of the display
     * instance memory (dev_disp.h NV_UDISP_HASH_LIMIT + 1; nouveau's
     * {tu102,ga102}.c ramht_size: 0x2000 from Volta on).
     */
    struct {
        uint32_t root, core, wndw, wimm, curs, caps;
        uint32_t ramht_size;
    } disp;
    uint32_t num_engines;
} NovaChip;

/* The chip table entry for @name ("tu102", "ga102", "ad102"), or NULL. */
const NovaChip *nova_chip_by_name(const char *name);
const NovaChip *nova_chip_by_id(NovaChipId id);
/* The engine of NV2080 type @engine_type on @chip, or NULL if it has none. */
const NovaChipEngine *nova_chip_engine(const NovaChip *chip, uint32_t engine_type);
/* "tu102, ga102, ad102": for error messages and help text. */
const char *nova_chip_names(void);

#endif
