/*
 * nova-gpu: the display's registers the boot path touches: PRMCIO's VGA
 * CRTC (BAR0 0x601000, byte-wide) and PDISP's VGA workspace.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_DISPLAY_H
#define NOVA_REGS_DISPLAY_H

#include "units.h"

/* byte registers: A_ is the byte's BAR0 offset */
NV_REG32(NV_PRMCIO_CRX__COLOR, 0x6013d4)
NV_REG32(NV_PRMCIO_CR__COLOR, 0x6013d5)

NV_REG32(NV_PDISP_VGA_WORKSPACE_BASE, 0x625f04)
    NV_FIELD(NV_PDISP_VGA_WORKSPACE_BASE, STATUS_VALID, 3, 1)
    NV_FIELD(NV_PDISP_VGA_WORKSPACE_BASE, ADDR, 8, 24)

#endif
