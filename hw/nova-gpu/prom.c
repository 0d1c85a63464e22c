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

/*
 * VBIOS faults change the bytes every copy the guest can read holds: the
 * image the PROM window serves and the ROM BAR (the same buffer with
 * romfile=). "vbios-corrupt" clears the 0x55AA signature of the first
 * image; "vbios-no-fwsec" marks the first image as the last one (in its
 * PCIR, and in its NPDE, which the drivers let override the PCIR), so the
 * FWSEC images after it are never found. The original bytes come back when
 * the fault is cleared or spent. They are applied lazily, at the next PROM
 * read, because QEMU loads a romfile only after realize.
 */
static int rom_copies(NovaGpuState *s, uint8_t *img[2], size_t len[2])
{
    PCIDevice *pdev = PCI_DEVICE(s);
    int n = 0;

    if (pdev->has_rom && pdev->romfile && *pdev->romfile) {
        img[n] = memory_region_get_ram_ptr(&pdev->rom);
        len[n++] = memory_region_size(&pdev->rom);
        return n;
    }
    if (s->vbios) {
        img[n] = s->vbios;
        len[n++] = s->vbios_len;
    }
    if (memory_region_is_ram(&s->rom_bar)) {
        img[n] = memory_region_get_ram_ptr(&s->rom_bar);
        len[n++] = MIN(s->vbios_len, memory_region_size(&s->rom_bar));
    }
    return n;
}

static void vbios_faults_apply(NovaGpuState *s)
{
    uint8_t *img[2];
    size_t len[2];
    int n = rom_copies(s, img, len), i;

    s->vbios_faults.dirty = false;
    for (i = 0; i < n; i++) {
        typeof(s->vbios_faults.copy[0]) *c = &s->vbios_faults.copy[i];

        if (c->saved) {         /* back to what the image had */
            img[i][0] = c->sig[0];
            img[i][1] = c->sig[1];
            if (c->pcir) {
                img[i][c->pcir + 0x15] = c->last;
            }
            if (c->npde) {
                img[i][c->npde + 0x0a] = c->npde_last;
            }
            c->saved = false;
        }
        if (len[i] < 0x1a || (!s->vbios_faults.corrupt.armed &&
                              !s->vbios_faults.no_fwsec.armed)) {
            continue;
        }
        c->saved = true;
        c->sig[0] = img[i][0];
        c->sig[1] = img[i][1];
        c->pcir = img[i][0x18] | img[i][0x19] << 8;
        c->npde = 0;
        if (c->pcir + 0x16 > len[i] || memcmp(img[i] + c->pcir, "PCIR", 4)) {
            c->pcir = 0;        /* no PCIR to mark: only the signature */
        } else {
            /* NPDE follows the PCIR structure, 16-byte aligned */
            uint32_t npde = (c->pcir + (img[i][c->pcir + 0x0a] |
                                        img[i][c->pcir + 0x0b] << 8) + 15) & ~15u;

            c->last = img[i][c->pcir + 0x15];
            if (npde + 0x0b <= len[i] && !memcmp(img[i] + npde, "NPDE", 4)) {
                c->npde = npde;
                c->npde_last = img[i][npde + 0x0a];
            }
        }
        if (s->vbios_faults.corrupt.armed) {
            img[i][0] = img[i][1] = 0;
        }
        if (s->vbios_faults.no_fwsec.armed && c->pcir) {
            img[i][c->pcir + 0x15] |= 0x80;     /* PCIR indicator: last image */
            if (c->npde) {
                img[i][c->npde + 0x0a] |= 0x80; /* NPDE flags: last image */
            }
        }
    }
}

void nova_prom_faults_changed(NovaGpuState *s)
{
    s->vbios_faults.dirty = true;
}

static uint64_t prom_read(void *opaque, hwaddr off, unsigned size)
{
    NovaGpuState *s = opaque;
    size_t len;
    const uint8_t *rom;
    uint64_t val = 0;
    bool spent = false;
    unsigned i;

    if (s->vbios_faults.dirty) {
        vbios_faults_apply(s);
    }
    if (off == 0) {
        /* a driver starting to read the image: that is when these fire */
        nova_fault_fire(&s->vbios_faults.corrupt);
        nova_fault_fire(&s->vbios_faults.no_fwsec);
        spent = s->vbios_faults.copy[0].saved && !s->vbios_faults.corrupt.armed &&
                !s->vbios_faults.no_fwsec.armed;
    }
    rom = nova_prom_image(s, &len);

    for (i = 0; i < size; i++) {
        uint8_t b = off + i < len ? rom[off + i] : 0xff;

        val |= (uint64_t)b << (8 * i);
    }
    trace_nova_gpu_prom_read(off, size, val);
    if (spent) {
        vbios_faults_apply(s);  /* a spent fault: the next read is whole again */
    }
    return val;
}

static void prom_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    trace_nova_gpu_ub_ro_write("PROM", NV_PROM_BASE + off, "NV_PROM", val);
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
    .base = NV_PROM_BASE,
    .size = NV_PROM_SIZE,
    .ops = &prom_ops,
};
