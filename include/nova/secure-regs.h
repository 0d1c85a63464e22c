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

#include "nova/regs/pbus.h"
#include "nova/regs/pfb.h"

typedef struct NovaSecureRegs {
    uint32_t sw_scratch[NV_PBUS_SW_SCRATCH__SIZE_1];
    /* NV_PFB_PRI_MMU_WPR2_ADDR_LO/HI */
    uint32_t wpr2_lo;
    uint32_t wpr2_hi;
} NovaSecureRegs;

/* WPR2 register value for a 4 KiB-aligned FB address (VAL = address >> 12) */
static inline uint32_t nova_wpr2_reg(uint64_t addr)
{
    return NV_FIELD_DP32(0, NV_PFB_PRI_MMU_WPR2_ADDR_LO, VAL, addr >> 12);
}

static inline uint64_t nova_wpr2_addr(uint32_t reg)
{
    return (uint64_t)NV_FIELD_EX32(reg, NV_PFB_PRI_MMU_WPR2_ADDR_LO, VAL) << 12;
}

#endif
