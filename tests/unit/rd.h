/*
 * Little-endian reads with bounds, for the unit tests' parsers: an offset
 * past the buffer reads as 0 and marks the reader as overrun.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_TEST_RD_H
#define NOVA_TEST_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Rd {
    const uint8_t *b;
    size_t len;
    bool overrun;
} Rd;

static inline uint32_t rd_n(Rd *r, size_t off, unsigned n)
{
    uint32_t v = 0;
    unsigned i;

    if (off > r->len || r->len - off < n) {
        r->overrun = true;
        return 0;
    }
    for (i = 0; i < n; i++) {
        v |= (uint32_t)r->b[off + i] << (8 * i);
    }
    return v;
}

static inline uint8_t rd8(Rd *r, size_t off) { return rd_n(r, off, 1); }
static inline uint16_t rd16(Rd *r, size_t off) { return rd_n(r, off, 2); }
static inline uint32_t rd32(Rd *r, size_t off) { return rd_n(r, off, 4); }
static inline uint64_t rd64(Rd *r, size_t off)
{
    return rd32(r, off) | (uint64_t)rd32(r, off + 4) << 32;
}

#endif
