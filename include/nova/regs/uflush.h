/*
 * nova-gpu: UFLUSH (BAR0 0x070000): the flush of the frame buffer's write
 * path, which drivers ring before they trust that their BAR writes reached
 * VRAM (nouveau's g84_bar_flush; on GSP-RM r570 before BAR2 is set up).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_UFLUSH_H
#define NOVA_REGS_UFLUSH_H

#include "units.h"

NV_REG32(NV_UFLUSH_FB_FLUSH, 0x070000)
    NV_FIELD(NV_UFLUSH_FB_FLUSH, PENDING, 0, 1)     /* write 1: flush */
    NV_FIELD(NV_UFLUSH_FB_FLUSH, OUTSTANDING, 1, 1) /* 1 while one is under way */

#endif
