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
#include "nv-regs.h"

static bool pgc6_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    switch (addr) {
    case A_NV_PGC6_BSI_SECURE_SCRATCH_14:
        *val = s->bsi_secure_scratch_14;
        return true;
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK:
        *val = s->gfw_priv_level_mask;
        return true;
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT:
        *val = s->gfw_boot_progress;
        return true;
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_42:
        /* Turing's devinit does not publish it; its drivers decode PFB. */
        *val = s->chip->fb_size_in_aon_scratch ? s->vram_size / MiB : 0;
        return true;
    }
    return false;
}

static const char *pgc6_reg_name(hwaddr addr)
{
    switch (addr) {
    case A_NV_PGC6_BSI_SECURE_SCRATCH_14:
        return "NV_PGC6_BSI_SECURE_SCRATCH_14";
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK:
        return "NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK";
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT:
        return "NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT";
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_42:
        return "NV_USABLE_FB_SIZE_IN_MB";
    }
    return NULL;
}

static bool pgc6_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case A_NV_PGC6_BSI_SECURE_SCRATCH_14:
        s->bsi_secure_scratch_14 = val;
        return true;
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK:
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT:
    case A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_42:
        /* Secure scratch: only firmware at a higher privilege writes it. */
        nova_ro_write(s, "PGC6", addr, pgc6_reg_name(addr), val);
        return true;
    }
    return false;
}

const NovaUnitInfo nova_unit_pgc6 = {
    .name = "PGC6",
    .base = 0x118000,
    .size = 0x1000,
    .read = pgc6_read,
    .write = pgc6_write,
    .reg_name = pgc6_reg_name,
};
