/*
 * nova-gpu: PTIMER, the GPU's nanosecond clock.
 *
 * The time is the host's clock plus an offset the guest can move by writing
 * NV_PTIMER_TIME_0/1. The host's clock is passed in, so the model has no
 * clock of its own and tests can drive it by hand.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_PTIMER_H
#define NOVA_PTIMER_H

#include <stdint.h>

typedef struct NovaPtimer {
    uint64_t offset_ns;     /* GPU time = host time + offset (mod 2^64) */
    uint32_t intr_0;        /* NV_PTIMER_INTR_0, write-1-to-clear */
    uint32_t intr_en_0;     /* NV_PTIMER_INTR_EN_0 */
    uint32_t alarm_0;       /* NV_PTIMER_ALARM_0 (stored; see ptimer.c) */
} NovaPtimer;

void nova_ptimer_reset(NovaPtimer *t);
uint64_t nova_ptimer_time(const NovaPtimer *t, uint64_t host_ns);
/* Writes of the low / high half of the time, as nouveau's timer init does. */
void nova_ptimer_set_time_0(NovaPtimer *t, uint64_t host_ns, uint32_t lo);
void nova_ptimer_set_time_1(NovaPtimer *t, uint64_t host_ns, uint32_t hi);

#endif
