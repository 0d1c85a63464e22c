/*
 * nova-gpu: the virtual-function register space (BAR0 0xb80000): its CPU
 * interrupt tree (common/intr.c; this file maps it and re-evaluates the
 * interrupt line after every write) and the MMU registers (gmmu.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "nova-gpu.h"
#include "trace.h"

static bool vfn_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    uint32_t off = addr - NV_VIRTUAL_FUNCTION_BASE;

    return nova_intr_read(&s->intr, off, val) == NOVA_INTR_OK ||
           nova_gmmu_vfn_read(s, off, val);
}

static bool vfn_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    uint32_t off = addr - NV_VIRTUAL_FUNCTION_BASE;

    switch (nova_intr_write(&s->intr, off, val)) {
    case NOVA_INTR_OK:
        if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER) {
            trace_nova_gpu_intr_trigger(val);
        }
        nova_irq_update(s);
        return true;
    case NOVA_INTR_BAD_VECTOR:
        trace_nova_gpu_ub_intr_vector(val);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: interrupt vector %u is past "
                      "the tree's %u vectors; trigger ignored\n",
                      NV_FIELD_EX32(val, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER,
                                    VECTOR),
                      NOVA_INTR_VECTORS);
        return true;
    case NOVA_INTR_READ_ONLY:
        nova_ro_write(s, "VIRTUAL_FUNCTION", addr, nova_intr_reg_name(off), val);
        return true;
    case NOVA_INTR_UNMODELLED:
        break;
    }
    return nova_gmmu_vfn_write(s, off, val);
}

static const char *vfn_reg_name(hwaddr addr)
{
    const char *n = nova_gmmu_reg_name(addr - NV_VIRTUAL_FUNCTION_BASE);

    return n ? n : nova_intr_reg_name(addr - NV_VIRTUAL_FUNCTION_BASE);
}

static void vfn_reset(NovaGpuState *s, NovaUnit *u)
{
    nova_intr_reset(&s->intr);
}

const NovaUnitInfo nova_unit_vfn = {
    .name = "VIRTUAL_FUNCTION",
    .base = NV_VIRTUAL_FUNCTION_BASE,
    .size = NV_VIRTUAL_FUNCTION_SIZE,
    .reset = vfn_reset,
    .read = vfn_read,
    .write = vfn_write,
    .reg_name = vfn_reg_name,
};
