/*
 * nova-gpu: PROM (BAR0 0x300000), the 1 MiB window onto the VBIOS flash.
 *
 * Both drivers read the VBIOS here with 32-bit loads before anything else.
 * The image is the device's generated VBIOS (firmware-stubs/vbios.c) or the
 * user's dump given with QEMU's romfile= property; the same bytes back the
 * PCI expansion ROM BAR. Past the image the flash reads as erased (0xff).
 *
 * The ROM shadow bit in config dword 0x50 (which nouveau clears around its
 * PROM reads) does not gate the window: the model's ROM is always readable.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "nova-gpu.h"
#include "nv-regs.h"
#include "trace.h"

/* The VBIOS bytes: the user's romfile once QEMU has loaded it, else ours. */
const uint8_t *nova_prom_image(NovaGpuState *s, size_t *len)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (pdev->has_rom && pdev->romfile && *pdev->romfile) {
        *len = memory_region_size(&pdev->rom);
        return memory_region_get_ram_ptr(&pdev->rom);
    }
    *len = s->vbios_len;
    return s->vbios;
}

static uint64_t prom_read(void *opaque, hwaddr off, unsigned size)
{
    NovaGpuState *s = opaque;
    size_t len;
    const uint8_t *rom = nova_prom_image(s, &len);
    uint64_t val = 0;
    unsigned i;

    for (i = 0; i < size; i++) {
        uint8_t b = off + i < len ? rom[off + i] : 0xff;

        val |= (uint64_t)b << (8 * i);
    }
    trace_nova_gpu_prom_read(off, size, val);
    return val;
}

static void prom_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    trace_nova_gpu_ub_ro_write("PROM", NV_PROM_DATA + off, "NV_PROM_DATA", val);
    qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: PROM: write of 0x%" PRIx64
                  " to VBIOS offset 0x%" HWADDR_PRIx " ignored (flash is "
                  "read-only)\n", val, off);
}

static const MemoryRegionOps prom_ops = {
    .read = prom_read,
    .write = prom_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

const NovaUnitInfo nova_unit_prom = {
    .name = "PROM",
    .base = NV_PROM_DATA,
    .size = NV_PROM_SIZE,
    .ops = &prom_ops,
};
