/*
 * nova-gpu: PBUS (BAR0 0x001000): the software scratch registers, through
 * which FWSEC reports errors (the falcon model writes them: they live in
 * NovaSecureRegs, shared with it), and NV_PBUS_BAR0_WINDOW, which places
 * the PRAMIN window (pramin.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "trace.h"

static const NovaRegRow pbus_rows[] = {
    NV_ROW_ARRAY(NV_PBUS_SW_SCRATCH, .hooked = true),
    NV_ROW(NV_PBUS_BAR0_WINDOW),
};

static bool pbus_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    unsigned i;

    if (NV_REG_IN_ARRAY(NV_PBUS_SW_SCRATCH, addr, &i)) {
        *val = s->secure.sw_scratch[i];
        return true;
    }
    return false;
}

static bool pbus_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    unsigned i;

    if (NV_REG_IN_ARRAY(NV_PBUS_SW_SCRATCH, addr, &i)) {
        s->secure.sw_scratch[i] = val;
        return true;
    }
    return false;
}

static void pbus_post_write(NovaGpuState *s, const NovaRegRow *row,
                            uint32_t val)
{
    if (row->addr == A_NV_PBUS_BAR0_WINDOW) {
        trace_nova_gpu_pramin_window(
            (uint64_t)NV_FIELD_EX32(val, NV_PBUS_BAR0_WINDOW, BASE) << 16,
            NV_FIELD_EX32(val, NV_PBUS_BAR0_WINDOW, TARGET));
    }
}

static void pbus_reset(NovaGpuState *s, NovaUnit *u)
{
    memset(s->secure.sw_scratch, 0, sizeof(s->secure.sw_scratch));
}

const NovaUnitInfo nova_unit_pbus = {
    .name = "PBUS",
    .base = NV_PBUS_BASE,
    .size = NV_PBUS_SIZE,
    .rows = pbus_rows,
    .nrows = ARRAY_SIZE(pbus_rows),
    .reset = pbus_reset,
    .post_write = pbus_post_write,
    .read = pbus_read,
    .write = pbus_write,
};
