/*
 * nova-gpu: PBUS (BAR0 0x001000): the scratch registers FWSEC reports
 * through, and the PRAMIN window.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_PBUS_H
#define NOVA_REGS_PBUS_H

#include "units.h"

NV_REG32_ARRAY(NV_PBUS_SW_SCRATCH, 0x001400, 64, 4)
/* scratch 0xe, bits 31:16: FWSEC-FRTS's error; 0x15, bits 15:0: FWSEC-SB's */
enum { NV_PBUS_SW_SCRATCH_FRTS_ERR = 0x0e, NV_PBUS_SW_SCRATCH_SB_ERR = 0x15 };
    NV_FIELD(NV_PBUS_SW_SCRATCH, FRTS_ERR_CODE, 16, 16)
    NV_FIELD(NV_PBUS_SW_SCRATCH, SB_ERR_CODE, 0, 16)
NV_REG32(NV_PBUS_BAR0_WINDOW, 0x001700)
    NV_FIELD(NV_PBUS_BAR0_WINDOW, BASE, 0, 24)      /* VRAM address >> 16 */
    NV_FIELD(NV_PBUS_BAR0_WINDOW, TARGET, 24, 2)
enum { NV_PBUS_BAR0_WINDOW_TARGET_VID_MEM = 0 };

#endif
