/*
 * nova-gpu: GMMU translation cost, against a plain read of the same memory.
 *
 * A 64 MiB region of VRAM is mapped at a VA with 64 KiB pages (or 4 KiB
 * pages with "4k"), page tables in VRAM above it, as nouveau lays them out.
 * Over the same N random 4-byte-aligned addresses, in one run:
 *
 *   a) memcpy of 4 bytes straight from the backing array
 *   b) TLB translate + host vram_read, TLB warm
 *   c) the same with the TLB invalidated before every access (a full walk)
 *
 * It prints translations per second and the ratios b/a and c/a. There are
 * no thresholds: numbers depend on the machine.
 *
 * usage: mmu-bench [4k|64k] [N]
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/mmu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REGION      (64ull << 20)
#define TABLES      REGION              /* tables live above the region */
#define VRAM_SIZE   (REGION + (1ull << 20))
#define VA_BASE     0x2000000000ull     /* 128 GiB: PD3 0, PD2 0x80 */

static uint8_t *vram;

static int vram_read(void *o, uint64_t off, void *buf, size_t len)
{
    if (off > VRAM_SIZE || len > VRAM_SIZE - off) {
        return -1;
    }
    memcpy(buf, vram + off, len);
    return 0;
}

static int vram_write(void *o, uint64_t off, const void *buf, size_t len)
{
    if (off > VRAM_SIZE || len > VRAM_SIZE - off) {
        return -1;
    }
    memcpy(vram + off, buf, len);
    return 0;
}

static int no_dma(void *o, uint64_t addr, void *buf, size_t len)
{
    return -1;
}

static int no_dma_write(void *o, uint64_t addr, const void *buf, size_t len)
{
    return -1;
}

static void quiet(void *o, const NovaEvent *ev)
{
    fprintf(stderr, "event %d\n", ev->id);
}

static const NovaHost host = {
    .dma_read = no_dma, .dma_write = no_dma_write,
    .vram_read = vram_read, .vram_write = vram_write, .event = quiet,
};

static void put64(uint64_t off, uint64_t v)
{
    int i;

    for (i = 0; i < 8; i++) {
        vram[off + i] = v >> (8 * i);
    }
}

/* PD3 | PD2 | PD1 | PD0 | 32 page tables, each in its own 4 KiB page. */
static void build(unsigned shift)
{
    uint64_t pd3 = TABLES, pd2 = pd3 + 0x1000, pd1 = pd2 + 0x1000;
    uint64_t pd0 = pd1 + 0x1000, pt = pd0 + 0x1000;
    unsigned i, j, per_pt = 1u << (21 - shift);

    put64(pd3 + ((VA_BASE >> 47) & 3) * 8, (pd2 >> 4) | 2);
    put64(pd2 + ((VA_BASE >> 38) & 0x1ff) * 8, (pd1 >> 4) | 2);
    put64(pd1 + ((VA_BASE >> 29) & 0x1ff) * 8, (pd0 >> 4) | 2);
    for (i = 0; i < REGION >> 21; i++) {
        uint64_t t = pt + i * 0x1000ull;
        uint64_t e = pd0 + (((VA_BASE >> 21) + i) & 0xff) * 16;

        put64(shift == 12 ? e + 8 : e, (t >> 4) | 2);
        for (j = 0; j < per_pt; j++) {
            uint64_t pa = ((uint64_t)i << 21) + ((uint64_t)j << shift);

            put64(t + j * 8, (pa >> 4) | 1);
        }
    }
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    unsigned shift = argc > 1 && !strcmp(argv[1], "4k") ? 12 : 16;
    size_t n = argc > 2 ? strtoull(argv[2], NULL, 0) : 1u << 21;
    NovaMmuTlb *tlb = malloc(sizeof(*tlb));
    uint64_t *off = malloc(n * sizeof(*off));
    volatile uint32_t sink;
    uint32_t sum, v;
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    uint64_t state = 0x853c49e6748fea9bull;
    double t0, ta, tb, tc;
    size_t i;

    vram = calloc(1, VRAM_SIZE);
    if (!vram || !tlb || !off || !n) {
        fprintf(stderr, "mmu-bench: out of memory\n");
        return 1;
    }
    build(shift);
    nova_mmu_space_init(&s, TABLES, NOVA_MMU_APERTURE_VRAM, false);
    nova_mmu_tlb_init(tlb);
    for (i = 0; i < REGION; i += 4096) {
        vram[i] = i >> 12;
    }
    for (i = 0; i < n; i++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        off[i] = ((state >> 20) % REGION) & ~3ull;
    }

    /* a) the memory alone */
    sum = 0;
    t0 = now();
    for (i = 0; i < n; i++) {
        memcpy(&v, vram + off[i], 4);
        sum += v;
    }
    ta = now() - t0;
    sink = sum;

    /* b) warm TLB: one pass to fill it, then the timed one */
    for (i = 0; i < n; i++) {
        nova_mmu_tlb_translate(tlb, &s, &host, VA_BASE + off[i], NOVA_MMU_READ,
                               false, &x, &f);
    }
    memset(&tlb->stats, 0, sizeof(tlb->stats));
    sum = 0;
    t0 = now();
    for (i = 0; i < n; i++) {
        if (!nova_mmu_tlb_translate(tlb, &s, &host, VA_BASE + off[i],
                                    NOVA_MMU_READ, false, &x, &f) ||
            host.vram_read(host.opaque, x.pa, &v, 4)) {
            fprintf(stderr, "mmu-bench: va 0x%llx faulted (type %u)\n",
                    (unsigned long long)(VA_BASE + off[i]), f.type);
            return 1;
        }
        sum += v;
    }
    tb = now() - t0;
    sink = sum;
    printf("warm TLB: %llu hits, %llu misses (%u entries)\n",
           (unsigned long long)tlb->stats.hits,
           (unsigned long long)tlb->stats.misses, NOVA_MMU_TLB_ENTRIES);

    /* c) a walk every time */
    sum = 0;
    t0 = now();
    for (i = 0; i < n; i++) {
        nova_mmu_tlb_invalidate_all(tlb);
        if (!nova_mmu_tlb_translate(tlb, &s, &host, VA_BASE + off[i],
                                    NOVA_MMU_READ, false, &x, &f) ||
            host.vram_read(host.opaque, x.pa, &v, 4)) {
            return 1;
        }
        sum += v;
    }
    tc = now() - t0;
    sink = sum;
    (void)sink;

    printf("%zu random 4-byte reads in 64 MiB, %u KiB pages\n", n, 1u << (shift - 10));
    printf("a) plain memcpy        %12.0f reads/s\n", n / ta);
    printf("b) translate+read warm %12.0f translations/s\n", n / tb);
    printf("c) translate+read cold %12.0f translations/s\n", n / tc);
    printf("ratio b/a (rate) %.3f  (b takes %.1fx the time of a)\n", ta / tb, tb / ta);
    printf("ratio c/a (rate) %.3f  (c takes %.1fx the time of a)\n", ta / tc, tc / ta);
    free(off);
    free(tlb);
    free(vram);
    return 0;
}
