/*
 * nova-gpu: NV_PCFG (BAR0 0x088000), the mirror of PCI configuration space,
 * and the XVE registers behind it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_XVE_H
#define NOVA_REGS_XVE_H

#include "units.h"

/* config dword 0x50: bit 0 lets the VBIOS be read through PROM (nouveau) */
NV_REG32(NV_PCFG_ROM_SHADOW, 0x088050)
    NV_FIELD(NV_PCFG_ROM_SHADOW, ENABLE, 0, 1)
NV_REG32(NV_XVE_MSI_EOI, 0x088704)      /* any write rearms MSI (pre-Hopper) */

#endif
