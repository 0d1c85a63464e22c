/*
 * nova-gpu: BAR0 dispatch.
 *
 * BAR0 is a container. Each modelled NVIDIA unit is a subregion at its real
 * offset; below them all, at lower priority, one region catches every access
 * no unit claims. Accesses are traced with the unit's name and, where the
 * unit knows it, the register's NVIDIA name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/units.h"
#include "nova-gpu.h"
#include "trace.h"

/* Names of the units at their BAR0 offsets, for traces of unmodelled ones. */
static const struct {
    hwaddr base;
    hwaddr size;
    const char *name;
} nova_bar0_map[] = {
    { 0x000000, 0x001000, "PMC" },
    { 0x001000, 0x001000, "PBUS" },
    { 0x002000, 0x002000, "PFIFO" },
    { 0x009000, 0x001000, "PTIMER" },
    { 0x00e000, 0x001000, "PNVIO" },
    { 0x020000, 0x001000, "PTHERM" },
    { 0x021000, 0x001000, "FUSE" },
    { 0x022000, 0x001000, "PTOP" },
    { 0x088000, 0x001000, "PCFG" },
    { 0x100000, 0x001000, "PFB" },
    { 0x101000, 0x001000, "PEXTDEV" },
    { 0x110000, 0x001000, "PGSP" },
    { 0x111000, 0x001000, "PGSP_RISCV" },
    { 0x118000, 0x001000, "PGC6" },
    { 0x120000, 0x020000, "PPRIV" },
    { 0x140000, 0x040000, "PFB_FBPA" },
    { 0x1fa000, 0x001000, "PFB_PRI_MMU" },
    { 0x300000, 0x100000, "PROM" },
    { 0x400000, 0x200000, "PGRAPH" },
    { 0x601000, 0x001000, "PRMCIO" },
    { 0x610000, 0x080000, "PDISP" },
    { 0x700000, 0x100000, "PRAMIN" },
    { 0x820000, 0x001000, "FUSE" },
    { 0x824000, 0x001000, "FUSE_FPF" },
    { 0x840000, 0x001000, "PSEC" },
    { 0x841000, 0x001000, "PSEC_RISCV" },
    { 0xb80000, 0x010000, "VIRTUAL_FUNCTION" },
    { 0xbb0000, 0x010000, "USERMODE" },
};

const char *nova_bar0_unit_name(hwaddr addr)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(nova_bar0_map); i++) {
        if (addr >= nova_bar0_map[i].base &&
            addr - nova_bar0_map[i].base < nova_bar0_map[i].size) {
            return nova_bar0_map[i].name;
        }
    }
    return "unknown";
}

void nova_unimp(NovaGpuState *s, const char *unit, hwaddr addr, bool write,
                uint64_t val, unsigned size)
{
    if (write) {
        trace_nova_gpu_unimp_write(unit, addr, size, val);
        qemu_log_mask(LOG_UNIMP, "nova-gpu: %s: write of 0x%" PRIx64
                      " (size %u) to unmodelled BAR0 offset 0x%06" HWADDR_PRIx
                      " ignored\n", unit, val, size, addr);
    } else {
        trace_nova_gpu_unimp_read(unit, addr, size);
        qemu_log_mask(LOG_UNIMP, "nova-gpu: %s: read (size %u) of unmodelled"
                      " BAR0 offset 0x%06" HWADDR_PRIx " returns 0\n",
                      unit, size, addr);
    }
}

void nova_ro_write(NovaGpuState *s, const char *unit, hwaddr addr,
                   const char *reg, uint32_t val)
{
    trace_nova_gpu_ub_ro_write(unit, addr, reg, val);
    qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: %s: write of 0x%08x to "
                  "read-only %s (0x%06" HWADDR_PRIx ") ignored\n",
                  unit, val, reg, addr);
}

static const char *unit_reg_name(const NovaUnitInfo *info, hwaddr addr)
{
    const char *name = info->reg_name ? info->reg_name(addr) : NULL;

    return name ? name : "-";
}

