/*
 * nova-gpu: PBUS (BAR0 0x001000): software scratch registers and the PRAMIN
 * window base.
 *
 * NV_PBUS_SW_SCRATCH(0xe) carries FWSEC-FRTS's error code in bits 31:16;
 * both drivers check it after FRTS. NV_PBUS_BAR0_WINDOW places the 1 MiB
 * PRAMIN window (BAR0 0x700000) in VRAM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "nv-regs.h"
#include "trace.h"

static bool is_scratch(hwaddr addr, unsigned *idx)
{
    if (addr < A_NV_PBUS_SW_SCRATCH ||
        addr >= A_NV_PBUS_SW_SCRATCH + 4 * NOVA_SW_SCRATCH_COUNT) {
        return false;
    }
    *idx = (addr - A_NV_PBUS_SW_SCRATCH) / 4;
    return true;
}

static bool pbus_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    unsigned i;

    if (is_scratch(addr, &i)) {
        *val = s->secure.sw_scratch[i];
        return true;
    }
    if (addr == A_NV_PBUS_BAR0_WINDOW) {
        *val = s->pbus_bar0_window;
        return true;
    }
    return false;
}

static bool pbus_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    unsigned i;

    if (is_scratch(addr, &i)) {
        s->secure.sw_scratch[i] = val;
        return true;
    }
    if (addr == A_NV_PBUS_BAR0_WINDOW) {
        s->pbus_bar0_window = val;
        trace_nova_gpu_pramin_window(
            (uint64_t)FIELD_EX32(val, NV_PBUS_BAR0_WINDOW, BASE) << 16,
            FIELD_EX32(val, NV_PBUS_BAR0_WINDOW, TARGET));
        return true;
    }
    return false;
}

static const char *pbus_reg_name(hwaddr addr)
{
    unsigned i;

    if (is_scratch(addr, &i)) {
        return "NV_PBUS_SW_SCRATCH";
    }
    return addr == A_NV_PBUS_BAR0_WINDOW ? "NV_PBUS_BAR0_WINDOW" : NULL;
}

const NovaUnitInfo nova_unit_pbus = {
    .name = "PBUS",
    .base = 0x001000,
    .size = 0x1000,
    .read = pbus_read,
    .write = pbus_write,
    .reg_name = pbus_reg_name,
};
