/*
 * nova-gpu: the usermode region (BAR0 0xbb0000): the doorbell that hands a
 * channel's new work to the host (fifo/), and the GPU's time as user space
 * reads it. The channels themselves are fifo/'s; GSP-RM creates them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "trace.h"

/* all hooked: the time is PTIMER's, the doorbell a command, CFG0 the chip's */
static const NovaRegRow usermode_rows[] = {
    NV_ROW(NV_USERMODE_CFG0, .hooked = true),
    NV_ROW(NV_USERMODE_TIME_0, .hooked = true),
    NV_ROW(NV_USERMODE_TIME_1, .hooked = true),
    NV_ROW(NV_USERMODE_NOTIFY_CHANNEL_PENDING, .hooked = true),
};

static bool usermode_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    uint64_t t = nova_ptimer_time(&s->ptimer, nova_host_now_ns());

    switch (addr) {
    case A_NV_USERMODE_CFG0:
        *val = NV_FIELD_DP32(0, NV_USERMODE_CFG0, USERMODE_CLASS_ID,
                             s->chip->usermode_class);
        return true;
    case A_NV_USERMODE_TIME_0:
        *val = (uint32_t)t & R_NV_USERMODE_TIME_0_NSEC_MASK;
        return true;
    case A_NV_USERMODE_TIME_1:
        *val = NV_FIELD_DP32(0, NV_USERMODE_TIME_1, NSEC, t >> 32);
        return true;
    case A_NV_USERMODE_NOTIFY_CHANNEL_PENDING:
        *val = 0;       /* write-only */
        return true;
    }
    return false;
}

static bool usermode_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case A_NV_USERMODE_NOTIFY_CHANNEL_PENDING:
        trace_nova_gpu_doorbell(val);
        nova_fifo_doorbell(&s->fifo, val);
        return true;
    case A_NV_USERMODE_CFG0:
    case A_NV_USERMODE_TIME_0:
    case A_NV_USERMODE_TIME_1:
        nova_ro_write(s, "USERMODE", addr, addr == A_NV_USERMODE_CFG0 ?
                      "NV_USERMODE_CFG0" : "NV_USERMODE_TIME", val);
        return true;
    }
    return false;
}

const NovaUnitInfo nova_unit_usermode = {
    .name = "USERMODE",
    .base = NV_USERMODE_BASE,
    .size = NV_USERMODE_SIZE,
    .rows = usermode_rows,
    .nrows = ARRAY_SIZE(usermode_rows),
    .read = usermode_read,
    .write = usermode_write,
};