static uint64_t nova_unit_read(void *opaque, hwaddr off, unsigned size)
{
    NovaUnit *u = opaque;
    const NovaUnitInfo *info = u->info;
    hwaddr addr = info->base + off;
    hwaddr dword = addr & ~(hwaddr)3;
    uint32_t val = 0;

    if (!info->read(u->s, dword, &val)) {
        nova_unimp(u->s, info->name, addr, false, 0, size);
        return 0;
    }
    if (trace_event_get_state_backends(TRACE_NOVA_GPU_REG_READ)) {
        trace_nova_gpu_reg_read(info->name, addr, unit_reg_name(info, dword),
                                size, val);
    }
    /* Narrow reads take their bytes from the dword, little-endian. */
    return extract32(val, (addr & 3) * 8, size * 8);
}

static void nova_unit_write(void *opaque, hwaddr off, uint64_t val,
                            unsigned size)
{
    NovaUnit *u = opaque;
    const NovaUnitInfo *info = u->info;
    hwaddr addr = info->base + off;

    if (size != 4 || (addr & 3)) {
        /*
         * Every register of these units is a dword; a narrow write would
         * have to invent the other bytes, and a read-modify-write would
         * clear write-1-to-clear bits the guest never named.
         */
        trace_nova_gpu_ub_narrow_write(info->name, addr, size, val);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: %s: %u-byte write to "
                      "0x%06" HWADDR_PRIx " ignored (registers are 32-bit)\n",
                      info->name, size, addr);
        return;
    }
    if (trace_event_get_state_backends(TRACE_NOVA_GPU_REG_WRITE)) {
        trace_nova_gpu_reg_write(info->name, addr, unit_reg_name(info, addr),
                                 size, val);
    }
    if (!info->write(u->s, addr, val)) {
        nova_unimp(u->s, info->name, addr, true, val, size);
    }
}

static const MemoryRegionOps nova_unit_ops = {
    .read = nova_unit_read,
    .write = nova_unit_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Everything in BAR0 that no unit claims. */
static uint64_t nova_bar0_unassigned_read(void *opaque, hwaddr addr,
                                          unsigned size)
{
    nova_unimp(opaque, nova_bar0_unit_name(addr), addr, false, 0, size);
    return 0;
}

static void nova_bar0_unassigned_write(void *opaque, hwaddr addr,
                                       uint64_t val, unsigned size)
{
    nova_unimp(opaque, nova_bar0_unit_name(addr), addr, true, val, size);
}

static const MemoryRegionOps nova_bar0_unassigned_ops = {
    .read = nova_bar0_unassigned_read,
    .write = nova_bar0_unassigned_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static const NovaUnitInfo *const nova_units[] = {
    &nova_unit_pmc,
    &nova_unit_pbus,
    &nova_unit_ptimer,
    &nova_unit_fuse_gm107,
    &nova_unit_pci_mirror,
    &nova_unit_pfb,
    &nova_unit_pextdev,
    &nova_unit_gsp_falcon,
    &nova_unit_pgc6,
    &nova_unit_pfb_pri_mmu_wpr,
    &nova_unit_prmcio,
    &nova_unit_pdisp_vga,
    &nova_unit_prom,
    &nova_unit_pramin,
    &nova_unit_fuse_ga100,
    &nova_unit_fuse_fpf,
    &nova_unit_sec2_falcon,
    &nova_unit_vfn,
};

void nova_bar0_init(NovaGpuState *s)
{
    size_t i;

    QEMU_BUILD_BUG_ON(ARRAY_SIZE(nova_units) > NOVA_MAX_UNITS);

    memory_region_init(&s->bar0, OBJECT(s), "nova-gpu.bar0", NOVA_BAR0_SIZE);
    memory_region_init_io(&s->bar0_unassigned, OBJECT(s),
                          &nova_bar0_unassigned_ops, s,
                          "nova-gpu.bar0-unmodelled", NOVA_BAR0_SIZE);
    memory_region_add_subregion_overlap(&s->bar0, 0, &s->bar0_unassigned, -1);

    for (i = 0; i < ARRAY_SIZE(nova_units); i++) {
        const NovaUnitInfo *info = nova_units[i];
        NovaUnit *u = &s->units[i];
        g_autofree char *name = g_strdup_printf("nova-gpu.%s", info->name);

        u->s = s;
        u->info = info;
        memory_region_init_io(&u->mr, OBJECT(s),
                              info->ops ? info->ops : &nova_unit_ops,
                              info->ops ? (void *)s : (void *)u,
                              name, info->size);
        memory_region_add_subregion(&s->bar0, info->base, &u->mr);
    }
}
