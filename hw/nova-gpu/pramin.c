/*
 * nova-gpu: PRAMIN (BAR0 0x700000), a 1 MiB window onto VRAM placed by
 * NV_PBUS_BAR0_WINDOW. Drivers use it to reach instance memory before BAR2
 * exists, and nouveau to read a VBIOS copy from VRAM.
 *
 * The window's base comes from the guest, so every access is checked against
 * the VRAM size; an access past the end reads 0 and writes nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "nova-gpu.h"
#include "trace.h"

/* The VRAM address of PRAMIN offset @off, or false if it is not in VRAM. */
static bool pramin_vram_addr(NovaGpuState *s, hwaddr off, unsigned size,
                             bool write, uint64_t *vaddr)
{
    uint32_t win = nova_reg(s, A_NV_PBUS_BAR0_WINDOW);
    uint64_t base = (uint64_t)NV_FIELD_EX32(win, NV_PBUS_BAR0_WINDOW, BASE) << 16;
    unsigned target = NV_FIELD_EX32(win, NV_PBUS_BAR0_WINDOW, TARGET);

    if (target != NV_PBUS_BAR0_WINDOW_TARGET_VID_MEM) {
        /* A window onto system memory: no driver uses it on these chips. */
        nova_unimp(s, "PRAMIN", NV_PRAMIN_BASE + off, write, 0, size);
        return false;
    }
    *vaddr = base + off;
    if (*vaddr >= s->vram_size || s->vram_size - *vaddr < size) {
        trace_nova_gpu_ub_pramin_oob(*vaddr, size, s->vram_size);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: PRAMIN access at VRAM "
                      "0x%" PRIx64 " (size %u) is past the end of VRAM "
                      "(0x%" PRIx64 ")\n", *vaddr, size, s->vram_size);
        return false;
    }
    return true;
}

static uint64_t pramin_read(void *opaque, hwaddr off, unsigned size)
{
    NovaGpuState *s = opaque;
    uint8_t *vram = memory_region_get_ram_ptr(&s->vram);
    uint64_t vaddr, val;

    if (!pramin_vram_addr(s, off, size, false, &vaddr)) {
        return 0;
    }
    val = ldn_le_p(vram + vaddr, size);
    trace_nova_gpu_pramin_read(vaddr, size, val);
    return val;
}

static void pramin_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    NovaGpuState *s = opaque;
    uint8_t *vram = memory_region_get_ram_ptr(&s->vram);
    uint64_t vaddr;

    if (!pramin_vram_addr(s, off, size, true, &vaddr)) {
        return;
    }
    trace_nova_gpu_pramin_write(vaddr, size, val);
    stn_le_p(vram + vaddr, size, val);
    nova_vram_written(s, vaddr, size);
}

static const MemoryRegionOps pramin_ops = {
    .read = pramin_read,
    .write = pramin_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

const NovaUnitInfo nova_unit_pramin = {
    .name = "PRAMIN",
    .base = NV_PRAMIN_BASE,
    .size = NV_PRAMIN_SIZE,
    .ops = &pramin_ops,
};
