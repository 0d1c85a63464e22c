/*
 * nova-gpu: PTIMER (BAR0 0x009000), the GPU's nanosecond clock. The
 * arithmetic is common/ptimer.c; here are its registers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"

/* all hooked: the state is the engine's NovaPtimer (s->ptimer) */
static const NovaRegRow ptimer_rows[] = {
    NV_ROW(NV_PTIMER_INTR_0, .hooked = true),
    NV_ROW(NV_PTIMER_INTR_EN_0, .hooked = true),
    NV_ROW(NV_PTIMER_TIME_0, .hooked = true),
    NV_ROW(NV_PTIMER_TIME_1, .hooked = true),
    NV_ROW(NV_PTIMER_ALARM_0, .hooked = true),
};

static bool ptimer_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    switch (addr) {
    case A_NV_PTIMER_INTR_0:
        *val = s->ptimer.intr_0;
        return true;
    case A_NV_PTIMER_INTR_EN_0:
        *val = s->ptimer.intr_en_0;
        return true;
    case A_NV_PTIMER_TIME_0:
        *val = (uint32_t)nova_ptimer_time(&s->ptimer, nova_host_now_ns());
        return true;
    case A_NV_PTIMER_TIME_1:
        *val = nova_ptimer_time(&s->ptimer, nova_host_now_ns()) >> 32;
        return true;
    case A_NV_PTIMER_ALARM_0:
        *val = s->ptimer.alarm_0;
        return true;
    }
    return false;
}

static bool ptimer_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case A_NV_PTIMER_INTR_0:
        s->ptimer.intr_0 &= ~val;
        return true;
    case A_NV_PTIMER_INTR_EN_0:
        s->ptimer.intr_en_0 = val;
        return true;
    case A_NV_PTIMER_TIME_0:
        nova_ptimer_set_time_0(&s->ptimer, nova_host_now_ns(), val);
        return true;
    case A_NV_PTIMER_TIME_1:
        nova_ptimer_set_time_1(&s->ptimer, nova_host_now_ns(), val);
        return true;
    case A_NV_PTIMER_ALARM_0:
        s->ptimer.alarm_0 = val;
        return true;
    }
    return false;
}

static void ptimer_reset(NovaGpuState *s, NovaUnit *u)
{
    nova_ptimer_reset(&s->ptimer);
}

const NovaUnitInfo nova_unit_ptimer = {
    .name = "PTIMER",
    .base = NV_PTIMER_BASE,
    .size = NV_PTIMER_SIZE,
    .rows = ptimer_rows,
    .nrows = ARRAY_SIZE(ptimer_rows),
    .reset = ptimer_reset,
    .read = ptimer_read,
    .write = ptimer_write,
};
