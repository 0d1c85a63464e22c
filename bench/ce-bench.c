/*
 * nova-gpu: copy-engine throughput and submission cost, each against a
 * baseline taken in the same run (bench/ce-rig.h builds the channel).
 *
 * Throughput, for 4 KiB to 64 MiB: a LAUNCH_DMA copy (or remap memset)
 * through the real PBDMA and copy engine, submitted and run until its
 * semaphore release lands, against memcpy (memset) of the same bytes
 * between the same arrays. Copies go by VA through 2 MiB, 64 KiB and
 * 4 KiB pages. GB/s are the best of 15 batches of at least 5 ms; the
 * ratio (CE rate over host rate) the median of the 15 rounds' ratios,
 * the CE's batch and its baseline's taken in turn in each round.
 *
 * Submission: one GPFIFO entry of one host SEM_EXECUTE release, from the
 * driver's stores (ring entry, GP_PUT) through the doorbell and
 * nova_fifo_run() to the release written, against the baseline of one
 * 4-byte vram_write through the same NovaHost (a bounded memcpy behind a
 * function pointer: what one register write costs the engine's host at
 * least), and a bare volatile 4-byte store.
 *
 * There are no thresholds: numbers depend on the machine.
 *
 * usage: ce-bench [--bounce] [--quick] [--page 2M|64K|4K]
 *   --bounce  do not offer the engine vram_map (the bounce-buffer path)
 *   --quick   sizes up to 1 MiB only
 *   --page    copies through pages of that size only
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ce-rig.h"

#include "pair-timing.h"

#define PITCH_1D    (1u << 0 | 1u << 7 | 1u << 8)   /* pipelined, pitch, pitch */
#define SEM_RELEASE (1u << 3)                       /* one-word semaphore release */
#define REMAP       (1u << 10)

static Rig *rig;

/* ---- throughput ---- */

typedef enum Dir { V2V, V2S, S2V, FILL } Dir;
static const char *const dir_name[] = { "VRAM->VRAM", "VRAM->sys", "sys->VRAM", "memset" };
static const char *const win_name[] = { "2M", "64K", "4K" };

typedef struct Job {
    Dir dir;
    unsigned win;
    uint64_t size;
} Job;

static uint8_t *host_ptr(Dir dir, bool dst)
{
    if ((dir == V2S && dst) || (dir == S2V && !dst)) {
        return rig->ram;
    }
    return rig->vram + (dst ? RIG_DST : RIG_SRC);
}

static uint64_t va_of(const Job *j, bool dst)
{
    uint64_t w = RIG_VA(j->win);

    if ((j->dir == V2S && dst) || (j->dir == S2V && !dst)) {
        return w + RIG_SYS_VA;
    }
    return w + (dst ? RIG_DST : RIG_SRC);
}

static void host_op(void *arg)
{
    const Job *j = arg;

    if (j->dir == FILL) {
        memset(host_ptr(FILL, true), 0xa5, j->size);
    } else {
        memcpy(host_ptr(j->dir, true), host_ptr(j->dir, false), j->size);
    }
}

static bool ce_ok = true;

static void ce_op(void *arg)
{
    const Job *j = arg;
    uint64_t s = va_of(j, false), d = va_of(j, true);
    uint64_t sem = RIG_VA(RIG_2M) + RIG_SEM;
    uint32_t w[32], payload = ++rig->sem_payload;
    unsigned n = 0;

    w[n++] = rig_hdr(1, NVC5B5_OFFSET_IN_UPPER, 4);
    w[n++] = s >> 32;
    w[n++] = (uint32_t)s;
    w[n++] = d >> 32;
    w[n++] = (uint32_t)d;
    w[n++] = rig_hdr(1, NVC5B5_LINE_LENGTH_IN, 1);
    w[n++] = j->dir == FILL ? j->size / 4 : j->size;
    if (j->dir == FILL) {
        /* one 4-byte component, CONST_A: a 32-bit memset */
        w[n++] = rig_hdr(1, NVC5B5_SET_REMAP_CONST_A, 3);
        w[n++] = 0xa5a5a5a5;
        w[n++] = 0;
        w[n++] = 4 | 3u << 16;
    }
    w[n++] = rig_hdr(1, NVC5B5_SET_SEMAPHORE_A, 3);
    w[n++] = sem >> 32;
    w[n++] = (uint32_t)sem;
    w[n++] = payload;
    w[n++] = rig_hdr(1, NVC5B5_LAUNCH_DMA, 1);
    w[n++] = PITCH_1D | SEM_RELEASE | (j->dir == FILL ? REMAP : 0);
    rig_submit(rig, 0, w, n);
    if (!rig_wait(rig, payload)) {
        ce_ok = false;
    }
}

