/*
 * Unit tests: NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE encoding.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/fb.h"
#include "tap.h"

int main(void)
{
    static const uint64_t good[] = {
        1 * NOVA_MIB, 63 * NOVA_MIB, 256 * NOVA_MIB, 512 * NOVA_MIB,
        1024 * NOVA_MIB, 6144 * NOVA_MIB, 8192 * NOVA_MIB, 24576 * NOVA_MIB,
        48ull << 30, 63ull << (20 + 15),
    };
    static const uint64_t bad[] = {
        0, 4096, NOVA_MIB + 1, 1000 * NOVA_MIB, 65 * NOVA_MIB,
        64ull << (20 + 15),
    };
    uint32_t reg;
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        reg = 0xdeadbeef;
        if (TAP_OK(nova_fb_encode_local_memory_range(good[i], &reg),
                   "0x%" PRIx64 " encodes", good[i])) {
            TAP_EQ(nova_fb_decode_local_memory_range(reg), good[i],
                   "0x%" PRIx64 " decodes back", good[i]);
            TAP_EQ(reg & ~0x3ffu, 0, "0x%" PRIx64 ": only mag and scale set",
                   good[i]);
        }
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        TAP_OK(!nova_fb_encode_local_memory_range(bad[i], &reg),
               "0x%" PRIx64 " refused", bad[i]);
    }
    /* the smallest scale that fits: 8 GiB = 32 << 8 MiB */
    nova_fb_encode_local_memory_range(8ull << 30, &reg);
    TAP_EQ(reg, (32u << 4) | 8, "8 GiB = mag 32, scale 8");
    /* ECC takes a sixteenth, as nouveau computes it */
    TAP_EQ(nova_fb_decode_local_memory_range((1u << 30) | (16u << 4) | 6),
           (1024 * NOVA_MIB) / 16 * 15, "ECC decode");
    return tap_done();
}
