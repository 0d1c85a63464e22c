/*
 * nova-gpu: framebuffer size encodings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/fb.h"

#define LMR_SCALE_MASK  0xfu
#define LMR_MAG_SHIFT   4
#define LMR_MAG_MASK    0x3fu
#define LMR_ECC         (1u << 30)

bool nova_fb_encode_local_memory_range(uint64_t bytes, uint32_t *reg)
{
    uint64_t mib;
    unsigned scale = 0;

    if (bytes == 0 || bytes % NOVA_MIB) {
        return false;
    }
    mib = bytes / NOVA_MIB;
    /* Shift trailing zeros into the scale, keep the rest in the magnitude. */
    while (mib > LMR_MAG_MASK && !(mib & 1) && scale < LMR_SCALE_MASK) {
        mib >>= 1;
        scale++;
    }
    if (mib > LMR_MAG_MASK) {
        return false;
    }
    *reg = ((uint32_t)mib << LMR_MAG_SHIFT) | scale;
    return true;
}

uint64_t nova_fb_decode_local_memory_range(uint32_t reg)
{
    uint64_t mib = (uint64_t)((reg >> LMR_MAG_SHIFT) & LMR_MAG_MASK)
                   << (reg & LMR_SCALE_MASK);
    uint64_t bytes = mib * NOVA_MIB;

    if (reg & LMR_ECC) {
        bytes = bytes / 16 * 15;
    }
    return bytes;
}
