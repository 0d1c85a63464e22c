/*
 * nova-gpu: little-endian loads and stores for the QEMU-free code. Guest
 * memory, firmware images and RPC payloads are little-endian byte arrays
 * at any alignment; these read and write them byte by byte, so the result
 * is the same on any host. (The QEMU glue uses QEMU's ldl_le_p and kin.)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_LE_H
#define NOVA_LE_H

#include <stdint.h>

static inline uint16_t nova_ld16(const void *p)
{
    const uint8_t *b = p;

    return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t nova_ld32(const void *p)
{
    const uint8_t *b = p;

    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t nova_ld64(const void *p)
{
    const uint8_t *b = p;

    return nova_ld32(b) | (uint64_t)nova_ld32(b + 4) << 32;
}

static inline void nova_st16(void *p, uint16_t v)
{
    uint8_t *b = p;

    b[0] = v;
    b[1] = v >> 8;
}

static inline void nova_st32(void *p, uint32_t v)
{
    uint8_t *b = p;

    b[0] = v;
    b[1] = v >> 8;
    b[2] = v >> 16;
    b[3] = v >> 24;
}

static inline void nova_st64(void *p, uint64_t v)
{
    uint8_t *b = p;

    nova_st32(b, (uint32_t)v);
    nova_st32(b + 4, v >> 32);
}

#endif