/* the destination holds what the copy (fill) should have left */
static bool ce_check(const Job *j)
{
    uint8_t *d = host_ptr(j->dir, true);
    uint64_t i;

    if (j->dir != FILL) {
        return !memcmp(d, host_ptr(j->dir, false), j->size);
    }
    for (i = 0; i < j->size; i++) {
        if (d[i] != 0xa5) {
            return false;
        }
    }
    return true;
}

/* What the records for bench/run say of one direction (bench/lib-bench.sh). */
typedef struct DirSummary {
    uint64_t size;              /* the largest size through 64 KiB pages */
    double host_gbs, ce_gbs, ratio;
    double worst;               /* the lowest ratio of 1 MiB and up, any page */
    unsigned worst_win;
    uint64_t worst_size;
} DirSummary;

static void summary_records(const DirSummary *sum)
{
    unsigned dir;

    for (dir = V2V; dir <= FILL; dir++) {
        const DirSummary *d = &sum[dir];
        const char *what = dir == FILL ? "CE fill" : "CE copy";
        const char *base = dir == FILL ? "memset" : "memcpy";

        if (!d->size) {
            continue;
        }
        printf("BENCH {\"group\": \"copy\", \"name\": \"%s %s, %llu MiB, 64K pages\", "
               "\"value\": %.2f, \"unit\": \"GB/s\", \"baseline\": \"host %s\", "
               "\"baseline_value\": %.2f, \"ratio\": %.2f, \"better\": \"higher\", "
               "\"target\": 0.7, \"note\": \"median of paired rounds\"}\n",
               what, dir_name[dir], (unsigned long long)(d->size >> 20), d->ce_gbs,
               base, d->host_gbs, d->ratio);
        if (d->worst_size) {
            printf("BENCH {\"group\": \"copy\", \"name\": \"%s %s, worst of 1 MiB and up\", "
                   "\"value\": %.2f, \"unit\": \"x\", \"baseline\": \"host %s\", "
                   "\"baseline_value\": 1, \"ratio\": %.2f, \"better\": \"higher\", "
                   "\"target\": 0.7, \"note\": \"%llu MiB, %s pages\"}\n",
                   what, dir_name[dir], d->worst, base, d->worst,
                   (unsigned long long)(d->worst_size >> 20), win_name[d->worst_win]);
        }
    }
}

static void throughput(const uint64_t *sizes, unsigned nsizes, int only_win)
{
    DirSummary sum[FILL + 1] = { 0 };
    unsigned si, dir, win;

    printf("%-10s %8s %4s %10s %10s %7s\n", "what", "size", "page",
           "host GB/s", "CE GB/s", "CE/host");
    for (si = 0; si < nsizes; si++) {
        for (dir = V2V; dir <= FILL; dir++) {
            Job j = { .dir = dir, .size = sizes[si] };

            for (win = 0; win < RIG_WINDOWS; win++) {
                double th, tc, ratio;

                if (only_win >= 0 && win != (unsigned)only_win) {
                    continue;
                }
                j.win = win;
                /* a fresh pattern, so the check sees this copy's bytes */
                memset(host_ptr(dir, true), 0, j.size);
                memset(host_ptr(dir, false), 0x30 + win + si, j.size);
                ce_op(&j);
                if (!ce_ok || !ce_check(&j)) {
                    fprintf(stderr, "ce-bench: %s %llu bytes (%s pages) went wrong\n",
                            dir_name[dir], (unsigned long long)j.size, win_name[win]);
                    exit(1);
                }
                ratio = time_pair(host_op, &j, ce_op, &j, &th, &tc);
                printf("%-10s %7lluK %4s %10.2f %10.2f %7.2f\n", dir_name[dir],
                       (unsigned long long)(j.size >> 10), win_name[win],
                       j.size / th * 1e-9, j.size / tc * 1e-9, ratio);
                fflush(stdout);
                if (win == RIG_64K) {
                    sum[dir].size = j.size;
                    sum[dir].host_gbs = j.size / th * 1e-9;
                    sum[dir].ce_gbs = j.size / tc * 1e-9;
                    sum[dir].ratio = ratio;
                }
                if (j.size >= (1u << 20) &&
                    (!sum[dir].worst_size || ratio < sum[dir].worst)) {
                    sum[dir].worst = ratio;
                    sum[dir].worst_size = j.size;
                    sum[dir].worst_win = win;
                }
            }
        }
    }
    summary_records(sum);
}

