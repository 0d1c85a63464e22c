/*
 * libFuzzer harness: the host's PBDMA, methods and copy engine over a
 * guest-built GPFIFO ring and pushbuffer. VRAM holds an instance block and
 * tables that map VA [0, 2 MiB) onto VRAM itself (which is 1 MiB: the rest
 * faults); the input is the ring (its first 64 bytes, eight entries) and
 * the pushbuffer behind it, and its first byte picks GP_PUT and the chip.
 * Whatever the bytes, every run returns, touches VRAM only inside it, and
 * leaves a state nova_fifo_invalid() accepts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/fifo.h"
#include "nova/le.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_VRAM    0x100000u
#define RING    0x10000u
#define PUSH    0x20000u
#define USERD   0x8000u

#include "fuzz-vram.h"

static uint64_t now;

static uint64_t now_ns(void *o)
{
    return now;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static NovaFifo f;
    static NovaMmuTlb tlb;
    const NovaHost host = {
        .vram_read = vram_rd, .vram_write = vram_wr, .dma_read = dma_rd, .dma_write = dma_wr,
        .now_ns = now_ns,
    };
    NovaFifoConfig cfg = { .tlb = &tlb };
    NovaChannelDesc d = {
        .chid = 3, .runlist = 0, .engine_type = NV2080_ENGINE_TYPE_COPY0,
        .inst = 0, .inst_aperture = NOVA_MMU_APERTURE_VRAM,
        .userd = USERD, .userd_aperture = NOVA_MMU_APERTURE_VRAM,
        .gpfifo_va = RING, .gpfifo_entries = 8,
    };
    int i;

    if (size < 1) {
        return 0;
    }
    cfg.chip = nova_chip_by_id(data[0] % NOVA_CHIP__COUNT);
    memset(vram, 0, FUZZ_VRAM);
    nova_st64(vram + 0x200, 0x1000 | (1u << 10) | (1u << 11));     /* PDB, ver2, 64K */
    nova_st64(vram + 0x208, (1ull << 49) - 1);
    nova_st64(vram + 0x1000, 0x2000 >> 4 | 1 << 1);                 /* PD3 -> PD2 */
    nova_st64(vram + 0x2000, 0x3000 >> 4 | 1 << 1);                 /* PD2 -> PD1 */
    nova_st64(vram + 0x3000, 0x4000 >> 4 | 1 << 1);                 /* PD1 -> PD0 */
    nova_st64(vram + 0x4000, 0 | 1);                                /* 2 MiB at 0 */
    memcpy(vram + RING, data + 1, size - 1 < 64 ? size - 1 : 64);
    if (size > 65) {
        memcpy(vram + PUSH, data + 65, size - 65 < FUZZ_VRAM - PUSH ? size - 65 : FUZZ_VRAM - PUSH);
    }
    nova_st32(vram + USERD + NV_USERD_GP_PUT, data[0] >> 2 & 7);
    nova_mmu_tlb_init(&tlb);
    nova_fifo_init(&f, &cfg, &host);
    nova_fifo_channel_alloc(&f, &d);
    nova_fifo_channel_schedule(&f, 3, true);
    nova_fifo_doorbell(&f, nova_fifo_token(0, 3));
    for (i = 0; i < 8; i++) {
        nova_fifo_run(&f);
        if (nova_fifo_invalid(&f)) {
            abort();
        }
        now += NOVA_FIFO_ACQUIRE_TIMEOUT_NS / 4;
    }
    return 0;
}
