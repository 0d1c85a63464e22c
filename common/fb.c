/*
 * nova-gpu: framebuffer size encodings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/fb.h"
#include "nova/regs/pfb.h"

#define LMR_MAG_MAX \
    (NV_FIELD_MASK(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, LOWER_MAG) >> \
     R_NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE_LOWER_MAG_SHIFT)
#define LMR_SCALE_MAX \
    NV_FIELD_MASK(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, LOWER_SCALE)

bool nova_fb_encode_local_memory_range(uint64_t bytes, uint32_t *reg)
{
    uint64_t mib;
    unsigned scale = 0;

    if (bytes == 0 || bytes % NOVA_MIB) {
        return false;
    }
    mib = bytes / NOVA_MIB;
    /* Shift trailing zeros into the scale, keep the rest in the magnitude. */
    while (mib > LMR_MAG_MAX && !(mib & 1) && scale < LMR_SCALE_MAX) {
        mib >>= 1;
        scale++;
    }
    if (mib > LMR_MAG_MAX) {
        return false;
    }
    *reg = NV_FIELD_DP32(NV_FIELD_DP32(0, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE,
                                       LOWER_MAG, (uint32_t)mib),
                         NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, LOWER_SCALE, scale);
    return true;
}

uint64_t nova_fb_decode_local_memory_range(uint32_t reg)
{
    uint64_t mib =
        (uint64_t)NV_FIELD_EX32(reg, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, LOWER_MAG)
        << NV_FIELD_EX32(reg, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, LOWER_SCALE);
    uint64_t bytes = mib * NOVA_MIB;

    if (NV_FIELD_EX32(reg, NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, ECC_MODE)) {
        bytes = bytes / 16 * 15;
    }
    return bytes;
}
