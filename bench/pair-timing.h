/*
 * nova-gpu: paired timing for the engine benches (ce-bench, rpc-bench).
 *
 * A figure and its baseline are timed in turn, round after round: each
 * round times a batch of each (repetitions enough for at least
 * pair_batch_min seconds), so each round's pair sees the same machine; the
 * result is the best time per operation of each and the median over the
 * rounds of their ratio, which drops the rounds where other load hit one
 * of the two.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_BENCH_PAIR_TIMING_H
#define NOVA_BENCH_PAIR_TIMING_H

#include <stdlib.h>
#include <time.h>

#define PAIR_ROUNDS_MAX 64

typedef void Op(void *arg);

static double pair_batch_min = 0.005;   /* seconds a batch takes at least */
static unsigned pair_rounds = 15;       /* at most PAIR_ROUNDS_MAX */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* how many @op make a batch of at least pair_batch_min */
static unsigned batch_reps(Op *op, void *arg)
{
    unsigned reps = 1, i;
    double t0, t;

    op(arg);                            /* warm: pages touched, TLB filled */
    for (;;) {
        t0 = now();
        for (i = 0; i < reps; i++) {
            op(arg);
        }
        t = now() - t0;
        if (t >= pair_batch_min) {
            return reps;
        }
        reps *= t > pair_batch_min / 3 ? 2 : 10;
    }
}

/* seconds per @op over @reps of them */
static double batch(Op *op, void *arg, unsigned reps)
{
    double t0 = now();
    unsigned i;

    for (i = 0; i < reps; i++) {
        op(arg);
    }
    return (now() - t0) / reps;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/*
 * Seconds per @a and per @b (the best batch of each), and the median over
 * the rounds of a's time over b's.
 */
static double time_pair(Op *a, void *aa, Op *b, void *ba, double *ta, double *tb)
{
    unsigned ra = batch_reps(a, aa), rb = batch_reps(b, ba), k;
    unsigned n = pair_rounds < PAIR_ROUNDS_MAX ? pair_rounds : PAIR_ROUNDS_MAX;
    double ratio[PAIR_ROUNDS_MAX], x, y;

    *ta = *tb = 1e30;
    for (k = 0; k < n; k++) {
        x = batch(a, aa, ra);
        y = batch(b, ba, rb);
        *ta = x < *ta ? x : *ta;
        *tb = y < *tb ? y : *tb;
        ratio[k] = x / y;
    }
    qsort(ratio, n, sizeof(ratio[0]), cmp_double);
    return ratio[n / 2];
}

#endif
