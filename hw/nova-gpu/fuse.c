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
#include "nv-regs.h"

static uint32_t display_fuse(NovaGpuState *s)
{
    return s->display ? 0 : 1;  /* DATA = 1: display disabled */
}

static bool fuse_gm107_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    switch (addr) {
    case A_NV_FUSE_STATUS_OPT_CE:
        *val = 0;   /* no copy engine fused off */
        return true;
    case A_NV_FUSE_STATUS_OPT_DISPLAY_GM107:
        *val = display_fuse(s);
        return true;
    }
    return false;
}

static bool fuse_ga100_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    if (addr == A_NV_FUSE_STATUS_OPT_DISPLAY_GA100) {
        *val = display_fuse(s);
        return true;
    }
    return false;
}

static bool is_fpf_version(hwaddr addr)
{
    return addr >= A_NV_FUSE_OPT_FPF_NVDEC_UCODE1_VERSION &&
           addr < A_NV_FUSE_OPT_FPF_GSP_UCODE1_VERSION + 16 * 4;
}

static bool fuse_fpf_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    if (is_fpf_version(addr)) {
        *val = 0;
        return true;
    }
    return false;
}

/* Fuses are burnt at the factory: every write is refused. */
static bool fuse_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    uint32_t ignored;
    bool known = fuse_gm107_read(s, addr, &ignored) ||
                 fuse_ga100_read(s, addr, &ignored) ||
                 fuse_fpf_read(s, addr, &ignored);

    if (known) {
        nova_ro_write(s, "FUSE", addr, "fuse", val);
    }
    return known;
}

static const char *fuse_reg_name(hwaddr addr)
{
    switch (addr) {
    case A_NV_FUSE_STATUS_OPT_CE: return "NV_FUSE_STATUS_OPT_CE";
    case A_NV_FUSE_STATUS_OPT_DISPLAY_GM107:
    case A_NV_FUSE_STATUS_OPT_DISPLAY_GA100:
        return "NV_FUSE_STATUS_OPT_DISPLAY";
    }
    if (addr >= A_NV_FUSE_OPT_FPF_GSP_UCODE1_VERSION && is_fpf_version(addr)) {
        return "NV_FUSE_OPT_FPF_GSP_UCODE1_VERSION";
    }
    if (addr >= A_NV_FUSE_OPT_FPF_SEC2_UCODE1_VERSION && is_fpf_version(addr)) {
        return "NV_FUSE_OPT_FPF_SEC2_UCODE1_VERSION";
    }
    if (is_fpf_version(addr)) {
        return "NV_FUSE_OPT_FPF_NVDEC_UCODE1_VERSION";
    }
    return NULL;
}

const NovaUnitInfo nova_unit_fuse_gm107 = {
    .name = "FUSE",
    .base = 0x021000,
    .size = 0x1000,
    .read = fuse_gm107_read,
    .write = fuse_write,
    .reg_name = fuse_reg_name,
};

const NovaUnitInfo nova_unit_fuse_ga100 = {
    .name = "FUSE",
    .base = 0x820000,
    .size = 0x1000,
    .read = fuse_ga100_read,
    .write = fuse_write,
    .reg_name = fuse_reg_name,
};

const NovaUnitInfo nova_unit_fuse_fpf = {
    .name = "FUSE_FPF",
    .base = 0x824000,
    .size = 0x1000,
    .read = fuse_fpf_read,
    .write = fuse_write,
    .reg_name = fuse_reg_name,
};
