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
#include "migration/vmstate.h"
#include "nova-gpu.h"
#include "trace.h"

/* Names of the units at their BAR0 offsets, for traces of unmodelled ones. */
static const struct {
    hwaddr base;
    hwaddr size;
    const char *name;
} nova_bar0_map[] = {
#define NOVA_BAR0_MAP_ROW(unit, base, size, label) { base, size, label },
    NOVA_BAR0_UNITS(NOVA_BAR0_MAP_ROW)
#undef NOVA_BAR0_MAP_ROW
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

/*
 * The row of @u's table at @addr, and where its value is stored: *slot is
 * the index in u->regs, or -1 for a hooked row.
 */
static const NovaRegRow *unit_row(const NovaUnitInfo *info, hwaddr addr,
                                  int *slot)
{
    unsigned i, elem, next = 0;

    for (i = 0; i < info->nrows; i++) {
        const NovaRegRow *r = &info->rows[i];

        if (nova_reg_in_array(addr, r->addr, r->count, r->stride, &elem)) {
            *slot = r->hooked ? -1 : (int)(next + elem);
            return r;
        }
        if (!r->hooked) {
            next += r->count;
        }
    }
    return NULL;
}

static const char *unit_reg_name(const NovaUnitInfo *info, hwaddr addr)
{
    int slot;
    const NovaRegRow *r = unit_row(info, addr, &slot);
    const char *name = r ? r->name : NULL;

    if (!name && info->reg_name) {
        name = info->reg_name(addr);
    }
    return name ? name : "-";
}

static bool unit_read(NovaUnit *u, hwaddr addr, uint32_t *val)
{
    int slot;
    const NovaRegRow *r = unit_row(u->info, addr, &slot);

    if (r && slot >= 0) {
        *val = u->regs[slot];
        return true;
    }
    return u->info->read && u->info->read(u->s, addr, val);
}

static bool unit_write(NovaUnit *u, hwaddr addr, uint32_t val)
{
    int slot;
    const NovaRegRow *r = unit_row(u->info, addr, &slot);

    if (!r || slot < 0) {
        return u->info->write && u->info->write(u->s, addr, val);
    }
    if (r->ro == NV_READ_ONLY) {
        nova_ro_write(u->s, u->info->name, addr, r->name, val);
        return true;
    }
    u->regs[slot] = nova_reg_row_apply(r, u->regs[slot], val);
    if (u->info->post_write) {
        u->info->post_write(u->s, r, u->regs[slot]);
    }
    return true;
}

static uint64_t nova_unit_read(void *opaque, hwaddr off, unsigned size)
{
    NovaUnit *u = opaque;
    const NovaUnitInfo *info = u->info;
    hwaddr addr = info->base + off;
    hwaddr dword = addr & ~(hwaddr)3;
    uint32_t val = 0;

    if (!unit_read(u, dword, &val)) {
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
    if (!unit_write(u, addr, val)) {
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
    &nova_unit_uflush,
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
    &nova_unit_usermode,
    &nova_unit_pdisp,
    &nova_unit_udisp,
};

/* a table that does not fit regs[] is the model's bug, not the guest's */
static void unit_check_table(const NovaUnitInfo *info)
{
    unsigned i, stored = 0;

    for (i = 0; i < info->nrows; i++) {
        g_assert(info->rows[i].count >= 1 && info->rows[i].stride >= 4);
        stored += info->rows[i].hooked ? 0 : info->rows[i].count;
    }
    g_assert(stored <= NOVA_UNIT_MAX_REGS);
}

void nova_bar0_init(NovaGpuState *s)
{
    size_t i;

    QEMU_BUILD_BUG_ON(ARRAY_SIZE(nova_units) > NOVA_MAX_UNITS);

    memory_region_init(&s->bar0, OBJECT(s), "nova-gpu.bar0", NOVA_BAR0_SIZE);
    nova_time_init_io(s, &s->bar0_unassigned_io, &s->bar0_unassigned,
                      NOVA_TIME_BAR0, &nova_bar0_unassigned_ops, s,
                      "nova-gpu.bar0-unmodelled", NOVA_BAR0_SIZE);
    memory_region_add_subregion_overlap(&s->bar0, 0, &s->bar0_unassigned, -1);

    for (i = 0; i < ARRAY_SIZE(nova_units); i++) {
        const NovaUnitInfo *info = nova_units[i];
        NovaUnit *u = &s->units[i];
        g_autofree char *name = g_strdup_printf("nova-gpu.%s", info->name);

        u->s = s;
        u->info = info;
        unit_check_table(info);
        nova_time_init_io(s, &u->io, &u->mr, NOVA_TIME_BAR0,
                          info->ops ? info->ops : &nova_unit_ops,
                          info->ops ? (void *)s : (void *)u,
                          name, info->size);
        memory_region_add_subregion(&s->bar0, info->base, &u->mr);
    }
}

/*
 * Put @u's stored rows back to their table values (the read-only ones only,
 * when @ro_only) and apply the values the chip and properties fix.
 */
static void unit_fill(NovaGpuState *s, NovaUnit *u, bool ro_only)
{
    unsigned r, e, slot = 0;

    for (r = 0; r < u->info->nrows; r++) {
        const NovaRegRow *row = &u->info->rows[r];

        for (e = 0; !row->hooked && e < row->count; e++, slot++) {
            if (!ro_only || row->ro == NV_READ_ONLY) {
                u->regs[slot] = row->reset;
            }
        }
    }
    if (u->info->fixed) {
        u->info->fixed(s, u);
    }
}

void nova_bar0_reset(NovaGpuState *s)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(nova_units); i++) {
        NovaUnit *u = &s->units[i];

        memset(u->regs, 0, sizeof(u->regs));
        unit_fill(s, u, false);
        if (u->info->reset) {
            u->info->reset(s, u);
        }
    }
}

/*
 * A read-only register holds what the chip and the properties fix, never
 * what a migration stream says: the stream's values are replaced.
 */
void nova_bar0_post_load(NovaGpuState *s)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(nova_units); i++) {
        unit_fill(s, &s->units[i], true);
    }
}

static uint32_t *reg_slot(NovaGpuState *s, hwaddr addr)
{
    size_t i;
    int slot;

    for (i = 0; i < ARRAY_SIZE(nova_units); i++) {
        NovaUnit *u = &s->units[i];

        if (addr >= u->info->base && addr - u->info->base < u->info->size) {
            const NovaRegRow *r = unit_row(u->info, addr, &slot);

            /* only the model names stored registers here */
            g_assert(r && slot >= 0);
            return &u->regs[slot];
        }
    }
    g_assert_not_reached();
}

uint32_t nova_reg(NovaGpuState *s, hwaddr addr)
{
    return *reg_slot(s, addr);
}

void nova_reg_set(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    *reg_slot(s, addr) = val;
}

const VMStateDescription vmstate_nova_unit = {
    .name = "nova-gpu/unit",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, NovaUnit, NOVA_UNIT_MAX_REGS),
        VMSTATE_END_OF_LIST()
    },
};
