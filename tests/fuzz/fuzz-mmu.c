/*
 * libFuzzer harness: the GMMU walk over guest-built page tables. The input
 * is an instance block and tables laid over a small VRAM (the first 16
 * bytes pick the VA and the access); whatever the bytes, a translation
 * ends, reads inside VRAM only, and agrees between the TLB and the plain
 * walk.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/mmu.h"

#include <stdlib.h>
#include <string.h>

#define VRAM 0x10000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t vram[VRAM];

static int rd(void *o, uint64_t off, void *buf, size_t len)
{
    if (off > VRAM || len > VRAM - off) {
        return -1;
    }
    memcpy(buf, vram + off, len);
    return 0;
}

static int wr(void *o, uint64_t off, const void *buf, size_t len)
{
    return -1;
}

static int dma_rd(void *o, uint64_t addr, void *buf, size_t len)
{
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static NovaMmuTlb tlb;
    const NovaHost host = { .vram_read = rd, .vram_write = wr, .dma_read = dma_rd };
    NovaMmuSpace s;
    NovaMmuXlate x, y;
    NovaMmuFault f, g;
    uint64_t va;
    bool a, b;

    if (size < 16) {
        return 0;
    }
    memcpy(&va, data, 8);
    memset(vram, 0, VRAM);
    memcpy(vram, data + 16, size - 16 < VRAM ? size - 16 : VRAM);
    nova_mmu_tlb_init(&tlb);
    nova_mmu_space_from_inst(&s, &host, NOVA_MMU_APERTURE_VRAM, 0, data[8] & 1);
    a = nova_mmu_translate(&s, &host, va, data[9] % 3, data[10] & 1, &x, &f);
    nova_mmu_tlb_translate(&tlb, &s, &host, va, data[9] % 3, data[10] & 1, &y, &g);
    b = nova_mmu_tlb_translate(&tlb, &s, &host, va, data[9] % 3, data[10] & 1, &y, &g);
    if (a != b || (a && x.pa != y.pa) || (!a && f.type != g.type)) {
        abort();
    }
    return 0;
}
