/*
 * Unit tests: PTIMER, driven by a hand-moved clock.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/ptimer.h"
#include "tap.h"

int main(void)
{
    NovaPtimer t;
    uint64_t host = 5000;

    nova_ptimer_reset(&t);
    TAP_EQ(nova_ptimer_time(&t, host), 5000, "reset: GPU time = host time");
    host += 1;
    TAP_EQ(nova_ptimer_time(&t, host), 5001, "advances by the nanosecond");

    /* nouveau nv04_timer_time: TIME_1 then TIME_0 */
    nova_ptimer_set_time_1(&t, host, 0x12345678);
    nova_ptimer_set_time_0(&t, host, 0x9abcdef0);
    TAP_EQ(nova_ptimer_time(&t, host), 0x123456789abcdef0ull, "set time");
    host += 100;
    TAP_EQ(nova_ptimer_time(&t, host), 0x123456789abcdef0ull + 100,
           "keeps running after set");

    /* setting only the low half keeps the high half */
    nova_ptimer_set_time_0(&t, host, 0);
    TAP_EQ(nova_ptimer_time(&t, host) >> 32, 0x12345678, "TIME_0 keeps TIME_1");
    /* and the other way round */
    nova_ptimer_set_time_1(&t, host, 1);
    TAP_EQ(nova_ptimer_time(&t, host), 0x100000000ull, "TIME_1 keeps TIME_0");

    /* a time behind the host clock: the offset wraps, time stays right */
    host = 0xffff000000000000ull;
    nova_ptimer_set_time_1(&t, host, 0);
    nova_ptimer_set_time_0(&t, host, 7);
    TAP_EQ(nova_ptimer_time(&t, host), 7, "time set below host clock");
    TAP_EQ(nova_ptimer_time(&t, host + 3), 10, "and still advances");

    nova_ptimer_reset(&t);
    TAP_EQ(t.offset_ns, 0, "reset clears the offset");
    return tap_done();
}
