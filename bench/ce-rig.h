/*
 * nova-gpu bench: the real submission engine (fifo/) on a NovaHost over
 * plain arrays, with one copy channel, for bench/ce-bench.c.
 *
 * VRAM (136 MiB): instance block, page tables, USERD, the GPFIFO ring and
 * pushbuffers and the semaphore in the first 8 MiB; two 64 MiB data areas
 * after it. Guest RAM: 64 MiB at RIG_RAM_BASE. The same memory is mapped
 * three times, as nouveau maps buffers: with 2 MiB pages, 64 KiB pages and
 * 4 KiB pages. In each window VA w + x is VRAM offset x, and VA
 * w + RIG_SYS_VA + y guest RAM RIG_RAM_BASE + y.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_BENCH_CE_RIG_H
#define NOVA_BENCH_CE_RIG_H

#include "nova/classes.h"
#include "nova/fifo.h"
#include "nova/le.h"
#include "nova/rm-objects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RIG_DATA        (8ull << 20)
#define RIG_DATA_SIZE   (64ull << 20)
#define RIG_SRC         RIG_DATA                    /* VRAM offsets */
#define RIG_DST         (RIG_DATA + RIG_DATA_SIZE)
#define RIG_VRAM_SIZE   (RIG_DATA + 2 * RIG_DATA_SIZE)
#define RIG_RAM_BASE    0x100000000ull
#define RIG_RAM_SIZE    (64ull << 20)
#define RIG_SYS_VA      (256ull << 20)              /* sysmem, within a window */

/* windows: one PD1 entry (512 MiB) each */
enum { RIG_2M, RIG_64K, RIG_4K, RIG_WINDOWS };
#define RIG_VA(w)       (0x2000000000ull + (uint64_t)(w) * (512ull << 20))

/* VRAM layout of the first 8 MiB */
#define RIG_INST        0x0000ull
#define RIG_PD3         0x1000ull
#define RIG_PD2         0x2000ull
#define RIG_PD1         0x3000ull
#define RIG_PD0(w)      (0x4000ull + (w) * 0x1000ull)
#define RIG_USERD       0x10000ull
#define RIG_PT64        0x100000ull                 /* 4 KiB per 2 MiB of VA */
#define RIG_PT4         0x200000ull
#define RIG_RING        0x400000ull
#define RIG_RING_N      1024
#define RIG_PB          0x410000ull
#define RIG_SEM         0x500000ull
#define RIG_CHID        10

typedef struct Rig {
    NovaHost host;
    uint8_t *vram, *ram;
    uint64_t clock;
    NovaFifo fifo;
    NovaMmuTlb tlb;
    uint32_t gp_put;
    uint32_t sem_payload;
} Rig;

static int rig_dma_read(void *o, uint64_t addr, void *buf, size_t len)
{
    Rig *r = o;

    if (addr < RIG_RAM_BASE || addr - RIG_RAM_BASE > RIG_RAM_SIZE ||
        len > RIG_RAM_SIZE - (addr - RIG_RAM_BASE)) {
        return -1;
    }
    memcpy(buf, r->ram + (addr - RIG_RAM_BASE), len);
    return 0;
}

static int rig_dma_write(void *o, uint64_t addr, const void *buf, size_t len)
{
    Rig *r = o;

    if (addr < RIG_RAM_BASE || addr - RIG_RAM_BASE > RIG_RAM_SIZE ||
        len > RIG_RAM_SIZE - (addr - RIG_RAM_BASE)) {
        return -1;
    }
    memcpy(r->ram + (addr - RIG_RAM_BASE), buf, len);
    return 0;
}

static int rig_vram_read(void *o, uint64_t off, void *buf, size_t len)
{
    Rig *r = o;

    if (off > RIG_VRAM_SIZE || len > RIG_VRAM_SIZE - off) {
        return -1;
    }
    memcpy(buf, r->vram + off, len);
    return 0;
}

static int rig_vram_write(void *o, uint64_t off, const void *buf, size_t len)
{
    Rig *r = o;

    if (off > RIG_VRAM_SIZE || len > RIG_VRAM_SIZE - off) {
        return -1;
    }
    memcpy(r->vram + off, buf, len);
    return 0;
}

