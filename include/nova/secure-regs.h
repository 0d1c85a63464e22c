/*
 * nova-gpu: registers that firmware on one engine changes and another unit
 * shows: the PBUS scratch registers FWSEC reports through, and the WPR2
 * bounds in PFB_PRI_MMU that FWSEC-FRTS and the booters set. The QEMU glue
 * maps them at their BAR0 offsets; the falcon model writes them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_SECURE_REGS_H
#define NOVA_SECURE_REGS_H

#include <stdint.h>

#define NOVA_SW_SCRATCH_COUNT   64
#define NOVA_SCRATCH_FRTS_ERR   0x0e    /* bits 31:16: FWSEC-FRTS error */
#define NOVA_SCRATCH_SB_ERR     0x15    /* bits 15:0: FWSEC-SB error */

typedef struct NovaSecureRegs {
    uint32_t sw_scratch[NOVA_SW_SCRATCH_COUNT]; /* NV_PBUS_SW_SCRATCH */
    /* NV_PFB_PRI_MMU_WPR2_ADDR_LO/HI: bits 31:4 = address >> 12 */
    uint32_t wpr2_lo;
    uint32_t wpr2_hi;
} NovaSecureRegs;

/* WPR2 register value for a 4 KiB-aligned FB address */
static inline uint32_t nova_wpr2_reg(uint64_t addr)
{
    return (uint32_t)(addr >> 12) << 4;
}

static inline uint64_t nova_wpr2_addr(uint32_t reg)
{
    return (uint64_t)(reg >> 4) << 12;
}

#endif
