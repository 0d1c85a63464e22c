/*
 * nova-gpu: the display registers a compute-only model still has to answer.
 *
 * PRMCIO (0x601000): nouveau unlocks the legacy VGA CRTC during devinit
 * preinit with byte accesses to the CRTC index/data pair, whether or not the
 * display exists. The CRTC registers are plain storage: nothing scans out.
 *
 * NV_PDISP_VGA_WORKSPACE_BASE (0x625f04): where devinit put the VGA
 * workspace. It reads "not valid", so both drivers fall back to the default
 * (the last MiB below the end of VRAM).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "nova-gpu.h"
#include "nv-regs.h"
#include "trace.h"

static uint64_t prmcio_read(void *opaque, hwaddr off, unsigned size)
{
    NovaGpuState *s = opaque;
    hwaddr addr = NV_PRMCIO_BASE + off;

    switch (addr) {
    case NV_PRMCIO_CRX__COLOR:
        return s->vga_crtc_index;
    case NV_PRMCIO_CR__COLOR:
        return s->vga_crtc[s->vga_crtc_index];
    }
    nova_unimp(s, "PRMCIO", addr, false, 0, size);
    return 0;
}

static void prmcio_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    NovaGpuState *s = opaque;
    hwaddr addr = NV_PRMCIO_BASE + off;

    switch (addr) {
    case NV_PRMCIO_CRX__COLOR:
        s->vga_crtc_index = val;
        return;
    case NV_PRMCIO_CR__COLOR:
        trace_nova_gpu_vga_crtc_write(s->vga_crtc_index, val);
        s->vga_crtc[s->vga_crtc_index] = val;
        return;
    }
    nova_unimp(s, "PRMCIO", addr, true, val, size);
}

/* VGA I/O registers are bytes: QEMU splits wider accesses for us. */
static const MemoryRegionOps prmcio_ops = {
    .read = prmcio_read,
    .write = prmcio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

const NovaUnitInfo nova_unit_prmcio = {
    .name = "PRMCIO",
    .base = NV_PRMCIO_BASE,
    .size = 0x1000,
    .ops = &prmcio_ops,
};

static bool pdisp_vga_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    if (addr == A_NV_PDISP_VGA_WORKSPACE_BASE) {
        *val = 0;   /* STATUS_VALID = 0 */
        return true;
    }
    return false;
}

static bool pdisp_vga_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    if (addr == A_NV_PDISP_VGA_WORKSPACE_BASE) {
        nova_ro_write(s, "PDISP", addr, "NV_PDISP_VGA_WORKSPACE_BASE", val);
        return true;
    }
    return false;
}

static const char *pdisp_vga_reg_name(hwaddr addr)
{
    return addr == A_NV_PDISP_VGA_WORKSPACE_BASE ?
           "NV_PDISP_VGA_WORKSPACE_BASE" : NULL;
}

const NovaUnitInfo nova_unit_pdisp_vga = {
    .name = "PDISP",
    .base = 0x625000,
    .size = 0x1000,
    .read = pdisp_vga_read,
    .write = pdisp_vga_write,
    .reg_name = pdisp_vga_reg_name,
};
