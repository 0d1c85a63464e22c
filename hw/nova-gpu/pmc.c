/*
 * nova-gpu: PMC, the master control unit (BAR0 0x000000).
 *
 * Identification: nouveau decodes the chip from NV_PMC_BOOT_0 and refuses
 * vGPUs through NV_PMC_BOOT_1[17:16]; nova-core decodes NV_PMC_BOOT_42.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "nv-regs.h"

static bool pmc_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    switch (addr) {
    case A_NV_PMC_BOOT_0:
        *val = s->chip->boot_0;
        return true;
    case A_NV_PMC_BOOT_1:
        *val = 0;   /* little-endian, not a vGPU */
        return true;
    case A_NV_PMC_ENABLE:
        *val = s->pmc_enable;
        return true;
    case A_NV_PMC_BOOT_42:
        *val = s->chip->boot_42;
        return true;
    }
    return false;
}

static bool pmc_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case A_NV_PMC_BOOT_0:
        nova_ro_write(s, "PMC", addr, "NV_PMC_BOOT_0", val);
        return true;
    case A_NV_PMC_BOOT_1:
        /*
         * Drivers write 0x01000001 here only on a big-endian CPU, to swap
         * BAR0's byte order. The model has no byte swapping.
         */
        nova_ro_write(s, "PMC", addr, "NV_PMC_BOOT_1", val);
        return true;
    case A_NV_PMC_ENABLE:
        s->pmc_enable = val;
        return true;
    case A_NV_PMC_BOOT_42:
        nova_ro_write(s, "PMC", addr, "NV_PMC_BOOT_42", val);
        return true;
    }
    return false;
}

static const char *pmc_reg_name(hwaddr addr)
{
    switch (addr) {
    case A_NV_PMC_BOOT_0: return "NV_PMC_BOOT_0";
    case A_NV_PMC_BOOT_1: return "NV_PMC_BOOT_1";
    case A_NV_PMC_ENABLE: return "NV_PMC_ENABLE";
    case A_NV_PMC_BOOT_42: return "NV_PMC_BOOT_42";
    }
    return NULL;
}

const NovaUnitInfo nova_unit_pmc = {
    .name = "PMC",
    .base = 0x000000,
    .size = 0x1000,
    .read = pmc_read,
    .write = pmc_write,
    .reg_name = pmc_reg_name,
};
