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
 * in five rounds of a, b, c back to back. It prints the best rates and the
 * medians of each round's ratios b/a and c/a, and the same as BENCH records
 * for bench/run (bench/lib-bench.sh). There are no thresholds: numbers
 * depend on the machine.
 *
 * usage: mmu-bench [4k|64k] [N] [SPAN]   (SPAN: bytes the addresses spread over,
 *                                        default and at most 64 MiB)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/mmu.h"

#include <stdbool.h>
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

#define ROUNDS 5

/* the phases stay functions of their own, so that a profile tells them apart */

static double median(double *v, int n)
{
    int i, j;

    for (i = 1; i < n; i++) {
        for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static volatile uint32_t sink;

/* a) the memory alone */
__attribute__((noinline)) static double time_plain(const uint64_t *off, size_t n)
{
    uint32_t sum = 0, v;
    double t0 = now();
    size_t i;

    for (i = 0; i < n; i++) {
        memcpy(&v, vram + off[i], 4);
        sum += v;
    }
    sink = sum;
    return now() - t0;
}

/*
 * Translate and read every address; with @walk_each the TLB is emptied
 * before each (inlined into b and c with @walk_each constant).
 */
static inline double time_translated(NovaMmuTlb *tlb, NovaMmuSpace *s,
                                     const uint64_t *off, size_t n, bool walk_each)
{
    NovaMmuXlate x;
    NovaMmuFault f;
    uint32_t sum = 0, v;
    double t0 = now();
    size_t i;

    for (i = 0; i < n; i++) {
        if (walk_each) {
            nova_mmu_tlb_invalidate_all(tlb);
        }
        if (!nova_mmu_tlb_translate(tlb, s, &host, VA_BASE + off[i],
                                    NOVA_MMU_READ, false, &x, &f) ||
            host.vram_read(host.opaque, x.pa, &v, 4)) {
            fprintf(stderr, "mmu-bench: va 0x%llx faulted (type %u)\n",
                    (unsigned long long)(VA_BASE + off[i]), f.type);
            return -1;
        }
        sum += v;
    }
    sink = sum;
    return now() - t0;
}

/* b) translate through a warm TLB, then read */
__attribute__((noinline)) static double time_warm(NovaMmuTlb *tlb, NovaMmuSpace *s, const uint64_t *off, size_t n)
{
    return time_translated(tlb, s, off, n, false);
}

/* c) a walk every time */
__attribute__((noinline)) static double time_cold(NovaMmuTlb *tlb, NovaMmuSpace *s, const uint64_t *off, size_t n)
{
    return time_translated(tlb, s, off, n, true);
}

int main(int argc, char **argv)
{
    unsigned shift = argc > 1 && !strcmp(argv[1], "4k") ? 12 : 16;
    size_t n = argc > 2 ? strtoull(argv[2], NULL, 0) : 1u << 21;
    uint64_t span = argc > 3 ? strtoull(argv[3], NULL, 0) : REGION;
    NovaMmuTlb *tlb = malloc(sizeof(*tlb));
    uint64_t *off = malloc(n * sizeof(*off));
    double rb[ROUNDS], rc[ROUNDS], ta_best = 0, tb_best = 0, tc_best = 0;
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    uint64_t state = 0x853c49e6748fea9bull;
    double ta, tb, tc;
    size_t i;
    int r;

    vram = calloc(1, VRAM_SIZE);
    if (!vram || !tlb || !off || !n || span < 4 || span > REGION) {
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
        off[i] = ((state >> 20) % span) & ~3ull;
    }

    /* b needs a warm TLB: one pass to fill it before the first round */
    for (i = 0; i < n; i++) {
        nova_mmu_tlb_translate(tlb, &s, &host, VA_BASE + off[i], NOVA_MMU_READ,
                               false, &x, &f);
    }
    memset(&tlb->stats, 0, sizeof(tlb->stats));

    /*
     * Rounds of a, b, c back to back, so that other load on the machine hits
     * all three alike; the ratios are the medians of each round's.
     */
    for (r = 0; r < ROUNDS; r++) {
        ta = time_plain(off, n);
        tb = time_warm(tlb, &s, off, n);
        if (tb < 0) {
            return 1;
        }
        tc = time_cold(tlb, &s, off, n);
        if (tc < 0) {
            return 1;
        }
        /* c left the TLB with the last entries: refill it for the next b */
        for (i = 0; i < n; i++) {
            nova_mmu_tlb_translate(tlb, &s, &host, VA_BASE + off[i], NOVA_MMU_READ,
                                   false, &x, &f);
        }
        rb[r] = ta / tb;
        rc[r] = ta / tc;
        ta_best = r ? (ta < ta_best ? ta : ta_best) : ta;
        tb_best = r ? (tb < tb_best ? tb : tb_best) : tb;
        tc_best = r ? (tc < tc_best ? tc : tc_best) : tc;
    }
    printf("%zu random 4-byte reads in %llu MiB, %u KiB pages, %d rounds\n", n,
           (unsigned long long)(span >> 20), 1u << (shift - 10), ROUNDS);
    printf("a) plain memcpy        %12.0f reads/s\n", n / ta_best);
    printf("b) translate+read warm %12.0f translations/s\n", n / tb_best);
    printf("c) translate+read cold %12.0f translations/s\n", n / tc_best);
    printf("ratio b/a (rate, median) %.3f\n", median(rb, ROUNDS));
    printf("ratio c/a (rate, median) %.3f\n", median(rc, ROUNDS));
    /* records for bench/run (bench/lib-bench.sh): rates, the higher the better */
    printf("BENCH {\"group\": \"mmu\", \"name\": \"translate+read, warm TLB, %u KiB pages\", "
           "\"value\": %.1f, \"unit\": \"Mop/s\", \"baseline\": \"plain 4-byte read\", "
           "\"baseline_value\": %.0f, \"ratio\": %.3f, \"better\": \"higher\", "
           "\"target\": 0.5, \"note\": \"random in %llu MiB\"}\n",
           1u << (shift - 10), n / tb_best * 1e-6, n / ta_best * 1e-6, median(rb, ROUNDS),
           (unsigned long long)(span >> 20));
    printf("BENCH {\"group\": \"mmu\", \"name\": \"translate+read, a walk each, %u KiB pages\", "
           "\"value\": %.1f, \"unit\": \"Mop/s\", \"baseline\": \"plain 4-byte read\", "
           "\"baseline_value\": %.0f, \"ratio\": %.3f, \"better\": \"higher\", "
           "\"note\": \"random in %llu MiB\"}\n",
           1u << (shift - 10), n / tc_best * 1e-6, n / ta_best * 1e-6, median(rc, ROUNDS),
           (unsigned long long)(span >> 20));
    free(off);
    free(tlb);
    free(vram);
    return 0;
}