static void *rig_vram_map(void *o, uint64_t off, uint64_t len, bool write)
{
    Rig *r = o;

    if (off > RIG_VRAM_SIZE || len > RIG_VRAM_SIZE - off) {
        return NULL;
    }
    return r->vram + off;
}

/* the engine asks the time per LAUNCH_DMA: a counter, not a syscall */
static uint64_t rig_now_ns(void *o)
{
    return ++((Rig *)o)->clock;
}

static void rig_put64(Rig *r, uint64_t off, uint64_t v)
{
    nova_st64(r->vram + off, v);
}

static uint64_t rig_pde(uint64_t addr)
{
    return (addr >> 4) | 1u << 1;           /* in VRAM */
}

static uint64_t rig_pte(uint64_t x)
{
    if (x >= RIG_SYS_VA) {
        return ((RIG_RAM_BASE + x - RIG_SYS_VA) >> 4) |
               (uint64_t)NOVA_MMU_APERTURE_SYS_COH << 1 | NV_MMU_VER2_PTE_VALID;
    }
    return (x >> 4) | (uint64_t)NOVA_MMU_APERTURE_VRAM << 1 | NV_MMU_VER2_PTE_VALID;
}

/* Map 2 MiB of window @w at window offset @x (VRAM or sysmem); @k numbers the tables. */
static void rig_map_2m(Rig *r, unsigned w, uint64_t x, unsigned k)
{
    uint64_t e = RIG_PD0(w) + ((RIG_VA(w) + x) >> 21 & 0xff) * 16;
    unsigned j;

    switch (w) {
    case RIG_2M:
        rig_put64(r, e, rig_pte(x));
        break;
    case RIG_64K:
        rig_put64(r, e, rig_pde(RIG_PT64 + k * 0x1000ull));
        for (j = 0; j < 32; j++) {
            rig_put64(r, RIG_PT64 + k * 0x1000ull + j * 8, rig_pte(x + j * 0x10000ull));
        }
        break;
    default:
        rig_put64(r, e + 8, rig_pde(RIG_PT4 + k * 0x1000ull));
        for (j = 0; j < 512; j++) {
            rig_put64(r, RIG_PT4 + k * 0x1000ull + j * 8, rig_pte(x + j * 0x1000ull));
        }
        break;
    }
}

static void rig_build_tables(Rig *r)
{
    unsigned w, k;
    uint64_t x;

    rig_put64(r, RIG_INST + NV_RAMIN_PAGE_DIR_BASE,
              RIG_PD3 | NV_RAMIN_USE_VER2_PT_FORMAT | NV_RAMIN_BIG_PAGE_SIZE_64KB);
    rig_put64(r, RIG_INST + NV_RAMIN_ADR_LIMIT, (1ull << 49) - 1);
    rig_put64(r, RIG_PD3 + (RIG_VA(0) >> 47 & 3) * 8, rig_pde(RIG_PD2));
    rig_put64(r, RIG_PD2 + (RIG_VA(0) >> 38 & 0x1ff) * 8, rig_pde(RIG_PD1));
    for (w = 0; w < RIG_WINDOWS; w++) {
        rig_put64(r, RIG_PD1 + (RIG_VA(w) >> 29 & 0x1ff) * 8, rig_pde(RIG_PD0(w)));
        k = 0;
        for (x = 0; x < RIG_VRAM_SIZE; x += 2u << 20) {
            rig_map_2m(r, w, x, k++);
        }
        for (x = 0; x < RIG_RAM_SIZE; x += 2u << 20) {
            rig_map_2m(r, w, RIG_SYS_VA + x, k++);
        }
    }
}

