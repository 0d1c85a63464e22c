/*
 * What the engine harnesses share: VRAM as a static array of FUZZ_VRAM
 * bytes (define it before including), read and written with the host's
 * bounds check, and system memory that refuses every DMA (the harnesses
 * put everything the engine reads in VRAM).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FUZZ_VRAM_H
#define NOVA_FUZZ_VRAM_H

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t vram[FUZZ_VRAM];

static int vram_rd(void *o, uint64_t off, void *buf, size_t len)
{
    if (off > FUZZ_VRAM || len > FUZZ_VRAM - off) {
        return -1;
    }
    memcpy(buf, vram + off, len);
    return 0;
}

static int vram_wr(void *o, uint64_t off, const void *buf, size_t len)
{
    if (off > FUZZ_VRAM || len > FUZZ_VRAM - off) {
        return -1;
    }
    memcpy(vram + off, buf, len);
    return 0;
}

static int dma_rd(void *o, uint64_t addr, void *buf, size_t len)
{
    return -1;
}

static int dma_wr(void *o, uint64_t addr, const void *buf, size_t len)
{
    return -1;
}

#endif
