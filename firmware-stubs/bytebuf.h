/*
 * nova-gpu: a byte buffer with bounded little-endian writers, for the
 * generators in firmware-stubs/. A write past the end is dropped: the
 * generators size their buffers, and their unit tests check every offset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_BYTEBUF_H
#define NOVA_BYTEBUF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ByteBuf {
    uint8_t *b;
    size_t size;
} ByteBuf;

static inline bool bb_new(ByteBuf *f, size_t size)
{
    f->b = calloc(1, size);
    f->size = size;
    return f->b != NULL;
}

static inline void w8(ByteBuf *f, size_t off, uint8_t v)
{
    if (off < f->size) {
        f->b[off] = v;
    }
}

static inline void w16(ByteBuf *f, size_t off, uint16_t v)
{
    w8(f, off, v);
    w8(f, off + 1, v >> 8);
}

static inline void w32(ByteBuf *f, size_t off, uint32_t v)
{
    w16(f, off, v);
    w16(f, off + 2, v >> 16);
}

static inline void w64(ByteBuf *f, size_t off, uint64_t v)
{
    w32(f, off, v);
    w32(f, off + 4, v >> 32);
}

/* the string and its NUL; write the fields after a string last */
static inline void wstr(ByteBuf *f, size_t off, const char *s)
{
    size_t n = strlen(s) + 1;

    if (off <= f->size && n <= f->size - off) {
        memcpy(f->b + off, s, n);
    }
}

#endif
