/*
 * nova-gpu: PGC6, the always-on power domain (BAR0 0x118000).
 *
 * Its secure scratch registers are how the boot firmware (devinit, FWSEC)
 * talks to the driver: GFW_BOOT progress says devinit finished, and on GA102
 * and later group 42 carries the usable FB size in MiB. The model's "devinit"
 * has finished by the time the guest can look: there is no ROM code to run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/units.h"
#include "nova-gpu.h"

/*
 * Secure scratch: only firmware at a higher privilege writes it, and
 * devinit (the VBIOS's boot scripts) has run by the time a driver looks.
 */
static const NovaRegRow pgc6_rows[] = {
    NV_ROW(NV_PGC6_BSI_SECURE_SCRATCH_14),
    NV_ROW(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK,
           .ro = NV_READ_ONLY,
           .reset = NV_FIELD_MASK(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK,
                                  READ_PROTECTION_LEVEL0)),
    NV_ROW(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT, .ro = NV_READ_ONLY,
           .reset = NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED),
    /* NV_USABLE_FB_SIZE_IN_MB */
    NV_ROW(NV_PGC6_AON_SECURE_SCRATCH_GROUP_42, .ro = NV_READ_ONLY),
};

static void pgc6_fixed(NovaGpuState *s, NovaUnit *u)
{
    /* Turing's devinit does not publish it; its drivers decode PFB. */
    nova_reg_set(s, A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_42,
                 s->chip->fb_size_in_aon_scratch ? s->vram_size / MiB : 0);
}

const NovaUnitInfo nova_unit_pgc6 = {
    .name = "PGC6",
    .base = NV_PGC6_BASE,
    .size = NV_PGC6_SIZE,
    .rows = pgc6_rows,
    .nrows = ARRAY_SIZE(pgc6_rows),
    .fixed = pgc6_fixed,
};
