/*
 * nova-gpu: PTIMER (BAR0 0x009000). The arithmetic is in common/ptimer.c;
 * the clock is QEMU's virtual clock, so the GPU time stops while the VM is
 * paused, as a guest expects of its devices.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "nv-regs.h"

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

static const char *ptimer_reg_name(hwaddr addr)
{
    switch (addr) {
    case A_NV_PTIMER_INTR_0: return "NV_PTIMER_INTR_0";
    case A_NV_PTIMER_INTR_EN_0: return "NV_PTIMER_INTR_EN_0";
    case A_NV_PTIMER_TIME_0: return "NV_PTIMER_TIME_0";
    case A_NV_PTIMER_TIME_1: return "NV_PTIMER_TIME_1";
    case A_NV_PTIMER_ALARM_0: return "NV_PTIMER_ALARM_0";
    }
    return NULL;
}

const NovaUnitInfo nova_unit_ptimer = {
    .name = "PTIMER",
    .base = 0x009000,
    .size = 0x1000,
    .read = ptimer_read,
    .write = ptimer_write,
    .reg_name = ptimer_reg_name,
};
