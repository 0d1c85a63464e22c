/*
 * nova-gpu: framebuffer (VRAM) size encodings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FB_H
#define NOVA_FB_H

#include <stdbool.h>
#include <stdint.h>

#define NOVA_MIB (1ull << 20)

/*
 * NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE: size = lower_mag << lower_scale MiB
 * (mag in bits 9:4, scale in bits 3:0; bit 30 = ECC, which takes 1/16).
 * Encode @bytes without ECC. Returns false when the size is not a whole
 * number of MiB or has more significant bits than the 6-bit magnitude holds,
 * so that the device refuses sizes the drivers would decode differently.
 */
bool nova_fb_encode_local_memory_range(uint64_t bytes, uint32_t *reg);

/* The inverse, as nouveau (gp102_fb_vidmem_size) and nova-core decode it. */
uint64_t nova_fb_decode_local_memory_range(uint32_t reg);

#endif
