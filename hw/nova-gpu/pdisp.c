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
#include "trace.h"

static uint64_t prmcio_read(void *opaque, hwaddr off, unsigned size)
{
    NovaGpuState *s = opaque;
    hwaddr addr = NV_PRMCIO_BASE + off;

    switch (addr) {
    case A_NV_PRMCIO_CRX__COLOR:
        return s->vga_crtc_index;
    case A_NV_PRMCIO_CR__COLOR:
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
    case A_NV_PRMCIO_CRX__COLOR:
        s->vga_crtc_index = val;
        return;
    case A_NV_PRMCIO_CR__COLOR:
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

static void prmcio_reset(NovaGpuState *s, NovaUnit *u)
{
    s->vga_crtc_index = 0;
    memset(s->vga_crtc, 0, sizeof(s->vga_crtc));
}

const NovaUnitInfo nova_unit_prmcio = {
    .name = "PRMCIO",
    .base = NV_PRMCIO_BASE,
    .size = NV_PRMCIO_SIZE,
    .ops = &prmcio_ops,
    .reset = prmcio_reset,
};

static const NovaRegRow pdisp_vga_rows[] = {
    NV_ROW(NV_PDISP_VGA_WORKSPACE_BASE, .ro = NV_READ_ONLY),   /* not valid */
};

const NovaUnitInfo nova_unit_pdisp_vga = {
    .name = "PDISP",
    .base = NV_PDISP_VGA_BASE,
    .size = NV_PDISP_VGA_SIZE,
    .rows = pdisp_vga_rows,
    .nrows = ARRAY_SIZE(pdisp_vga_rows),
};