/* ---- submission ---- */

static void submit_op(void *arg)
{
    static const uint64_t sem = RIG_VA(RIG_2M) + RIG_SEM;
    uint32_t payload = ++rig->sem_payload;
    uint32_t w[] = {
        rig_hdr(0, NVC56F_SEM_ADDR_LO, 5), (uint32_t)sem, sem >> 32, payload, 0,
        NVC56F_SEM_EXECUTE_OPERATION_RELEASE,
    };

    rig_submit(rig, 0x1000, w, 6);
    if (!rig_wait(rig, payload)) {
        ce_ok = false;
    }
}

static void reg_write_op(void *arg)
{
    uint32_t v = ++rig->sem_payload;
    unsigned i;

    /* 1000 per call, so the loop and the clock do not dominate */
    for (i = 0; i < 1000; i++) {
        rig->host.vram_write(rig->host.opaque, RIG_SEM + 0x100, &v, 4);
    }
}

static void store_op(void *arg)
{
    volatile uint32_t *p = (volatile uint32_t *)(rig->vram + RIG_SEM + 0x100);
    unsigned i;

    for (i = 0; i < 1000; i++) {
        *p = i;
    }
}

static void submission(void)
{
    double ts, ts2, tw, tb, rw, rb;

    rw = time_pair(submit_op, NULL, reg_write_op, NULL, &ts, &tw) * 1000;
    rb = time_pair(submit_op, NULL, store_op, NULL, &ts2, &tb) * 1000;
    ts = ts2 < ts ? ts2 : ts;
    tw /= 1000;
    tb /= 1000;

    if (!ce_ok) {
        fprintf(stderr, "ce-bench: a submission did not release its semaphore\n");
        exit(1);
    }
    printf("submission (ring entry + GP_PUT + doorbell + run + release): %8.1f ns\n",
           ts * 1e9);
    printf("baseline: 4-byte host vram_write call:                      %8.1f ns"
           "  (submission = %.0fx)\n", tw * 1e9, rw);
    printf("baseline: bare volatile 4-byte store:                       %8.1f ns"
           "  (submission = %.0fx)\n", tb * 1e9, rb);
}

int main(int argc, char **argv)
{
    static const uint64_t sizes[] = {
        4u << 10, 64u << 10, 1u << 20, 16u << 20, 64u << 20,
    };
    bool quick = false, map = true;
    int i, k, only_win = -1;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            quick = true;
        } else if (!strcmp(argv[i], "--bounce")) {
            map = false;
        } else if (!strcmp(argv[i], "--page") && i + 1 < argc) {
            i++;
            for (k = 0; k < RIG_WINDOWS; k++) {
                only_win = strcmp(argv[i], win_name[k]) ? only_win : k;
            }
        } else {
            fprintf(stderr, "usage: ce-bench [--bounce] [--quick] [--page 2M|64K|4K]\n");
            return 2;
        }
    }
    printf("copy path: %s\n", map ? "vram_map (direct)" : "bounce buffer (no vram_map)");
    rig = rig_new(map);
    rig_bind_ce(rig);
    submission();
    throughput(sizes, quick ? 3 : 5, only_win);
    return 0;
}
