/*
 * nova-gpu: SEC2's own registers beside its falcon's (BAR0 0x840000,
 * NV_PSEC; the falcon registers are in falcon.h, as offsets from the base).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_PSEC_H
#define NOVA_REGS_PSEC_H

#include "units.h"

/*
 * The security control status. DEBUG_MODE says whether the part is fused
 * for debug-signed firmware; drivers pick the HS signatures by it
 * (nouveau's gm200_flcn_fw_signature).
 */
NV_REG32(NV_PSEC_SCP_CTL_STAT, 0x840408)
    NV_FIELD(NV_PSEC_SCP_CTL_STAT, DEBUG_MODE, 20, 1)

#endif
