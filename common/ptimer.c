/*
 * nova-gpu: PTIMER.
 *
 * nouveau measures every timeout with PTIMER and declares the timer stalled
 * after 16 identical reads, so the time must move between any two reads: it
 * is derived from the host clock on every read, at nanosecond resolution.
 * Real parts tick at 32 ns (TIME_0 bits 4:0 read as zero); no driver depends
 * on that, and a finer clock keeps the stall check away under slow TCG.
 *
 * The alarm is stored but never fires: under GSP-RM neither driver routes the
 * PTIMER interrupt (nouveau r535 leaves it to GSP-RM), so nothing consumes it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/ptimer.h"

void nova_ptimer_reset(NovaPtimer *t)
{
    t->offset_ns = 0;
    t->intr_0 = 0;
    t->intr_en_0 = 0;
    t->alarm_0 = 0;
}

uint64_t nova_ptimer_time(const NovaPtimer *t, uint64_t host_ns)
{
    return host_ns + t->offset_ns;
}

void nova_ptimer_set_time_0(NovaPtimer *t, uint64_t host_ns, uint32_t lo)
{
    uint64_t now = nova_ptimer_time(t, host_ns);
    uint64_t want = (now & ~(uint64_t)UINT32_MAX) | lo;

    t->offset_ns = want - host_ns;
}

void nova_ptimer_set_time_1(NovaPtimer *t, uint64_t host_ns, uint32_t hi)
{
    uint64_t now = nova_ptimer_time(t, host_ns);
    uint64_t want = ((uint64_t)hi << 32) | (now & UINT32_MAX);

    t->offset_ns = want - host_ns;
}
