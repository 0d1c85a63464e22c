/*
 * nova-gpu: PMC, the master control unit (BAR0 0x000000).
 *
 * Identification: nouveau decodes the chip from NV_PMC_BOOT_0 and refuses
 * vGPUs through NV_PMC_BOOT_1[17:16]; nova-core decodes NV_PMC_BOOT_42.
 * NV_PMC_BOOT_1 reads 0: little-endian, not a vGPU. Drivers write
 * 0x01000001 to it only on a big-endian CPU, to swap BAR0's byte order;
 * the model has no byte swapping, so it is read-only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"

static const NovaRegRow pmc_rows[] = {
    NV_ROW(NV_PMC_BOOT_0, .ro = NV_READ_ONLY),          /* the chip's */
    NV_ROW(NV_PMC_BOOT_1, .ro = NV_READ_ONLY),
    NV_ROW(NV_PMC_ENABLE),
    NV_ROW(NV_PMC_BOOT_42, .ro = NV_READ_ONLY),         /* the chip's */
};

static void pmc_fixed(NovaGpuState *s, NovaUnit *u)
{
    nova_reg_set(s, A_NV_PMC_BOOT_0, s->chip->boot_0);
    nova_reg_set(s, A_NV_PMC_BOOT_42, s->chip->boot_42);
}

const NovaUnitInfo nova_unit_pmc = {
    .name = "PMC",
    .base = NV_PMC_BASE,
    .size = NV_PMC_SIZE,
    .rows = pmc_rows,
    .nrows = ARRAY_SIZE(pmc_rows),
    .fixed = pmc_fixed,
};