/* The rig, its one copy channel scheduled; @map: offer the engine vram_map. */
static inline Rig *rig_new(bool map)
{
    Rig *r = calloc(1, sizeof(*r));
    NovaFifoConfig cfg = {
        .chip = nova_chip_by_id(NOVA_CHIP_TU102), .huge_512m = false,
    };
    NovaChannelDesc d = {
        .chid = RIG_CHID, .runlist = 1, .engine_type = NV2080_ENGINE_TYPE_COPY0,
        .hclass = AMPERE_CHANNEL_GPFIFO_A, .client = 0xc1d00000, .handle = 0xcafe0000,
        .inst = RIG_INST, .inst_aperture = NOVA_MMU_APERTURE_VRAM,
        .userd = RIG_USERD, .userd_aperture = NOVA_MMU_APERTURE_VRAM,
        .gpfifo_va = RIG_VA(RIG_2M) + RIG_RING, .gpfifo_entries = RIG_RING_N,
    };

    if (!r || !(r->vram = calloc(1, RIG_VRAM_SIZE)) || !(r->ram = calloc(1, RIG_RAM_SIZE))) {
        fprintf(stderr, "ce-bench: out of memory\n");
        exit(1);
    }
    r->host = (NovaHost) {
        .opaque = r,
        .dma_read = rig_dma_read, .dma_write = rig_dma_write,
        .vram_read = rig_vram_read, .vram_write = rig_vram_write,
        .vram_map = map ? rig_vram_map : NULL,
        .now_ns = rig_now_ns,
    };
    rig_build_tables(r);
    cfg.tlb = &r->tlb;
    nova_mmu_tlb_init(&r->tlb);
    nova_fifo_init(&r->fifo, &cfg, &r->host);
    if (nova_fifo_channel_alloc(&r->fifo, &d) != NV_OK ||
        nova_fifo_channel_schedule(&r->fifo, RIG_CHID, true) != NV_OK) {
        fprintf(stderr, "ce-bench: channel setup failed\n");
        exit(1);
    }
    return r;
}

/* Bind the copy class on subchannel 1 (before rig_submit: defined below). */
static inline void rig_bind_ce(Rig *r);

static inline uint32_t rig_hdr(unsigned subch, uint32_t mthd, unsigned count)
{
    return (uint32_t)NVC56F_DMA_SEC_OP_INC_METHOD << 29 | count << 16 | subch << 13 |
           mthd >> 2;
}

/*
 * Queue @n pushbuffer words (written at pushbuffer offset @pb) as one GPFIFO
 * entry and ring the doorbell: what the driver does, as plain stores.
 */
static inline void rig_submit(Rig *r, uint64_t pb, const uint32_t *w, unsigned n)
{
    uint64_t va = RIG_VA(RIG_2M) + RIG_PB + pb;
    uint64_t e = RIG_RING + (uint64_t)r->gp_put * 8;
    unsigned k;

    for (k = 0; k < n; k++) {
        nova_st32(r->vram + RIG_PB + pb + k * 4, w[k]);
    }
    nova_st32(r->vram + e, (uint32_t)va);
    nova_st32(r->vram + e + 4, (uint32_t)(va >> 32) | n << 10);
    r->gp_put = (r->gp_put + 1) % RIG_RING_N;
    nova_st32(r->vram + RIG_USERD + NV_USERD_GP_PUT, r->gp_put);
    nova_fifo_doorbell(&r->fifo, nova_fifo_token(1, RIG_CHID));
}

static inline void rig_bind_ce(Rig *r)
{
    uint32_t w[] = { rig_hdr(1, NVC56F_SET_OBJECT, 1), TURING_DMA_COPY_A };

    rig_submit(r, 0x2000, w, 2);
    nova_fifo_run(&r->fifo);
}

static inline uint32_t rig_sem(Rig *r)
{
    return nova_ld32(r->vram + RIG_SEM);
}

/* Run the engine until the semaphore reads @payload; false if the channel stopped. */
static inline bool rig_wait(Rig *r, uint32_t payload)
{
    NovaChannel *ch = nova_fifo_channel_find(&r->fifo, RIG_CHID);

    while (rig_sem(r) != payload) {
        if (!ch || ch->state != NOVA_CHAN_RUNNABLE || !ch->pending) {
            return false;       /* stopped, or idle without releasing: a bug */
        }
        nova_fifo_run(&r->fifo);
    }
    return true;
}

#endif
