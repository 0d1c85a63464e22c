/*
 * nova-gpu: FUSE status (BAR0 0x021000 on Turing's gm107 layout, 0x820000
 * and 0x824000 on the ga100 layout).
 *
 * The display fuse says whether the display engine exists; the device's
 * "display" property sets it. Both layouts' display registers report it:
 * nova-core and nouveau >= 6.12.100 read the one of their chip, but earlier
 * 6.12 nouveau reads 0x021c04 on every chip, and both should agree.
 *
 * The FPF ucode-version fuses read 0: falcon firmware signature selection
 * then takes signature index 0 (nova-core falcon/hal/ga102.rs, nouveau
 * gsp/ga102.c), which the generated firmware provides.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"

static const NovaRegRow fuse_gm107_rows[] = {
    NV_ROW(NV_FUSE_STATUS_OPT_CE, .ro = NV_READ_ONLY),     /* no CE fused off */
    NV_ROW(NV_FUSE_STATUS_OPT_DISPLAY_GM107, .ro = NV_READ_ONLY),
};

static const NovaRegRow fuse_ga100_rows[] = {
    NV_ROW(NV_FUSE_STATUS_OPT_DISPLAY_GA100, .ro = NV_READ_ONLY),
};

static const NovaRegRow fuse_fpf_rows[] = {
    NV_ROW_ARRAY(NV_FUSE_OPT_FPF_NVDEC_UCODE1_VERSION, .ro = NV_READ_ONLY),
    NV_ROW_ARRAY(NV_FUSE_OPT_FPF_SEC2_UCODE1_VERSION, .ro = NV_READ_ONLY),
    NV_ROW_ARRAY(NV_FUSE_OPT_FPF_GSP_UCODE1_VERSION, .ro = NV_READ_ONLY),
};

/* DATA = 1: display disabled */
static void fuse_gm107_fixed(NovaGpuState *s, NovaUnit *u)
{
    nova_reg_set(s, A_NV_FUSE_STATUS_OPT_DISPLAY_GM107,
                 NV_FIELD_DP32(0, NV_FUSE_STATUS_OPT_DISPLAY_GM107, DATA,
                               !s->display));
}

static void fuse_ga100_fixed(NovaGpuState *s, NovaUnit *u)
{
    nova_reg_set(s, A_NV_FUSE_STATUS_OPT_DISPLAY_GA100,
                 NV_FIELD_DP32(0, NV_FUSE_STATUS_OPT_DISPLAY_GA100, DATA,
                               !s->display));
}

const NovaUnitInfo nova_unit_fuse_gm107 = {
    .name = "FUSE",
    .base = NV_FUSE_GM107_BASE,
    .size = NV_FUSE_GM107_SIZE,
    .rows = fuse_gm107_rows,
    .nrows = ARRAY_SIZE(fuse_gm107_rows),
    .fixed = fuse_gm107_fixed,
};

const NovaUnitInfo nova_unit_fuse_ga100 = {
    .name = "FUSE",
    .base = NV_FUSE_GA100_BASE,
    .size = NV_FUSE_GA100_SIZE,
    .rows = fuse_ga100_rows,
    .nrows = ARRAY_SIZE(fuse_ga100_rows),
    .fixed = fuse_ga100_fixed,
};

const NovaUnitInfo nova_unit_fuse_fpf = {
    .name = "FUSE_FPF",
    .base = NV_FUSE_FPF_BASE,
    .size = NV_FUSE_FPF_SIZE,
    .rows = fuse_fpf_rows,
    .nrows = ARRAY_SIZE(fuse_fpf_rows),
};
