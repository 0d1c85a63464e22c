/*
 * nova-gpu: UFLUSH (BAR0 0x070000): the frame buffer flush.
 *
 * On hardware a write to FB_FLUSH drains what is still on its way to VRAM
 * and the driver polls until PENDING and OUTSTANDING read 0. In the model
 * every write reaches VRAM (host RAM) the moment it is made, so a flush is
 * complete as soon as it is asked for: the register always reads 0. The
 * flushes are traced, since a driver waiting on one is worth seeing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "trace.h"

static const NovaRegRow uflush_rows[] = {
    NV_ROW(NV_UFLUSH_FB_FLUSH, .hooked = true),
};

static bool uflush_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    if (addr == A_NV_UFLUSH_FB_FLUSH) {
        *val = 0;       /* nothing pending, nothing outstanding */
        return true;
    }
    return false;
}

static bool uflush_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    if (addr == A_NV_UFLUSH_FB_FLUSH) {
        trace_nova_gpu_fb_flush(val);
        return true;
    }
    return false;
}

const NovaUnitInfo nova_unit_uflush = {
    .name = "UFLUSH",
    .base = NV_UFLUSH_BASE,
    .size = NV_UFLUSH_SIZE,
    .rows = uflush_rows,
    .nrows = ARRAY_SIZE(uflush_rows),
    .read = uflush_read,
    .write = uflush_write,
};
